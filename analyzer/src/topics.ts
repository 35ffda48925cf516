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
   * Two terms join one topic when the overlap coefficient of their posts, |A∩B| / min(|A|,|B|),
   * reaches this. The overlap coefficient (not Jaccard) lets a small term join the big story it is
   * part of.
   */
  minOverlap?: number
  /** Topics kept, most negative first (default 10). */
  maxTopics?: number
}

/**
 * Groups trending terms that share their posts into topics (single linkage through union-find),
 * negative-first: staff read the worrying stories before the pleasant ones; then by score. A term
 * that shares too little with every other is a topic of its own; one without any post is dropped
 * (a topic needs a post to show).
 */
export function groupTopics(terms: readonly TopicInput[], posts: ReadonlyMap<string, PostFact>, options: TopicOptions = {}): Topic[] {
  const minOverlap = options.minOverlap ?? 0.3
  const parent = terms.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) {
      const up = parent[i] as number
      parent[i] = parent[up] as number
      i = up
    }
    return i
  }
  const sets = terms.map((t) => new Set(t.postIds))
  for (let i = 0; i < terms.length; i++) {
    for (let j = i + 1; j < terms.length; j++) {
      const a = sets[i] as Set<string>
      const b = sets[j] as Set<string>
      const smaller = a.size <= b.size ? a : b
      const larger = smaller === a ? b : a
      if (smaller.size === 0) continue
      let shared = 0
      for (const id of smaller) if (larger.has(id)) shared++
      if (shared / smaller.size >= minOverlap) parent[root(j)] = root(i)
    }
  }

  const groups = new Map<number, number[]>()
  terms.forEach((_, i) => {
    const r = root(i)
    groups.set(r, [...(groups.get(r) ?? []), i])
  })

  const topics: Topic[] = []
  for (const members of groups.values()) {
    const ordered = members.map((i) => terms[i] as TopicInput).sort((a, b) => b.score - a.score || compareTerms(a.term, b.term))
    const mentions = new Map<string, number>()
    for (const t of ordered) for (const id of new Set(t.postIds)) mentions.set(id, (mentions.get(id) ?? 0) + 1)
    const postIds = [...mentions.keys()]
    if (postIds.length === 0) continue
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
