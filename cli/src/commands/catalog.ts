/**
 * The commands of `yuqing`: how each is called, what it is for, and where it lives. A command's
 * module is loaded only when it runs: `yuqing analyze` does not load the crawler's browser driver
 * or the dashboard's server, and `yuqing --help` loads no command at all.
 */
/** A command resolves when done; a number is its exit code (a check that found problems), else 0. */
export type Command = (argv: string[]) => Promise<void | number>

interface Entry {
  usage: string
  summary: string
  load: () => Promise<Command>
}

export const catalog = {
  start: {
    usage: 'yuqing start [--port N] [--host ADDR] [--data DIR] [--sources DIR] [--no-demo]',
    summary: 'Runs every role in one process and serves the dashboard.',
    load: async () => (await import('./start.ts')).start,
  },
  run: {
    usage: 'yuqing run crawl|analyze|notify|api [--data DIR] [--sources DIR] [--port N] [--host ADDR]',
    summary: 'Runs one role in its own process (scaled out: the queue on Redis through REDIS_URL).',
    load: async () => (await import('./run.ts')).run,
  },
  ingest: {
    usage: 'yuqing ingest --file posts.jsonl[.gz] [--source NAME] [--data DIR] [--json]',
    summary: 'Analyses and stores JSON lines ({content|text, id?, title?, publishedAt?|day?, url?, source?}).',
    load: async () => (await import('./ingest.ts')).ingest,
  },
  hotwords: {
    usage: 'yuqing hotwords [--day YYYY-MM-DD] [--top N] [--json] [--data DIR]',
    summary: "Prints the day's hot-word board.",
    load: async () => (await import('./hotwords.ts')).hotwords,
  },
  trends: {
    usage: 'yuqing trends (--day YYYY-MM-DD | --at ISO --window 1h|1d) [--top N] [--json] [--data DIR]',
    summary: 'Prints terms rising above their baseline (the same window on the 7 days before).',
    load: async () => (await import('./trends.ts')).trends,
  },
  analyze: {
    usage: 'yuqing analyze [--json] < posts.jsonl',
    summary: 'Prints one JSON line per input line: {id, tokens, keywords, sentiment, simhash, masked}; stores nothing.',
    load: async () => (await import('./analyze.ts')).analyze,
  },
  stopwords: {
    usage: 'yuqing stopwords FILE... [--out FILE]',
    summary: 'Merges stop-word lists into the dictionary folder (default dict/merged.stop.txt).',
    load: async () => (await import('./stopwords.ts')).stopwords,
  },
  users: {
    usage: 'yuqing users add NAME --role admin|analyst|handler|viewer [--data DIR] | users list [--json] [--data DIR]',
    summary: 'Adds a user (password prompted, or the first line of stdin) or lists them.',
    load: async () => (await import('./users.ts')).users,
  },
  sources: {
    usage: 'yuqing sources check FILE  |  yuqing sources status [--json] [--data DIR]',
    summary: 'check: reads one list page and one post page of a definition, shows what each selector extracted; status: each source’s latest crawl (exit 1 when one goes wrong).',
    load: async () => (await import('./sources.ts')).sources,
  },
  rules: {
    usage: 'yuqing rules test FILE|DIR [--since 30d] [--data DIR] [--json]  |  yuqing rules list [DIR]',
    summary: 'Checks alert rules: each loads, its tests pass, and what it would have fired on the stored posts.',
    load: async () => (await import('./rules.ts')).rules,
  },
} satisfies Record<string, Entry>

export type CommandName = keyof typeof catalog

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(catalog, name)
}
