import type { TermCount } from '@yuqing/core'

/**
 * How far a term's count in a window rises above its baseline: a signed Poisson log-likelihood
 * ratio, so that significance grows with volume (200→400 scores far above 2→6, though both
 * doubled) and a term at or under its usual rate scores nothing.
 */

export interface TrendScoringOptions {
  /** Posts a term needs in the window to trend at all (default 3). */
  minCount?: number
  /**
   * Score a term needs to trend (default 0: any rise above the rate). 3.84 is the 5% critical value
   * of χ² with one degree of freedom, which G² follows when the rate did not change: it drops the
   * small wobbles of flat terms on a quiet stream.
   */
  minScore?: number
  /** Trends kept, best first (default 20). */
  top?: number
  /**
   * How specific a term is (the analyzer's `specificity`, about 1 for a typical word, less for a
   * common one). With it, a term under `minSpecificity` does not trend, and the ranking multiplies
   * the score by it, as the hot-word board and the rising terms do; `score` stays the G².
   */
  specificity?: (term: string) => number
  /**
   * Specificity a term needs (default 0.5, half the median word's IDF): a common word (清楚 0.47,
   * 数据 0.40, 公布 0.42) rises with the traffic of any story and names none.
   */
  minSpecificity?: number
  /** How many earlier windows `history` sums over; fewer than one counts as one. */
  baselineWindows: number
  /**
   * Posts in this window over the mean posts of an earlier window (1 when unknown): on a day with
   * twice the usual traffic every term is expected twice as often, and only what rises beyond
   * that trends.
   */
  volumeRatio?: number
}

export interface ScoredTrend {
  term: string
  count: number
  /** Expected count: the mean count of an earlier window, scaled by the volume ratio. */
  baseline: number
  /** G² = 2·(c·ln(c/λ) − (c − λ)) against λ = (history + ½) / windows × volume ratio; 0 when c ≤ λ. */
  score: number
  /** (count − baseline) / max(baseline, 1): +1 means doubled from an expectation of at least one post. */
  growth: number
  negativeShare: number
  /** No post mentioned the term in any earlier window. */
  isNew: boolean
}

/** Prior for the baseline rate: half a post over the baseline period, so a new term has λ > 0. */
const PRIOR_POSTS = 0.5

/** Signed Poisson log-likelihood ratio of `count` against an expected `rate` (> 0); 0 at or below it. */
export function poissonScore(count: number, rate: number): number {
  if (count <= rate) return 0
  return 2 * (count * Math.log(count / rate) - (count - rate))
}

export function scoreTrends(
  current: readonly TermCount[],
  history: ReadonlyMap<string, number>,
  options: TrendScoringOptions,
): ScoredTrend[] {
  const minCount = options.minCount ?? 3
  const minScore = options.minScore ?? 0
  const windows = Math.max(1, options.baselineWindows)
  const ratio = options.volumeRatio ?? 1
  const specificity = options.specificity ?? (() => 1)
  const minSpecificity = options.minSpecificity ?? 0.5
  const out: { trend: ScoredTrend; rank: number }[] = []
  for (const { term, count, negativeCount } of current) {
    if (count < minCount) continue
    const specific = specificity(term)
    if (specific < minSpecificity) continue
    const total = history.get(term) ?? 0
    const baseline = (total / windows) * ratio
    const rate = ((total + PRIOR_POSTS) / windows) * ratio
    const score = poissonScore(count, rate)
    if (score <= 0 || score < minScore) continue
    const trend: ScoredTrend = {
      term,
      count,
      baseline: round(baseline, 2),
      score: round(score, 2),
      growth: round((count - baseline) / Math.max(baseline, 1), 3),
      negativeShare: round(negativeCount / count, 3),
      isNew: total === 0,
    }
    out.push({ trend, rank: trend.score * specific })
  }
  return out
    .sort((a, b) => b.rank - a.rank || b.trend.count - a.trend.count || compareTerms(a.trend.term, b.trend.term))
    .slice(0, options.top ?? 20)
    .map((t) => t.trend)
}

/**
 * Terms in code-unit order, as SQLite's BINARY collation orders them: the same on every machine.
 * (`localeCompare` follows the process locale: under zh_CN it sorts by pinyin.)
 */
export function compareTerms(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `n` to `digits` decimals. */
export function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
