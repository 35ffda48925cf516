import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { createAnalyzer } from '@yuqing/analyzer'
import { loadConfig } from '@yuqing/core'
import { parseIngestLine } from '../ingest-line.ts'

/**
 * Analyses JSON lines from stdin and prints one JSON line per post, in input order; stores nothing.
 * A bad line prints `{line, error}` in its place, so outputs stay aligned with inputs.
 */
export async function analyze(argv: string[]): Promise<void> {
  parseArgs({ args: argv, options: { json: { type: 'boolean', default: true } } })
  const config = loadConfig()
  const analyzer = createAnalyzer({ timezone: config.timezone, dictionaryDir: config.dictDir })
  const now = new Date().toISOString()
  let line = 0
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    line++
    if (text.trim() === '') continue
    const parsed = parseIngestLine(text, now, 'stdin')
    if ('error' in parsed) {
      process.stdout.write(`${JSON.stringify({ line, error: parsed.error })}\n`)
      process.stderr.write(`stdin:${line}: ${parsed.error}\n`)
      continue
    }
    const post = analyzer.analyze(parsed.post)
    const out = {
      id: parsed.givenId ?? post.id,
      tokens: post.tokens,
      keywords: post.keywords,
      sentiment: { label: post.sentiment.label, score: post.sentiment.score },
      simhash: post.simhash,
      masked: post.text,
    }
    if (!process.stdout.write(`${JSON.stringify(out)}\n`)) await new Promise((r) => process.stdout.once('drain', r))
  }
}
