import { addDays, type HotWord, type TermCount } from '@yuqing/core'
import { compareTerms } from './trends.ts'

/**
 * How much growth and negativity lift a term on the board. The mix, for a term with `count` posts
 * today and `before` posts the day before:
 *
 *     score = count × specificity × (1 + 0.5 · growthBoost) × (1 + 0.5 · negativeShare)
 *     growthBoost = clamp(log2((count + 1) / (before + 1)), 0, 2)
 *
 * Volume leads, since the board shows what is talked about: both lifts are bounded, so even a new,
 * wholly negative word (×2 × ×1.5 = ×3) needs over a third of the count of a flat, neutral one to
 * pass it. A word that doubled (4 → 9) gains half again; one that quadrupled, or is new with 3
 * posts or more, doubles and no more, so a burst of a few posts cannot bury a story of fifty. The
 * +1s keep a rise from nothing finite and damp tiny counts (1 → 2 lifts by ×1.29 only). A fall is
 * not punished: a fading story is still being talked about today.
 */
const GROWTH_WEIGHT = 0.5
const MAX_GROWTH_BOOST = 2
const NEGATIVE_WEIGHT = 0.5

/**
 * The daily board: `today`'s terms ranked by the mix above, with the change of rank since the
 * board of `yesterday`. Specificity keeps a common word that slipped past the stop words below a
 * local one of the same count.
 *
 * Growth is read against `yesterday`; a term absent from it counts 0 there, so pass enough of the
 * day's counts. An empty `yesterday` means the day was not monitored (not that nothing was said):
 * growth is then unknown and lifts no term. Yesterday's own ranks, for `rankChange`, use the same
 * mix against `dayBefore`, so that the change matches the two boards staff saw; without it they use
 * volume, specificity and negativity only.
 */
export function rankHotWords(
  today: readonly TermCount[],
  yesterday: readonly TermCount[],
  specificity: (term: string) => number,
  top: number,
  dayBefore: readonly TermCount[] = [],
): HotWord[] {
  const before = new Map(rankDay(yesterday, dayBefore, specificity).map((row, i) => [row.term, i + 1]))
  return rankDay(today, yesterday, specificity)
    .slice(0, top)
    .map((row, i) => {
      const previous = before.get(row.term)
      return { ...row, rank: i + 1, rankChange: previous === undefined ? null : previous - (i + 1) }
    })
}

type ScoredRow = Omit<HotWord, 'rank' | 'rankChange'>

function rankDay(rows: readonly TermCount[], previous: readonly TermCount[], specificity: (term: string) => number): ScoredRow[] {
  const earlier = previous.length === 0 ? undefined : new Map(previous.map((row) => [row.term, row.count]))
  return rows
    .map(({ term, count, negativeCount }) => {
      const negativeShare = count === 0 ? 0 : negativeCount / count
      const growthBoost = earlier === undefined ? 0 : clamp(Math.log2((count + 1) / ((earlier.get(term) ?? 0) + 1)), 0, MAX_GROWTH_BOOST)
      const score = count * specificity(term) * (1 + GROWTH_WEIGHT * growthBoost) * (1 + NEGATIVE_WEIGHT * negativeShare)
      return { term, count, negativeCount, negativeShare: round(negativeShare, 3), score: round(score, 2) }
    })
    .sort((a, b) => b.score - a.score || b.count - a.count || compareTerms(a.term, b.term))
}

/** Anything that counts a day's terms; the store does. */
export interface TermCountSource {
  termCounts(day: string, limit: number): Promise<TermCount[]>
}

/** The board of a day, with rank changes against the board of the day before. */
export async function hotWordBoard(
  counts: TermCountSource,
  specificity: (term: string) => number,
  day: string,
  top: number,
): Promise<HotWord[]> {
  // Rank among more candidates than shown, so specificity, growth and negativity can reorder the
  // top. The same pool on every day makes yesterday's ranks here the ranks its own board showed
  // (a term below yesterday's pool counts 0 there, a small overstatement of its growth).
  const pool = Math.max(200, top * 4)
  const [current, previous, beforeThat] = await Promise.all([
    counts.termCounts(day, pool),
    counts.termCounts(addDays(day, -1), pool),
    counts.termCounts(addDays(day, -2), pool),
  ])
  return rankHotWords(current, previous, specificity, top, beforeThat)
}

function clamp(n: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, n))
}

function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
