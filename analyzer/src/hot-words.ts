import { addDays, type HotWord, type TermCount } from '@yuqing/core'

/**
 * The daily board: terms ranked by count weighted with specificity (so a common word that slipped
 * past the stop words ranks below a local one of the same count), with the change of rank since
 * the previous day.
 */
export function rankHotWords(
  today: readonly TermCount[],
  yesterday: readonly TermCount[],
  specificity: (term: string) => number,
  top: number,
): HotWord[] {
  const rank = (rows: readonly TermCount[]) =>
    rows
      .map((row) => ({ ...row, score: Math.round(row.count * specificity(row.term) * 100) / 100 }))
      .sort((a, b) => b.score - a.score || b.count - a.count || a.term.localeCompare(b.term))
  const before = new Map(rank(yesterday).map((row, i) => [row.term, i + 1]))
  return rank(today)
    .slice(0, top)
    .map((row, i) => {
      const previous = before.get(row.term)
      return {
        term: row.term,
        count: row.count,
        negativeCount: row.negativeCount,
        negativeShare: row.count === 0 ? 0 : Math.round((row.negativeCount / row.count) * 1000) / 1000,
        score: row.score,
        rank: i + 1,
        rankChange: previous === undefined ? null : previous - (i + 1),
      }
    })
}

/** Anything that counts a day's terms; the store does. */
export interface TermCountSource {
  termCounts(day: string, limit: number): Promise<TermCount[]>
}

/** The board of a day: its term counts ranked, with rank changes against the day before. */
export async function hotWordBoard(
  counts: TermCountSource,
  specificity: (term: string) => number,
  day: string,
  top: number,
): Promise<HotWord[]> {
  // Rank among more candidates than shown, so specificity can reorder the top.
  const pool = Math.max(200, top * 4)
  const [current, previous] = await Promise.all([counts.termCounts(day, pool), counts.termCounts(addDays(day, -1), pool)])
  return rankHotWords(current, previous, specificity, top)
}
