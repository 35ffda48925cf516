import type { AlertStats } from '@yuqing/core'

/**
 * One evaluation of a rule for one group: breached or not, with the numbers and the posts behind
 * it. The lifecycle (`advance`) takes it as its `Evaluation`.
 */
export interface RuleCheck {
  ruleId: string
  /** '' when the rule does not group; else the source or the term. */
  group: string
  breached: boolean
  stats: AlertStats
  /** Posts behind a breach, newest first (none when not breached). */
  evidencePostIds: string[]
  matchedTerms: string[]
  /** One sentence with the numbers, in Chinese: what the staff read first. */
  summary: string
  /** The same sentence in English, for the dashboard's English view. */
  summaryEn: string
}

export interface EvaluateOptions {
  /** Zone of the hour buckets: the configured zone the analyzer labelled posts in. */
  bucketZone: string
  /**
   * Groups of the rule now pending or firing. Each gets a check even when nothing was counted for
   * it, so that an alert on a source or term that went quiet resolves.
   */
  activeGroups?: readonly string[]
  /** Evidence post ids per check (default 20). */
  evidenceLimit?: number
}

/** Up to this many terms of a window are read for term-based rules, most mentioned first. */
export const TERM_SCAN_LIMIT = 5_000

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}

/** `n` things in English: "1 post", "3 posts". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

export function decimal(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}
