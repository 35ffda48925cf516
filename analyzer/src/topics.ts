import type { PostFact } from '@yuqing/core'
import { compareTerms } from './trends.ts'

/** A trending term and the posts of the window that mention it. */
export interface TopicInput {
  term: string
  score: number
  postIds: readonly string[]
}

export interface Topic {
  /** Highest-scoring first. */
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
}

/**
 * Groups trending terms that share their posts into topics, negative-first: staff read the worrying
 * stories before the pleasant ones; then by score. A term that shares too little with every other is
 * a topic of its own; one without any post is dropped (a topic needs a post to show).
 *
 * Average linkage: two groups merge while the mean overlap of their terms, pair by pair, reaches
 * `minOverlap`, closest pair first. Single linkage (any one pair enough) chained whole days into one
 * topic through common words: 外地 shares a post with the incinerator story and one with the
 * bridge works, and the demo forum's 19 trends of a day became one topic of 23 posts; on the Weibo
 * stream it joined 钟南山, 李文亮, 疫情有望 and 新疆 into one topic of 736 posts.
 */
export function groupTopics(terms: readonly TopicInput[], posts: ReadonlyMap<string, PostFact>, options: TopicOptions = {}): Topic[] {
  const minOverlap = options.minOverlap ?? 0.3
  // A fixed order first, so that ties between pairs break alike whatever the input's order.
  const inputs = terms.filter((t) => t.postIds.length > 0).sort((a, b) => b.score - a.score || compareTerms(a.term, b.term))
  const sets = inputs.map((t) => new Set(t.postIds))
  const pairs = sets.map((a) => sets.map((b) => overlap(a, b)))
  const linkage = (a: readonly number[], b: readonly number[]) => {
    let sum = 0
    for (const i of a) for (const k of b) sum += (pairs[i] as number[])[k] as number
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

  const topics: Topic[] = []
  for (const members of groups) {
    // Inputs are in score order: so are a topic's terms.
    const ordered = members.sort((i, k) => i - k).map((i) => inputs[i] as TopicInput)
    const mentions = new Map<string, number>()
    for (const t of ordered) for (const id of new Set(t.postIds)) mentions.set(id, (mentions.get(id) ?? 0) + 1)
    const postIds = [...mentions.keys()]
    const known = postIds.flatMap((id) => posts.get(id) ?? [])
    const negative = known.filter((p) => p.negative).length
    topics.push({
      terms: ordered.map((t) => t.term),
      postIds,
      negativeShare: known.length === 0 ? 0 : Math.round((negative / known.length) * 1000) / 1000,
      representativePostId: representative(mentions, posts),
      score: Math.round(ordered.reduce((sum, t) => sum + t.score, 0) * 100) / 100,
    })
  }
  return topics
    .sort((a, b) => b.negativeShare - a.negativeShare || b.score - a.score || compareTerms(a.terms[0] ?? '', b.terms[0] ?? ''))
    .slice(0, options.maxTopics ?? 10)
}

/** The overlap coefficient |A∩B| / min(|A|,|B|) of two non-empty sets. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [smaller, larger] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const id of smaller) if (larger.has(id)) shared++
  return shared / smaller.size
}

function representative(mentions: ReadonlyMap<string, number>, posts: ReadonlyMap<string, PostFact>): string {
  let best: { id: string; n: number; at: number } | undefined
  for (const [id, n] of mentions) {
    // Instants, not strings: RawPost allows offsets (+08:00) as well as Z. Undated posts are oldest.
    const parsed = Date.parse(posts.get(id)?.publishedAt ?? '')
    const at = Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed
    if (!best || n > best.n || (n === best.n && (at > best.at || (at === best.at && id < best.id)))) best = { id, n, at }
  }
  return best?.id ?? ''
}
