import { createReadStream, statSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { createGunzip } from 'node:zlib'
import { createLogger, InputError, loadConfig, type AnalyzedPost, type RawPost } from '@yuqing/core'
import type { SaveResult } from '@yuqing/store'
import { rawPostFromLine } from '../ingest-line.ts'
import { createProgress } from '../progress.ts'
import { openAlertEngine } from '../alerts/alerting.ts'
import { openRuntime, storeAnalyzed } from '../runtime.ts'
import { startAnalyzerWorker } from '../worker-analyzer.ts'

export interface IngestReport {
  file: string
  read: number
  stored: number
  /** Of the stored posts, near-duplicates of an earlier post (folded: linked, not counted as mentions). */
  folded: number
  /** Lines whose post was stored already (same id): nothing written twice. */
  duplicates: number
  /** Lines that could not be read, by line number. */
  skipped: { line: number; reason: string }[]
}

/**
 * Posts a batch: analysed together on the worker thread, stored in one transaction. SQLite's cost
 * per post falls with the batch (its full-text index writes a segment per commit, and the term
 * tallies are summed over the batch first), while the memory held rises: 50,000 Weibo posts took
 * 12.6 s at 873 MB peak in batches of 500, 11.4 s at 1.0 GB in batches of 1,000, 10.9 s at 1.1 GB
 * in batches of 2,000 (Node 20, startup included). A file is not waited on: latency does not count.
 */
export const INGEST_BATCH = 1_000
/** Batches being analysed while an earlier one is stored: enough to keep both threads busy. */
const IN_FLIGHT = 2

/** Where ingested posts go: analysis (on another thread) and storage (on this one). */
export interface IngestSink {
  analyze(posts: readonly RawPost[]): Promise<AnalyzedPost[]>
  save(posts: readonly AnalyzedPost[]): Promise<SaveResult>
}

export async function ingest(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string', short: 'f' },
      source: { type: 'string', default: 'import' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (!values.file) throw new InputError('which file? e.g. yuqing ingest --file posts.jsonl', { where: '--file' })
  const config = loadConfig({ dataDir: values.data })
  const runtime = openRuntime(config)
  // Rule hits are recorded as posts are stored; match rules queue their alerts for the running `yuqing start` to deliver.
  runtime.engine = await openAlertEngine(config, runtime.store, createLogger({ level: config.logLevel }))
  // Analysis on a second thread, SQLite on this one: both cores work.
  const worker = startAnalyzerWorker({ timezone: config.timezone, dictionaryDir: config.dictDir })
  try {
    const report = await ingestFile({ analyze: (posts) => worker.analyze(posts), save: (posts) => storeAnalyzed(runtime, posts) }, values.file, values.source)
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`)
  } finally {
    await worker.close()
    await runtime.close()
  }
}

/**
 * Reads a JSON-lines file (gzip or not) into the sink in batches. Batches are stored in file
 * order, so near-duplicates fold into the same originals however the work overlaps.
 */
export async function ingestFile(sink: IngestSink, file: string, source: string, batchSize = INGEST_BATCH): Promise<IngestReport> {
  const size = fileSize(file)
  const report: IngestReport = { file, read: 0, stored: 0, folded: 0, duplicates: 0, skipped: [] }
  const started = Date.now()
  const progress = createProgress(() => {
    const rate = Math.round(report.read / Math.max(0.001, (Date.now() - started) / 1000))
    return `ingest ${path.basename(file)}: ${report.read} lines read, ${report.stored} stored, ${report.skipped.length} skipped (${rate}/s, ${Math.round((bytes / size) * 100)}%)`
  })
  let bytes = 0
  const raw = createReadStream(file)
  raw.on('data', (chunk) => {
    bytes += chunk.length
  })
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  const now = new Date().toISOString()
  let batch: RawPost[] = []
  const analysing: Promise<AnalyzedPost[]>[] = []
  const storeOldest = async () => {
    const analysed = analysing.shift()
    if (!analysed) return
    const result = await sink.save(await analysed)
    report.stored += result.stored
    report.folded += result.folded
    report.duplicates += result.duplicates
    progress.tick()
  }
  const flush = async () => {
    const posts = batch
    batch = []
    const analysed = sink.analyze(posts)
    // A batch that fails is reported when its turn to be stored comes, not as an unhandled rejection.
    analysed.catch(() => undefined)
    analysing.push(analysed)
    if (analysing.length >= IN_FLIGHT) await storeOldest()
  }
  let line = 0
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++
    if (text.trim() === '') continue
    report.read++
    const post = rawPostFromLine(text, now, source)
    if ('error' in post) report.skipped.push({ line, reason: post.error })
    else batch.push(post)
    if (batch.length >= batchSize) await flush()
  }
  if (batch.length > 0) await flush()
  while (analysing.length > 0) await storeOldest()
  progress.done()
  return report
}

function fileSize(file: string): number {
  try {
    return statSync(file).size || 1
  } catch (error) {
    throw new InputError('cannot read the file', { where: file, cause: error })
  }
}

export function formatReport(report: IngestReport): string {
  const lines = [
    `${report.file}: ${report.read} read, ${report.stored} stored (${report.folded} of them near-duplicates, folded), ${report.duplicates} already stored, ${report.skipped.length} skipped`,
  ]
  for (const { line, reason } of report.skipped.slice(0, SHOWN_SKIPS)) lines.push(`  ${report.file}:${line}: skipped: ${reason}`)
  if (report.skipped.length > SHOWN_SKIPS) {
    lines.push(`  … and ${report.skipped.length - SHOWN_SKIPS} more skipped lines (use --json for all); all skipped lines by reason:`)
    for (const [reason, n] of tallyReasons(report.skipped.map((s) => s.reason))) lines.push(`    ${n} × ${reason}`)
  }
  return lines.join('\n')
}

/** Skipped lines listed one by one; past these, they are counted by reason. */
const SHOWN_SKIPS = 20

/**
 * Skip reasons counted by kind, most first: a reason without its particulars (numbers, a parser's
 * parenthesis), so that like reasons add up.
 */
export function tallyReasons(reasons: Iterable<string>): [string, number][] {
  const tally = new Map<string, number>()
  for (const reason of reasons) {
    const kind = reason.replace(/ \(.*\)$/, '').replace(/\d+/g, 'N')
    tally.set(kind, (tally.get(kind) ?? 0) + 1)
  }
  return [...tally].sort((a, b) => b[1] - a[1])
}
