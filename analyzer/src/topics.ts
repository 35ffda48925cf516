import type { PostFact } from '@yuqing/core'
import { compareTerms } from './trends.ts'

/** A trending term and the posts of the window that mention it. */
export interface TopicInput {
  term: string
  score: number
  postIds: readonly string[]
}

export interface Topic {
  /**
   * The term that best names the topic first: by how many of the topic's posts mention it, times
   * its specificity (see TopicOptions); ties by trend score.
   */
  terms: string[]
  /** Every post of its terms: those of the highest-scoring term first. */
  postIds: string[]
  /** Share of the posts known to `posts` that are negative (posts it does not know are left out). */
  negativeShare: number
  /** The post that mentions most of the topic's terms (ties: the newest, then the smallest id). */
  representativePostId: string
  /** Sum of the terms' trend scores. */
  score: number
}

export interface TopicOptions {
  /**
   * Two groups of terms join into one topic when the overlap coefficient of their terms' posts,
   * |A∩B| / min(|A|,|B|), averaged over every pair of a term of one and a term of the other, reaches
   * this. The overlap coefficient (not Jaccard) lets a small term join the big story it is part of.
   */
  minOverlap?: number
  /** Topics kept, most negative first (default 10). */
  maxTopics?: number
  /**
   * How specific a term is (the analyzer's `specificity`: about 1 for a typical word, less for a
   * common one), to name a topic by its story rather than by a common word that rose with it.
   * Without it, every term counts as 1.
   */
  specificity?: (term: string) => number
  /**
   * A topic is listed only when one of its terms is at least this specific (default 0.7): posts
   * that share common words only (外地 0.65 and 门口 0.52: a water truck at a market's gate, tourists
   * at the festival, a family moving back) are no story, however negative, and led the demo
   * forum's topics. Their words stay on the board and in the trends.
   */
  minNameSpecificity?: number
}

/**
 * Groups trending terms that share their posts into topics, negative-first: staff read the worrying
 * stories before the pleasant ones; then by score. Negative-first by what the posts make sure of,
 * the lower bound of the Wilson interval of the negative share (see `surelyNegative`), so that
 * three posts, all negative, do not lead forty of which 36 are. A term that shares too little with
 * every other is a topic of its own; one without any post is dropped (a topic needs a post to show).
 *
 * Average linkage: two groups merge while the mean overlap of their terms, pair by pair, reaches
 * `minOverlap`, closest pair first. Single linkage (any one pair enough) chained whole days into one
 * topic through common words: 外地 shares a post with the incinerator story and one with the
 * bridge works, and the demo forum's 19 trends of a day became one topic of 23 posts; on the Weibo
 * stream it joined 钟南山, 李文亮, 疫情有望 and 新疆 into one topic of 736 posts.
 */
export function groupTopics(terms: readonly TopicInput[], posts: ReadonlyMap<string, PostFact>, options: TopicOptions = {}): Topic[] {
  const minOverlap = options.minOverlap ?? 0.3
  const specificity = options.specificity ?? (() => 1)
  const minNameSpecificity = options.minNameSpecificity ?? 0.7
  // A fixed order first, so that ties between pairs break alike whatever the input's order.
  const inputs = terms.filter((t) => t.postIds.length > 0).sort((a, b) => b.score - a.score || compareTerms(a.term, b.term))
  // Post ids as numbers, in order of first mention: each term's posts a sorted list of them, so an
  // overlap is one merge of two lists (with a Set of ids per term, a day's 30 trends took 2.3 times
  // as long; /api/home groups them on every load).
  const numbers = new Map<string, number>()
  const ids: string[] = []
  // Each term's posts by number as it listed them, and sorted without repeats.
  const listed = inputs.map((t) =>
    Int32Array.from(t.postIds, (id) => {
      let k = numbers.get(id)
      if (k === undefined) {
        k = ids.push(id) - 1
        numbers.set(id, k)
      }
      return k
    }),
  )
  const lists = listed.map((list) => dedupe(list.slice().sort()))
  // Each pair once (the overlap is symmetric); a term with itself is never asked.
  const pairs = lists.map(() => new Float64Array(lists.length))
  for (let i = 0; i < lists.length; i++) {
    for (let k = i + 1; k < lists.length; k++) {
      const o = overlap(lists[i] as Int32Array, lists[k] as Int32Array)
      ;(pairs[i] as Float64Array)[k] = o
      ;(pairs[k] as Float64Array)[i] = o
    }
  }
  const linkage = (a: readonly number[], b: readonly number[]) => {
    let sum = 0
    for (const i of a) for (const k of b) sum += (pairs[i] as Float64Array)[k] as number
    return sum / (a.length * b.length)
  }
  const groups: number[][] = inputs.map((_, i) => [i])
  for (;;) {
    let best = -1
    let into = -1
    let from = -1
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const mean = linkage(groups[a] as number[], groups[b] as number[])
        if (mean > best) [best, into, from] = [mean, a, b]
      }
    }
    if (best < minOverlap) break
    ;(groups[into] as number[]).push(...(groups.splice(from, 1)[0] as number[]))
  }

  // How many of a topic's terms mention each post (by number), reset after each topic; the last
  // term (index + 1) that counted it, so a term listing a post twice counts it once.
  const mentions = new Int32Array(ids.length)
  const countedBy = new Int32Array(ids.length)
  const times = new Float64Array(ids.length).fill(Number.NaN)
  // Each topic with its sort key (see surelyNegative).
  const ranked: { topic: Topic; sureness: number }[] = []
  for (const members of groups) {
    if (!members.some((i) => specificity((inputs[i] as TopicInput).term) >= minNameSpecificity)) continue
    // Inputs are in score order: the topic's posts follow its terms in that order.
    members.sort((i, k) => i - k)
    const postNumbers: number[] = []
    for (const i of members) {
      for (const k of listed[i] as Int32Array) {
        if (countedBy[k] === i + 1) continue
        countedBy[k] = i + 1
        if (mentions[k] === 0) postNumbers.push(k)
        mentions[k] = (mentions[k] as number) + 1
      }
    }
    let negative = 0
    let known = 0
    for (const k of postNumbers) {
      const fact = posts.get(ids[k] as string)
      if (!fact) continue
      known++
      if (fact.negative) negative++
    }
    const topic: Topic = {
      terms: namingOrder(members, lists, inputs, specificity).map((i) => (inputs[i] as TopicInput).term),
      postIds: postNumbers.map((k) => ids[k] as string),
      negativeShare: known === 0 ? 0 : Math.round((negative / known) * 1000) / 1000,
      representativePostId: representative(postNumbers, mentions, ids, times, posts),
      score: Math.round(members.reduce((sum, i) => sum + (inputs[i] as TopicInput).score, 0) * 100) / 100,
    }
    ranked.push({ topic, sureness: surelyNegative(negative, known) })
    for (const k of postNumbers) mentions[k] = 0
  }
  return ranked
    .sort((a, b) => b.sureness - a.sureness || b.topic.score - a.topic.score || compareTerms(a.topic.terms[0] ?? '', b.topic.terms[0] ?? ''))
    .slice(0, options.maxTopics ?? 10)
    .map((r) => r.topic)
}

/**
 * A topic's terms (indexes, in score order), the one that best names it first: weighed by its posts
 * in the topic times its specificity, ties in score order. By score alone a common word that rose
 * with a story led it: the demo forum's incinerator topic read 外地 数据 村子 门口 焚烧厂 (elsewhere,
 * data, village, gate; specificity 0.40–0.65), and 焚烧厂 (incinerator, 1.07), which names the
 * story, came last: it had been talked of the day before, so it rose less.
 */
function namingOrder(members: readonly number[], lists: readonly Int32Array[], inputs: readonly TopicInput[], specificity: (term: string) => number): number[] {
  const weight = new Map(members.map((i) => [i, (lists[i] as Int32Array).length * specificity((inputs[i] as TopicInput).term)]))
  return [...members].sort((i, k) => (weight.get(k) as number) - (weight.get(i) as number) || i - k)
}

/** z of a two-sided 95% interval. */
const Z = 1.96

/**
 * The negative share a topic's posts make sure of: the lower bound of the 95% Wilson score interval
 * of `negative` out of `known`. A share of few posts is uncertain and counts for less: 3 of 3 gives
 * 0.44, 6 of 6 0.61, 36 of 40 0.77, 270 of 300 0.86; none known gives 0.
 */
export function surelyNegative(negative: number, known: number): number {
  if (known === 0) return 0
  const p = negative / known
  const z2 = Z * Z
  // At p = 0 the two terms cancel, to a rounding error either side of 0.
  return Math.max(0, (p + z2 / (2 * known) - Z * Math.sqrt((p * (1 - p)) / known + z2 / (4 * known * known))) / (1 + z2 / known))
}

/** A sorted list without repeats (a term's post ids could repeat), in place. */
function dedupe(list: Int32Array): Int32Array {
  let n = 0
  for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[i - 1]) list[n++] = list[i] as number
  return list.subarray(0, n)
}

/** The overlap coefficient |A∩B| / min(|A|,|B|) of two non-empty sorted lists without repeats. */
function overlap(a: Int32Array, b: Int32Array): number {
  let shared = 0
  for (let i = 0, k = 0; i < a.length && k < b.length; ) {
    const x = a[i] as number
    const y = b[k] as number
    if (x === y) {
      shared++
      i++
      k++
    } else if (x < y) i++
    else k++
  }
  return shared / Math.min(a.length, b.length)
}

/** The post (by number) that most of the topic's terms mention; ties: the newest, then the smallest id. */
function representative(postNumbers: readonly number[], mentions: Int32Array, ids: readonly string[], times: Float64Array, posts: ReadonlyMap<string, PostFact>): string {
  let best = -1
  for (const k of postNumbers) {
    if (Number.isNaN(times[k])) {
      // Instants, not strings: RawPost allows offsets (+08:00) as well as Z. Undated posts are oldest.
      const parsed = Date.parse(posts.get(ids[k] as string)?.publishedAt ?? '')
      times[k] = Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed
    }
    if (best < 0) {
      best = k
      continue
    }
    const n = mentions[k] as number
    const bestN = mentions[best] as number
    const at = times[k] as number
    const bestAt = times[best] as number
    if (n > bestN || (n === bestN && (at > bestAt || (at === bestAt && (ids[k] as string) < (ids[best] as string))))) best = k
  }
  return best < 0 ? '' : (ids[best] as string)
}
