/**
 * `pnpm bench`: ingest throughput on real posts against raw segmentation of the same posts,
 * measured in the same run, plus latency percentiles and peak RSS. Reads the posts of the first 50,000 lines
 * of ../shared/data/weibo-stream-2020/posts-dev.jsonl.gz (beside the project, not shipped with it).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig, type RawPost } from '@yuqing/core'
import { createAnalyzer } from '@yuqing/analyzer'
import { analyzeAndStore, INGEST_BATCH, ingestFile, openRuntime, rawPostFromLine, startAnalyzerWorker, tallyReasons } from '@yuqing/cli'
import { benchAlerts } from './alerts.ts'
import { benchPipeline } from './pipeline.ts'
import { readGzipLines } from './read-lines.ts'

const LIMIT = 50_000
/** Posts a turn when segmentation and the analyzer alternate. */
const RATIO_CHUNK = 1_000
/** As `yuqing ingest` batches a file. */
const BATCH = INGEST_BATCH
const root = fileURLToPath(new URL('../..', import.meta.url))
const streamFile = path.resolve(root, '../shared/data/weibo-stream-2020/posts-dev.jsonl.gz')

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
const mb = (bytes: number) => bytes / 1024 / 1024
const peakRssMb = () => process.resourceUsage().maxRSS / 1024

async function main(): Promise<void> {
  if (!existsSync(streamFile)) {
    console.log(`bench: ${streamFile} is absent (the shared data sets sit beside the project only on development machines); nothing measured.`)
    return
  }
  const now = new Date().toISOString()
  const posts: RawPost[] = []
  const lines: string[] = []
  const skipped: string[] = []
  for await (const line of readGzipLines(streamFile, LIMIT)) {
    lines.push(line)
    const post = rawPostFromLine(line, now, 'weibo-stream')
    if ('error' in post) skipped.push(post.error)
    else posts.push(post)
  }
  const bytes = posts.reduce((n, p) => n + Buffer.byteLength(p.content), 0)
  console.log(`bench: ${posts.length} posts (${mb(bytes).toFixed(1)} MB of text) from the first ${lines.length} lines of ${path.relative(root, streamFile)}`)
  // Skipped as `yuqing ingest` skips them.
  for (const [reason, n] of tallyReasons(skipped)) console.log(`  ${n} lines skipped: ${reason}`)

  const dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-bench-'))
  const runtime = openRuntime(loadConfig({ dataDir, demo: false }, {}))
  try {
    // Baseline: jieba segmentation alone (HMM on), the floor under any analysis of the same text.
    // Against it, the analyzer alone (everything on: normalisation, masking, phrases, sentiment,
    // SimHash), a fresh one over the same posts in the same order. The two take turns, a chunk of
    // posts each, so that a burst of load from elsewhere on the machine slows both alike instead of
    // skewing their ratio; the median of the chunks' ratios is shown beside the overall one.
    // The analyzer runs twice, each a fresh one, in alternating order: one post at a time (as the
    // analyze role takes posts as they come), and a chunk at a time (`analyzeBatch`, as
    // `yuqing ingest` runs it).
    runtime.analyzer.cut(posts[0]?.content ?? '')
    const alone = createAnalyzer({ timezone: runtime.config.timezone })
    const batched = createAnalyzer({ timezone: runtime.config.timezone })
    const analyzeMs: number[] = []
    const chunkRatios: number[] = []
    const batchRatios: number[] = []
    let segMs = 0
    let batchMs = 0
    for (let i = 0; i < posts.length; i += RATIO_CHUNK) {
      const chunk = posts.slice(i, i + RATIO_CHUNK)
      const segStart = performance.now()
      for (const post of chunk) runtime.analyzer.cut(post.content)
      const chunkSegMs = performance.now() - segStart
      let chunkAnalyzeMs = 0
      const oneByOne = () => {
        for (const post of chunk) {
          const t = performance.now()
          alone.analyze(post)
          const ms = performance.now() - t
          analyzeMs.push(ms)
          chunkAnalyzeMs += ms
        }
      }
      let chunkBatchMs = 0
      const inBatch = () => {
        const t = performance.now()
        batched.analyzeBatch(chunk)
        chunkBatchMs = performance.now() - t
      }
      if ((i / RATIO_CHUNK) % 2 === 0) {
        oneByOne()
        inBatch()
      } else {
        inBatch()
        oneByOne()
      }
      segMs += chunkSegMs
      batchMs += chunkBatchMs
      chunkRatios.push(chunkSegMs / chunkAnalyzeMs)
      batchRatios.push(chunkSegMs / chunkBatchMs)
    }
    const segSeconds = segMs / 1000
    chunkRatios.sort((a, b) => a - b)
    batchRatios.sort((a, b) => a - b)

    // Ingest: analyse and store in batches, as `yuqing ingest` does.
    const storeMs: number[] = []
    let folded = 0
    const ingestStart = performance.now()
    for (let i = 0; i < posts.length; i += BATCH) {
      const batch = posts.slice(i, i + BATCH)
      const analyzed = runtime.analyzer.analyzeBatch(batch)
      const t = performance.now()
      folded += (await runtime.store.savePosts(analyzed)).folded
      storeMs.push(performance.now() - t)
    }
    const ingestSeconds = (performance.now() - ingestStart) / 1000

    // The same posts again: every one is known, nothing is written (the idempotent path).
    const againStart = performance.now()
    let stored = 0
    for (let i = 0; i < posts.length; i += BATCH) stored += (await analyzeAndStore(runtime, posts.slice(i, i + BATCH))).stored
    const againSeconds = (performance.now() - againStart) / 1000

    // As `yuqing ingest` runs: the file read in batches, analysis on a worker thread overlapping SQLite writes.
    const threadedDir = mkdtempSync(path.join(tmpdir(), 'yuqing-bench-threaded-'))
    const threaded = openRuntime(loadConfig({ dataDir: threadedDir, demo: false }, {}))
    const file = path.join(threadedDir, 'posts.jsonl')
    writeFileSync(file, lines.join('\n'))
    const worker = startAnalyzerWorker({ timezone: threaded.config.timezone })
    let threadedSeconds = 0
    try {
      await worker.analyze(posts.slice(0, 1))
      const start = performance.now()
      const report = await ingestFile({ analyze: (batch) => worker.analyze(batch), save: (batch) => threaded.store.savePosts(batch) }, file, 'weibo-stream')
      threadedSeconds = (performance.now() - start) / 1000
      if (report.stored !== posts.length) throw new Error(`threaded ingest stored ${report.stored} of ${posts.length}`)
    } finally {
      await worker.close()
      await threaded.close()
      rmSync(threadedDir, { recursive: true, force: true })
    }

    analyzeMs.sort((a, b) => a - b)
    storeMs.sort((a, b) => a - b)
    const segRate = posts.length / segSeconds
    const ingestRate = posts.length / ingestSeconds
    const analyzeRate = posts.length / (analyzeMs.reduce((a, b) => a + b, 0) / 1000)
    const batchRate = posts.length / (batchMs / 1000)
    const rows: [string, string][] = [
      ['segmentation (baseline)', `${Math.round(segRate)} posts/s, ${(mb(bytes) / segSeconds).toFixed(1)} MB/s`],
      ['analyzer alone, one post at a time', `${Math.round(analyzeRate)} posts/s`],
      ['  / segmentation', `${(analyzeRate / segRate).toFixed(3)} (median of ${chunkRatios.length} chunks ${percentile(chunkRatios, 50).toFixed(3)})`],
      [`analyzer alone, batches of ${RATIO_CHUNK}`, `${Math.round(batchRate)} posts/s (${(batchRate / analyzeRate).toFixed(2)}× one at a time)`],
      ['  / segmentation (target ≥ 0.5)', `${(batchRate / segRate).toFixed(3)} (median of ${batchRatios.length} chunks ${percentile(batchRatios, 50).toFixed(3)})`],
      ['ingest (analyse + SQLite)', `${Math.round(ingestRate)} posts/s, ${(mb(bytes) / ingestSeconds).toFixed(1)} MB/s`],
      ['ingest / segmentation', `${(ingestRate / segRate).toFixed(3)}`],
      ['yuqing ingest (file, 2 threads)', `${Math.round(posts.length / threadedSeconds)} posts/s (${((posts.length / threadedSeconds) / ingestRate).toFixed(2)}× one thread)`],
      ['analyse one post', `p50 ${percentile(analyzeMs, 50).toFixed(3)} ms, p95 ${percentile(analyzeMs, 95).toFixed(3)} ms`],
      [`store a batch of ${BATCH}`, `p50 ${percentile(storeMs, 50).toFixed(1)} ms, p95 ${percentile(storeMs, 95).toFixed(1)} ms`],
      ['near-duplicates folded', `${folded} of ${posts.length} (${((folded / posts.length) * 100).toFixed(1)}%)`],
      ['re-ingest (all known)', `${Math.round(posts.length / againSeconds)} posts/s, ${stored} stored again`],
      ['peak RSS', `${Math.round(peakRssMb())} MB`],
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
    await benchAlerts(posts)
    await benchPipeline(streamFile)
  } finally {
    await runtime.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

// The crawl and the hostile bodies each in a process of its own: the crawl's peak RSS is then the
// crawler's alone, and the analyzer below is measured on real posts alone (see hostile-run.ts).
const parts: [name: string, file: string][] = [
  ['crawl', './crawl-run.ts'],
  ['hostile posts', './hostile-run.ts'],
]
for (const [name, file] of parts) {
  const part = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit', cwd: root })
  if (part.status !== 0) console.log(`bench: the ${name} benchmark failed (exit ${part.status ?? part.signal})`)
}
await main()
await (await import('./dashboard.ts')).benchDashboard()
