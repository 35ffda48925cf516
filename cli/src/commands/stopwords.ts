import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { mergeStopwordLists, normalizeText } from '@yuqing/analyzer'
import { InputError, loadConfig } from '@yuqing/core'

/**
 * Merges stop-word lists into one file of the dictionary folder (`dict/merged.stop.txt` by
 * default), where the analyzer reads it at start and a running `yuqing start` picks it up at once.
 */
export async function stopwords(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' } } })
  if (positionals.length === 0) throw new InputError('name one or more stop-word lists (one word per line)', { where: 'FILE' })
  const out = path.resolve(values.out ?? path.join(loadConfig({}).dictDir, 'merged.stop.txt'))
  if (!out.endsWith('.stop.txt')) throw new InputError(`the analyzer reads stop-word lists only from *.stop.txt files, got "${out}"`, { where: '--out' })
  const merged = mergeStopwordLists(positionals, normalizeText)
  mkdirSync(path.dirname(out), { recursive: true })
  const header = `# Merged by \`yuqing stopwords\` from: ${positionals.map((f) => path.basename(f)).join(', ')}\n`
  writeFileSync(out, `${header}${merged.words.join('\n')}\n`)
  for (const { file, entries, added } of merged.files) process.stdout.write(`${file}: ${entries} entries, ${added} new\n`)
  process.stdout.write(`${merged.words.length} stop words → ${out}\n`)
}
