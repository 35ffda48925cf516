import { daysUpTo, type HourRange, type TermDay } from '@yuqing/core'
import { windowRange } from './trend-query.ts'
import { round } from './trends.ts'

/** A place the day's posts mention: which township, village or landmark they are about. */
export interface PlaceOfDay {
  place: string
  /** Posts mentioning it on the day (originals: a repost wave counts once). */
  count: number
  /** The same on the day before. */
  previous: number
  negativeShare: number
  /** Posts a day over the days looked at, oldest first, the day last. */
  spark: number[]
}

/** What finding the day's places reads from a store (the Store interface has all of it). */
export interface PlaceSource {
  termTotals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>>
  termDays(term: string, days: readonly string[]): Promise<TermDay[]>
}

export interface PlaceOptions {
  /** Places kept, most posts first (default 10). */
  top?: number
  /** Days of each place's sparkline, the day itself included (default 7). */
  days?: number
}

/**
 * The `places` (the analyzer's: the words the user's dictionaries tag ns) that posts of `day`
 * mention, most posts first, ties in the order given. A place is a term like any other, counted as
 * the board counts terms; this is the board read by where, which township's staff a day concerns.
 */
export async function findPlaces(source: PlaceSource, places: readonly string[], day: string, options: PlaceOptions = {}): Promise<PlaceOfDay[]> {
  if (places.length === 0) return []
  const span = Math.max(2, options.days ?? 7)
  const days = daysUpTo(day, span)
  const totals = await source.termTotals(places, [windowRange({ kind: 'day', day })])
  const count = (place: string) => totals.get(place) ?? 0
  // Stable: equal counts keep the order given. Only those kept are read day by day.
  const mentioned = places.filter((p) => count(p) > 0).sort((a, b) => count(b) - count(a)).slice(0, options.top ?? 10)
  return Promise.all(
    mentioned.map(async (place) => {
      const series = await source.termDays(place, days)
      const { count, negativeCount } = series[span - 1] as TermDay
      return { place, count, previous: series[span - 2]?.count ?? 0, negativeShare: count === 0 ? 0 : round(negativeCount / count, 3), spark: series.map((d) => d.count) }
    }),
  )
}
