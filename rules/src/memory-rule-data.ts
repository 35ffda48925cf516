import type { HourRange, PostFact, TermCount } from '@yuqing/core'
import type { RuleData, RuleHitCount, RuleHitQuery } from './rule-data.ts'
import type { MatchablePost, RuleHit } from './rule-set.ts'

interface StoredHit extends RuleHit {
  folded: boolean
  order: number
}

interface StoredPost {
  id: string
  hour: string
  negative: boolean
  terms: string[]
  order: number
}

const inRange = (hour: string, range: HourRange): boolean => hour >= range.from && hour <= range.to

/**
 * `RuleData` over arrays, for tests and back-tests of a handful of posts: it keeps what a store
 * keeps of each post (its hits, and its terms unless it is a near-duplicate) and answers the same
 * questions the same way.
 */
export class MemoryRuleData implements RuleData {
  private readonly hits: StoredHit[] = []
  private readonly posts: StoredPost[] = []
  private order = 0

  /** Stores a post as the ingest path would: its rule hits, and its terms for the buckets. */
  add(post: MatchablePost & { terms: readonly string[] }, hits: readonly RuleHit[]): void {
    const order = this.order++
    const folded = Boolean(post.duplicateOf)
    for (const hit of hits) this.hits.push({ ...hit, folded, order })
    if (!folded) this.posts.push({ id: post.id, hour: post.hour, negative: post.sentiment.label === 'negative', terms: [...new Set(post.terms)], order })
  }

  ruleHitCounts(query: RuleHitQuery, groupBy?: 'source'): Promise<RuleHitCount[]> {
    const groups = new Map<string, RuleHitCount>()
    for (const hit of this.selected(query)) {
      const group = groupBy === 'source' ? hit.source : ''
      const row = groups.get(group) ?? { group, count: 0, negative: 0 }
      row.count++
      if (hit.negative) row.negative++
      groups.set(group, row)
    }
    return Promise.resolve([...groups.values()].sort((a, b) => b.count - a.count || a.group.localeCompare(b.group)))
  }

  ruleHitPostIds(query: RuleHitQuery, limit: number, source?: string): Promise<string[]> {
    const hits = this.selected(query).filter((h) => source === undefined || h.source === source)
    hits.sort((a, b) => b.hour.localeCompare(a.hour) || b.order - a.order)
    return Promise.resolve(hits.slice(0, limit).map((h) => h.postId))
  }

  termCountsIn(range: HourRange, limit: number): Promise<TermCount[]> {
    const counts = new Map<string, TermCount>()
    for (const post of this.posts) {
      if (!inRange(post.hour, range)) continue
      for (const term of post.terms) {
        const c = counts.get(term) ?? { term, count: 0, negativeCount: 0 }
        c.count++
        if (post.negative) c.negativeCount++
        counts.set(term, c)
      }
    }
    return Promise.resolve([...counts.values()].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term)).slice(0, limit))
  }

  termTotals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>> {
    const totals = new Map(terms.map((t) => [t, 0]))
    for (const post of this.posts) {
      if (!ranges.some((r) => inRange(post.hour, r))) continue
      for (const term of post.terms) {
        const total = totals.get(term)
        if (total !== undefined) totals.set(term, total + 1)
      }
    }
    return Promise.resolve(totals)
  }

  postsMentioning(terms: readonly string[], range: HourRange, limit: number): Promise<Map<string, PostFact[]>> {
    const out = new Map<string, PostFact[]>()
    const newest = this.posts.filter((p) => inRange(p.hour, range)).sort((a, b) => b.hour.localeCompare(a.hour) || b.order - a.order)
    for (const term of terms) {
      const facts = newest.filter((p) => p.terms.includes(term)).slice(0, limit).map((p) => ({ id: p.id, negative: p.negative, publishedAt: null }))
      out.set(term, facts)
    }
    return Promise.resolve(out)
  }

  private selected(query: RuleHitQuery): StoredHit[] {
    return this.hits.filter((h) => h.ruleId === query.ruleId && inRange(h.hour, query.range) && !(query.foldDuplicates && h.folded))
  }
}
