import { InputError, isDay, isHour, type HourRange } from '@yuqing/core'
import type { Store } from './store.ts'

/**
 * `store` with its range queries guarded: a range whose ends are not hour labels of real days
 * (`YYYY-MM-DDTHH`), or a day that is not one (`YYYY-MM-DD`), is refused with an InputError naming
 * the label, the same from every backend,
 * instead of whatever SQLite or Elasticsearch would make of it (nothing, or an error from deep
 * inside). Ranges come from checked input (API, CLI, rule windows); this is the floor under a caller
 * that slipped.
 */
export function checkingRanges(store: Store): Store {
  return {
    ...store,
    termCountsIn: async (range, limit) => store.termCountsIn(checked(range), limit),
    termTotals: async (terms, ranges) => store.termTotals(terms, ranges.map(checked)),
    termDays: async (term, days) => store.termDays(term, days.map(checkedDay)),
    postCount: async (range) => store.postCount(checked(range)),
    postsMentioning: async (terms, range, limit) => store.postsMentioning(terms, checked(range), limit),
    ruleHitCounts: async (query, groupBy) => store.ruleHitCounts({ ...query, range: checked(query.range) }, groupBy),
    ruleHitPostIds: async (query, limit, source) => store.ruleHitPostIds({ ...query, range: checked(query.range) }, limit, source),
    postsIn: async (range, after, limit) => store.postsIn(checked(range), after, limit),
  }
}

function checkedDay(day: string): string {
  if (typeof day !== 'string' || !isDay(day)) throw new InputError(`expected a day YYYY-MM-DD, got ${JSON.stringify(day)}`, { where: 'term days' })
  return day
}

function checked(range: HourRange): HourRange {
  for (const [end, label] of [['from', range.from], ['to', range.to]] as const) {
    if (typeof label !== 'string' || !isHour(label)) {
      throw new InputError(`expected an hour YYYY-MM-DDTHH, got ${JSON.stringify(label)}`, { where: `hour range ${end}` })
    }
  }
  return range
}
