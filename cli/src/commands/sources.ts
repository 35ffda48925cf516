import path from 'node:path'
import { parseArgs } from 'node:util'
import { createLogger, InputError, loadConfig } from '@yuqing/core'
import { goingWrong, withStall } from '@yuqing/store'
import { checkSource, loadSourceFile, type SourceCheck } from '@yuqing/crawler'
import { openConfiguredRuntime } from '../runtime.ts'
import { catalog } from './catalog.ts'

/** How much of a long value (a post body) the check shows. */
const SHOWN_CHARS = 160

/**
 * `sources check FILE`: reads one list page and one post page (or a feed, or an API page) the way
 * the crawler would and shows what each selector extracted, so a wrong one is fixed in seconds.
 * Exits 2 when the definition is broken or a required field comes out empty.
 */
export async function sources(argv: string[]): Promise<void | number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false }, data: { type: 'string' } } })
  const [action, file, ...extra] = positionals
  if (action === 'status' && !file) return status(values.data, values.json)
  if (action !== 'check' || !file || extra.length > 0) throw new InputError(`expected "${catalog.sources.usage}"`, { where: 'arguments' })
  const config = loadConfig({})
  const source = loadSourceFile(path.resolve(file))
  process.stdout.write(`${file}: ${source.kind} source "${source.id}" (${source.name})\n`)
  const check = await checkSource(source, {
    timezone: config.timezone,
    logger: createLogger({ level: 'warn' }),
    fetch: { allowPrivateNetwork: config.allowPrivateNetworks },
  })
  process.stdout.write(formatCheck(check))
  if (check.problems.length > 0) throw new InputError(`${check.problems.length} problem(s):\n  ${check.problems.join('\n  ')}`, { where: file })
  process.stdout.write('every required field was found\n')
}

function formatCheck(check: SourceCheck): string {
  const lines: string[] = []
  for (const page of check.pages) {
    lines.push('', `${page.what}: ${page.url}`)
    for (const field of page.fields) {
      const label = field.selector ? `${field.field}  [${field.selector}]` : field.field
      if (field.values.length === 0) lines.push(`  ${label}: (nothing)`)
      else if (field.values.length === 1) lines.push(`  ${label}: ${shorten(field.values[0] ?? '')}`)
      else lines.push(`  ${label}:`, ...field.values.map((v) => `    ${shorten(v)}`))
    }
  }
  return `${lines.join('\n')}\n\n`
}

function shorten(value: string): string {
  const flat = value.replace(/\n/g, ' ⏎ ')
  return flat.length > SHOWN_CHARS ? `${flat.slice(0, SHOWN_CHARS)}…` : flat
}

/**
 * `sources status`: each source's latest crawl as the store keeps it (the dashboard's 来源), from
 * the running deployment's store. Exits 1 when a source's latest crawl went wrong or it stalled, so
 * a cron job or a monitor can watch it.
 */
async function status(dataDir: string | undefined, json: boolean): Promise<number> {
  const config = loadConfig({ dataDir })
  const runtime = await openConfiguredRuntime(config)
  try {
    const now = new Date()
    const all = (await runtime.store.sources.list()).map((h) => withStall(h, now))
    const troubled = all.filter((h) => goingWrong(h, now))
    if (json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`)
    else if (all.length === 0) process.stdout.write('no source has been crawled yet\n')
    else {
      for (const h of all) {
        const state = h.stalledSince ? `stalled since ${h.stalledSince}` : h.badRuns > 1 ? `${h.last.status} ×${h.badRuns}` : h.last.status
        const found = `${h.last.queued} new, ${h.last.known} known, ${h.last.failures} failed`
        process.stdout.write(`${h.source.padEnd(24)} ${state.padEnd(28)} ${h.last.finishedAt}  ${found}${h.last.problem ? `\n  ${h.last.problem}` : ''}\n`)
      }
      process.stdout.write(`${all.length} source(s), ${troubled.length} going wrong\n`)
    }
    return troubled.length > 0 ? 1 : 0
  } finally {
    await runtime.close()
  }
}
