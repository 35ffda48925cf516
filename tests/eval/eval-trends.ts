/**
 * `pnpm eval:trends`: trends and topics on a real stream, and how soon a burst is caught.
 * Reads ../shared/data/weibo-stream-2020/posts-dev.jsonl.gz (beside the project on development
 * machines only) and ../shared/data/stopwords/*.txt (to judge noise; not shipped).
 *
 * 1. Ingests the stream, except the posts of one held-out topic and the lines `yuqing ingest` would
 *    skip (counted by reason), and prints for each day its top 10 trend terms and its top topics;
 *    then how the days' topics are cut (how many, terms each, the largest one's share of the posts).
 * 2. Adds the held-out topic's real posts to one day of real traffic, step by step (8, 16, … 256),
 *    and reports how many it takes to enter that day's top 20 trends.
 * 3. Replays more of them into the last 8 days at growing volume (2, 4, 8, … 256) and reports the first
 *    day and volume at which the topic's term is among the top 20 trends. Each step shows its rank,
 *    count and ranking score (G² × specificity) against that of the 20th trend.
 *    Also the first day it is among the day's rising terms (its share of the posts up three days
 *    in a row: see analyzer/src/rising.ts), which each day lists too.
 * 4. Precision of the top 20: the share of trend terms that are not noise. Noise: a stop word of
 *    any shared list, a single character, a number, or a two-character word that is neither in
 *    jieba's dictionary nor in the analyzer's vocabulary of newer words (a segmentation fragment).
 *    The same for the rising terms.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { dict } from '@node-rs/jieba/dict'
import { bundledDictionary, findRising, findTopics, findTrends, hotWordBoard, windowRange } from '@yuqing/analyzer'
import { addDays, loadConfig, type RawPost } from '@yuqing/core'
import { analyzeAndStore, openRuntime, rawPostFromLine, tallyReasons, type Runtime } from '@yuqing/cli'
import { readGzipLines } from '../bench/read-lines.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const shared = path.resolve(root, '../shared/data')
const streamFile = path.join(shared, 'weibo-stream-2020/posts-dev.jsonl.gz')
const stopwordDir = path.join(shared, 'stopwords')
/** The held-out topic: a real, bounded story in the stream, replayed later as a burst. */
const HELD_OUT = process.argv[2] ?? '双黄连'
/** Days of the burst: doubling from 2, the last reaches 256 posts (of the topic's 871 in the stream). */
const BURST_DAYS = 8
/** Posts of the held-out story in one day, step by step, until it enters the top 20 (the last of its posts, none of the burst's). */
const THRESHOLD_STEPS = [8, 16, 32, 64, 128, 256]

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
    // Lines that are not posts (four days of the stream were exported in the wrong encoding and
    // read as U+FFFD) are skipped as `yuqing ingest` skips them, and counted by reason.
    const skipped: string[] = []
    for await (const line of readGzipLines(streamFile, Number.POSITIVE_INFINITY)) {
      const post = rawPostFromLine(line, now, 'weibo-stream')
      if ('error' in post) {
        skipped.push(post.error)
        continue
      }
      ;(post.content.includes(HELD_OUT) ? heldOut : base).push(post)
    }
    const days = [...new Set(base.map((p) => p.day ?? ''))].filter(Boolean).sort()
    const t0 = performance.now()
    for (let i = 0; i < base.length; i += 1000) await analyzeAndStore(runtime, base.slice(i, i + 1000))
    console.log(
      `eval:trends: ${base.length} posts over ${days.length} days ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `${heldOut.length} posts mentioning "${HELD_OUT}" held out for the burst test`,
    )
    for (const [reason, n] of tallyReasons(skipped)) console.log(`  ${n} lines of the stream skipped: ${reason}`)
    const learnt = runtime.analyzer.phrases()
    console.log(`  ${learnt.length} phrases learnt on the way; the most seen: ${learnt.slice(0, 15).map((p) => p.phrase).join(' ')}`)

    const noise = noiseJudge()
    const topicShapes: ReturnType<typeof topicShape>[] = []
    let judged = 0
    let risingJudged = 0
    // What the judge called noise, to read beside the precision.
    const noisy: string[] = []
    const risingNoisy: string[] = []
    console.log('\nday         top 10 trends (count, ★ = new)  |  top topics')
    for (const day of days.slice(7, days.length - BURST_DAYS)) {
      const trends = await findTrends(runtime.store, { kind: 'day', day }, { top: 20, specificity: runtime.analyzer.specificity })
      const topics = await findTopics(runtime.store, { kind: 'day', day }, { maxTopics: 100, specificity: runtime.analyzer.specificity })
      topicShapes.push(topicShape(topics))
      judged += trends.length
      noisy.push(...trends.filter((t) => noise(t.term)).map((t) => t.term))
      const shown = trends
        .slice(0, 10)
        .map((t) => `${t.term}(${t.count}${t.isNew ? '★' : ''})`)
        .join(' ')
      const groups = topics.slice(0, 3).map((t) => `[${t.terms.slice(0, 4).join(',')} ${Math.round(t.negativeShare * 100)}%neg]`).join(' ')
      console.log(`${day}  ${shown}  |  ${groups}`)
      const rising = await findRising(runtime.store, day, { specificity: runtime.analyzer.specificity })
      // Days without posts are stepped over: the counts shown are those of the days that had some.
      const volumes = await Promise.all(rising[0]?.counts.map((_, i, all) => runtime.store.postCount(windowRange({ kind: 'day', day: addDays(day, i - all.length + 1) }))) ?? [])
      risingJudged += rising.length
      risingNoisy.push(...rising.filter((t) => noise(t.term)).map((t) => t.term))
      if (rising.length > 0) console.log(`            rising: ${rising.map((t) => `${t.term}(${t.counts.filter((_, i) => volumes[i] !== 0).slice(-t.rises - 1).join('→')})`).join(' ')}`)
    }

    // How many posts of the story it takes in one day of real traffic to enter the top 20: held-out
    // posts added to the first judged day a step at a time (far enough before the burst days below
    // that it is not in their baseline), the day's trends asked after each step.
    const stepDay = days[7] ?? ''
    const pool = heldOut.slice(-Math.max(...THRESHOLD_STEPS))
    let added = 0
    let threshold: number | undefined
    console.log(`\n"${HELD_OUT}" added to one day of the stream (${stepDay}, ${await runtime.store.postCount({ from: `${stepDay}T00`, to: `${stepDay}T23` })} posts):`)
    for (const volume of THRESHOLD_STEPS) {
      if (volume > pool.length) break
      await analyzeAndStore(runtime, pool.slice(added, volume).map((p, k) => ({ ...p, id: `step-${added + k}`, day: stepDay })))
      added = volume
      const at = await standing(runtime, stepDay, HELD_OUT)
      console.log(`  ${volume} posts → ${describe(at)}`)
      if (at.rank > 0) {
        threshold = volume
        break
      }
    }
    console.log(threshold ? `enters the top 20 at ${threshold} posts in a day` : `not in the top 20 at ${added} posts in a day`)

    // The burst: the held-out posts replayed into the last days, doubling each day.
    const burstDays = days.slice(-BURST_DAYS)
    let offset = 0
    let detected: { day: string; volume: number; rank: number } | undefined
    let onBoard: { day: string; volume: number; rank: number } | undefined
    let risingFrom: { day: string; volume: number; rank: number } | undefined
    console.log(`\nburst of "${HELD_OUT}" replayed into ${burstDays[0]} … ${burstDays.at(-1)}:`)
    for (const [i, day] of burstDays.entries()) {
      const volume = 2 ** (i + 1)
      const replay = heldOut.slice(offset, offset + volume).map((p, k) => ({ ...p, id: `burst-${day}-${k}`, day }))
      offset += replay.length
      await analyzeAndStore(runtime, replay)
      const at = await standing(runtime, day, HELD_OUT)
      console.log(`  ${day}: ${replay.length} posts replayed → ${describe(at)}`)
      if (at.rank > 0 && !detected) detected = { day, volume: replay.length, rank: at.rank }
      if (at.boardRank > 0 && !onBoard) onBoard = { day, volume: replay.length, rank: at.boardRank }
      if (at.risingRank > 0 && !risingFrom) risingFrom = { day, volume: replay.length, rank: at.risingRank }
      if (replay.length < volume) break
    }
    console.log(
      detected
        ? `burst detected on day ${burstDays.indexOf(detected.day) + 1} of the burst (${detected.day}), at ${detected.volume} posts that day, rank ${detected.rank}`
        : 'burst NOT detected among the top 20 trends',
    )
    // The other place staff see it: the board ranks by volume, growth and negativity.
    if (onBoard) console.log(`on the hot-word board's top 20 from day ${burstDays.indexOf(onBoard.day) + 1} (${onBoard.day}), at ${onBoard.volume} posts that day, rank ${onBoard.rank}`)
    console.log(
      risingFrom
        ? `among the day's rising terms from day ${burstDays.indexOf(risingFrom.day) + 1} (${risingFrom.day}), at ${risingFrom.volume} posts that day, rank ${risingFrom.rank}`
        : 'never among the rising terms',
    )
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
    console.log(
      `\ntopics of a day (from its top 30 trends): ${mean(topicShapes.map((t) => t.topics)).toFixed(1)} on average, ` +
        `${mean(topicShapes.map((t) => t.termsEach)).toFixed(1)} terms each; the largest holds ${Math.round(mean(topicShapes.map((t) => t.largestShare)) * 100)}% ` +
        `of the day's topic posts on average, ${Math.round(Math.max(...topicShapes.map((t) => t.largestShare)) * 100)}% at most`,
    )
    const precision = (bad: readonly string[], all: number) => `${all - bad.length}/${all} = ${((all - bad.length) / Math.max(1, all)).toFixed(3)}${bad.length > 0 ? ` (noise: ${bad.join(' ')})` : ''}`
    console.log(`precision of the top 20 (not stop word, single character, number or fragment): ${precision(noisy, judged)}`)
    console.log(`precision of the rising terms (same judge): ${precision(risingNoisy, risingJudged)}`)
    console.log(`baseline for "not noise" uses the shared stop-word lists in ${path.relative(root, stopwordDir)} (only the judge reads them)`)
  } finally {
    await runtime.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

interface Standing {
  /** Rank in the day's top 20; 0 when not in it. */
  rank: number
  /** Its posts that day, near-duplicates folded (a repost counts once); undefined when it was not scored. */
  count: number | undefined
  /** G² times the term's specificity: what the trends rank by. */
  score: number
  /** That of the 20th trend: what it must beat. */
  cutoff: number
  /** Rank on the day's hot-word board (volume, growth and negativity), top 20; 0 when not on it. */
  boardRank: number
  /** Rank among the day's rising terms (top 10); 0 when not among them. */
  risingRank: number
}

/** How a day's topics are cut: how many, terms each, and the largest one's share of their posts (chaining shows there). */
function topicShape(topics: readonly { terms: readonly string[]; postIds: readonly string[] }[]): { topics: number; termsEach: number; largestShare: number } {
  const posts = new Set(topics.flatMap((t) => t.postIds)).size
  const largest = Math.max(0, ...topics.map((t) => t.postIds.length))
  return {
    topics: topics.length,
    termsEach: topics.reduce((n, t) => n + t.terms.length, 0) / Math.max(1, topics.length),
    largestShare: largest / Math.max(1, posts),
  }
}

/** Where `term` stands among a day's trends, and on its hot-word board. */
async function standing(runtime: Runtime, day: string, term: string): Promise<Standing> {
  const { store } = runtime
  const top = await findTrends(store, { kind: 'day', day }, { top: 20, specificity: runtime.analyzer.specificity })
  // Every term of the day scored, for the count and score of one outside the top 20.
  const all = await findTrends(store, { kind: 'day', day }, { top: 100_000, specificity: runtime.analyzer.specificity })
  const mine = all.find((t) => t.term === term)
  const specificity = runtime.analyzer.specificity
  const ranked = (t: { term: string; score: number } | undefined) => (t ? t.score * specificity(t.term) : 0)
  const board = await hotWordBoard(store, runtime.analyzer.specificity, day, 20)
  const rising = await findRising(store, day, { specificity: runtime.analyzer.specificity })
  return {
    rank: top.findIndex((t) => t.term === term) + 1,
    count: mine?.count,
    score: ranked(mine),
    cutoff: ranked(top.at(-1)),
    boardRank: board.findIndex((w) => w.term === term) + 1,
    risingRank: rising.findIndex((t) => t.term === term) + 1,
  }
}

function describe(at: Standing): string {
  const where = at.rank > 0 ? `rank ${at.rank} of the top 20` : 'not in the top 20'
  const mine = at.count === undefined ? 'not scored: under 3 posts or its baseline' : `counted ${at.count}, G² × specificity ${Math.round(at.score)}`
  return `${where} (${mine}; the 20th's ${Math.round(at.cutoff)}); ${at.boardRank > 0 ? `rank ${at.boardRank} on the hot-word board` : 'not in the board\'s top 20'}; ${at.risingRank > 0 ? `rising, rank ${at.risingRank}` : 'not rising'}`
}

/** Is a trend term noise? See the header for the rule. */
function noiseJudge(): (term: string) => boolean {
  const stop = new Set<string>()
  if (existsSync(stopwordDir)) {
    for (const f of readdirSync(stopwordDir)) for (const w of readFileSync(path.join(stopwordDir, f), 'utf8').split(/\r?\n/)) if (w.trim()) stop.add(w.trim())
  }
  const known = new Set<string>()
  // jieba's words, and those it lacks that the analyzer ships (新冠, 问责, 扫码: words, not fragments).
  const vocabulary = readFileSync(bundledDictionary.vocabulary, 'utf8').split('\n').filter((line) => !line.startsWith('#'))
  for (const line of [...Buffer.from(dict).toString('utf8').split('\n'), ...vocabulary]) {
    const word = line.split(' ')[0]
    if (word) known.add(word)
  }
  return (term) => stop.has(term) || [...term].length < 2 || /^[\d.,%]+$/.test(term) || ([...term].length === 2 && !known.has(term))
}

await main()
