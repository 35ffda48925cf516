/**
 * `pnpm eval:trends`: trends and topics on a real stream, and how soon a burst is caught.
 * Reads ../shared/data/weibo-stream-2020/posts-dev.jsonl.gz (beside the project on development
 * machines only) and ../shared/data/stopwords/*.txt (to judge noise; not shipped).
 *
 * 1. Ingests the stream, except the posts of one held-out topic, and prints for each day its top 10
 *    trend terms and its top topics.
 * 2. Replays the held-out topic's real posts into the last days at growing volume (2, 4, 8, …)
 *    and reports the first day and volume at which the topic's term is among the top 20 trends.
 * 3. Precision of the top 20: the share of trend terms that are not noise. Noise: a stop word of
 *    any shared list, a single character, a number, or a two-character word that is in no
 *    dictionary (a segmentation fragment).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { dict } from '@node-rs/jieba/dict'
import { findTopics, findTrends } from '@yuqing/analyzer'
import { loadConfig, type RawPost } from '@yuqing/core'
import { analyzeAndStore, openRuntime, rawPostFromLine } from '@yuqing/cli'
import { readGzipLines } from '../bench/read-lines.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const shared = path.resolve(root, '../shared/data')
const streamFile = path.join(shared, 'weibo-stream-2020/posts-dev.jsonl.gz')
const stopwordDir = path.join(shared, 'stopwords')
/** The held-out topic: a real, bounded story in the stream, replayed later as a burst. */
const HELD_OUT = process.argv[2] ?? '双黄连'
const BURST_DAYS = 6

async function main(): Promise<void> {
  if (!existsSync(streamFile)) {
    console.log(`eval:trends: ${streamFile} is absent (the shared data sets sit beside the project only on development machines); nothing measured.`)
    return
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-eval-trends-'))
  const runtime = openRuntime(loadConfig({ dataDir, demo: false }, {}))
  try {
    const now = new Date().toISOString()
    const base: RawPost[] = []
    const heldOut: RawPost[] = []
    for await (const line of readGzipLines(streamFile, Number.POSITIVE_INFINITY)) {
      const post = rawPostFromLine(line, now, 'weibo-stream')
      if ('error' in post) continue
      ;(post.content.includes(HELD_OUT) ? heldOut : base).push(post)
    }
    const days = [...new Set(base.map((p) => p.day ?? ''))].filter(Boolean).sort()
    const t0 = performance.now()
    for (let i = 0; i < base.length; i += 1000) await analyzeAndStore(runtime, base.slice(i, i + 1000))
    console.log(
      `eval:trends: ${base.length} posts over ${days.length} days ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `${heldOut.length} posts mentioning "${HELD_OUT}" held out for the burst test`,
    )

    const noise = noiseJudge()
    let judged = 0
    let clean = 0
    console.log('\nday         top 10 trends (count, ★ = new)  |  top topics')
    for (const day of days.slice(7, days.length - BURST_DAYS)) {
      const trends = await findTrends(runtime.store, { kind: 'day', day }, { top: 20 })
      const topics = await findTopics(runtime.store, { kind: 'day', day }, { maxTopics: 3 })
      judged += trends.length
      clean += trends.filter((t) => !noise(t.term)).length
      const shown = trends
        .slice(0, 10)
        .map((t) => `${t.term}(${t.count}${t.isNew ? '★' : ''})`)
        .join(' ')
      const groups = topics.map((t) => `[${t.terms.slice(0, 4).join(',')} ${Math.round(t.negativeShare * 100)}%neg]`).join(' ')
      console.log(`${day}  ${shown}  |  ${groups}`)
    }

    // The burst: the held-out posts replayed into the last days, doubling each day.
    const burstDays = days.slice(-BURST_DAYS)
    let offset = 0
    let detected: { day: string; volume: number; rank: number } | undefined
    console.log(`\nburst of "${HELD_OUT}" replayed into ${burstDays[0]} … ${burstDays.at(-1)}:`)
    for (const [i, day] of burstDays.entries()) {
      const volume = 2 ** (i + 1)
      const replay = heldOut.slice(offset, offset + volume).map((p, k) => ({ ...p, id: `burst-${day}-${k}`, day }))
      offset += replay.length
      await analyzeAndStore(runtime, replay)
      const trends = await findTrends(runtime.store, { kind: 'day', day }, { top: 20 })
      const rank = trends.findIndex((t) => t.term === HELD_OUT) + 1
      console.log(`  ${day}: ${replay.length} posts replayed → ${rank > 0 ? `rank ${rank} of the top 20` : 'not in the top 20'}`)
      if (rank > 0 && !detected) detected = { day, volume: replay.length, rank }
      if (replay.length < volume) break
    }
    console.log(
      detected
        ? `burst detected on day ${burstDays.indexOf(detected.day) + 1} of the burst (${detected.day}), at ${detected.volume} posts that day, rank ${detected.rank}`
        : 'burst NOT detected',
    )
    console.log(`\nprecision of the top 20 (not stop word, single character, number or fragment): ${clean}/${judged} = ${(clean / Math.max(1, judged)).toFixed(3)}`)
    console.log(`baseline for "not noise" uses the shared stop-word lists in ${path.relative(root, stopwordDir)} (only the judge reads them)`)
  } finally {
    await runtime.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Is a trend term noise? See the header for the rule. */
function noiseJudge(): (term: string) => boolean {
  const stop = new Set<string>()
  if (existsSync(stopwordDir)) {
    for (const f of readdirSync(stopwordDir)) for (const w of readFileSync(path.join(stopwordDir, f), 'utf8').split(/\r?\n/)) if (w.trim()) stop.add(w.trim())
  }
  const known = new Set<string>()
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const word = line.split(' ')[0]
    if (word) known.add(word)
  }
  return (term) => stop.has(term) || [...term].length < 2 || /^[\d.,%]+$/.test(term) || ([...term].length === 2 && !known.has(term))
}

await main()
