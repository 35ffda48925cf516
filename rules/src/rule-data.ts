import type { HourRange, PostFact, RuleHitCount, RuleHitQuery, TermCount } from '@yuqing/core'

export type { RuleHitCount, RuleHitQuery }

/**
 * What window rules read: a rule's stored hits, and the hourly term buckets. Every range is an
 * inclusive range of local hour buckets (`YYYY-MM-DDTHH`). The store's `Store` has these methods
 * with these shapes, so it is a `RuleData` as it is; `MemoryRuleData` is one for tests.
 */
export interface RuleData {
  /** Hits of a rule in a range, one row per source when asked, else one row with group ''. */
  ruleHitCounts(query: RuleHitQuery, groupBy?: 'source'): Promise<RuleHitCount[]>
  /** Up to `limit` ids of posts a rule hit in the range, newest first; only those of `source` when given. */
  ruleHitPostIds(query: RuleHitQuery, limit: number, source?: string): Promise<string[]>
  /** Terms of a range by number of posts mentioning them (near-duplicates not counted), most first. */
  termCountsIn(range: HourRange, limit: number): Promise<TermCount[]>
  /** For each term, its post count summed over all the ranges (0 when never seen). */
  termTotals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>>
  /** For each term, up to `limit` posts of the range that mention it, newest first. */
  postsMentioning(terms: readonly string[], range: HourRange, limit: number): Promise<Map<string, PostFact[]>>
}
