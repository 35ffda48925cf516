import path from 'node:path'
import { parseArgs } from 'node:util'
import { createLogger, InputError, loadConfig } from '@yuqing/core'
import { checkSource, loadSourceFile, type SourceCheck } from '@yuqing/crawler'
import { catalog } from './catalog.ts'

/** How much of a long value (a post body) the check shows. */
const SHOWN_CHARS = 160

/**
 * `sources check FILE`: reads one list page and one post page (or a feed, or an API page) the way
 * the crawler would and shows what each selector extracted, so a wrong one is fixed in seconds.
 * Exits 2 when the definition is broken or a required field comes out empty.
 */
export async function sources(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} })
  const [action, file, ...extra] = positionals
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
