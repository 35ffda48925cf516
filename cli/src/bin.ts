#!/usr/bin/env node
import { CriticalError, describeConfig, InputError, invocationDir, messageOf } from '@yuqing/core'
import { analyze, usage as analyzeUsage } from './commands/analyze.ts'
import { hotwords, usage as hotwordsUsage } from './commands/hotwords.ts'
import { ingest, usage as ingestUsage } from './commands/ingest.ts'
import { rules, usage as rulesUsage } from './commands/rules.ts'
import { run, usage as runUsage } from './commands/run.ts'
import { sources, usage as sourcesUsage } from './commands/sources.ts'
import { start, usage as startUsage } from './commands/start.ts'
import { stopwords, usage as stopwordsUsage } from './commands/stopwords.ts'
import { trends, usage as trendsUsage } from './commands/trends.ts'
import { users, usage as usersUsage } from './commands/users.ts'

/** A command resolves when done; a number is its exit code (a check that found problems), else 0. */
const commands: Record<string, (argv: string[]) => Promise<void | number>> = { start, run, ingest, hotwords, trends, analyze, stopwords, rules, sources, users }

const help = `yuqing — public-opinion monitoring (舆情)

Commands:
  ${startUsage}
      Runs every role in one process and serves the dashboard.
  ${runUsage}
      Runs one role in its own process (scaled out: the queue on Redis through REDIS_URL).
  ${ingestUsage}
      Analyses and stores JSON lines ({content|text, id?, title?, publishedAt?|day?, url?, source?}).
  ${hotwordsUsage}
      Prints the day's hot-word board.
  ${trendsUsage}
      Prints terms rising above their baseline (the same window on the 7 days before).
  ${analyzeUsage}
      Prints one JSON line per input line: {id, tokens, keywords, sentiment, simhash, masked}; stores nothing.
  ${stopwordsUsage}
      Merges stop-word lists into the dictionary folder (default dict/merged.stop.txt).
  ${usersUsage}
      Adds a user (password prompted, or the first line of stdin) or lists them.
  ${sourcesUsage}
      Reads one list page and one post page of a source definition and shows what each selector extracted.
  ${rulesUsage}
      Checks alert rules: each loads, its tests pass, and what it would have fired on the stored posts.

Configuration: flags > environment > defaults. Environment variables:
${describeConfig()
  .map(({ field, env }) => `  ${env.padEnd(31)} ${field}`)
  .join('\n')}`

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${help}\n`)
    return 0
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`yuqing: unknown command "${name}"\n\n${help}\n`)
    return 2
  }
  try {
    return (await command(rest)) ?? 0
  } catch (error) {
    // Bad input and argument errors say what and where; anything else is a bug worth a stack.
    if (error instanceof InputError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`yuqing ${name}: ${messageOf(error)}\n`)
      return 2
    }
    if (error instanceof CriticalError) {
      process.stderr.write(`yuqing ${name}: ${messageOf(error)}${error.cause ? ` (${messageOf(error.cause)})` : ''}\n`)
      return 1
    }
    throw error
  }
}

process.chdir(invocationDir())
const code = await main(process.argv.slice(2))
if (code !== 0 || process.argv[2] !== 'start') process.exitCode = code
