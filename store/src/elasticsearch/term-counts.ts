import type { estypes } from '@elastic/elasticsearch'
import type { HourRange, TermCount, TermDay } from '@yuqing/core'
import type { EsContext } from './context.ts'
import { request } from './es-errors.ts'
import { inHours, NEGATIVE_SUB_AGGREGATION, ORIGINALS, type Buckets, type WithNegative } from './queries.ts'

/**
 * Hot words and trend baselines, aggregated over the `terms` field of the post documents.
 *
 * Why not hourly bucket documents bumped by scripted upserts, as SQLite keeps `term_buckets`?
 * An upsert that adds 1 is not idempotent: a bulk request whose answer was lost (timeout,
 * dropped connection) must be sent again, and whatever part of it was applied counts twice.
 * Counting the post documents themselves cannot drift: a post is stored once (create by id),
 * with its terms in the same document. A day of posts is one monthly index and one shard, so
 * the aggregation is exact there; across months each shard returns `shard_size` candidates.
 */
export function termCounts(ctx: EsContext) {
  const index = ctx.names.postsPattern

  async function countsIn(range: HourRange, limit: number): Promise<TermCount[]> {
    const response = await request(`${index} (term counts)`, () =>
      ctx.client.search<unknown, { terms?: Buckets<WithNegative> }>({
        index,
        size: 0,
        query: { bool: { filter: [inHours(range), ORIGINALS] } },
        aggs: {
          terms: {
            terms: { field: 'terms', size: limit, shard_size: Math.max(limit * 10, 1000), order: [{ _count: 'desc' }, { _key: 'asc' }] },
            aggs: NEGATIVE_SUB_AGGREGATION,
          },
        },
      }),
    )
    return (response.aggregations?.terms?.buckets ?? []).map((b) => ({ term: b.key, count: b.doc_count, negativeCount: b.negative.doc_count }))
  }

  return {
    countsIn,

    async countsOfDay(day: string, limit: number): Promise<TermCount[]> {
      return countsIn({ from: `${day}T00`, to: `${day}T23` }, limit)
    },

    /** One `filter` aggregation per range, each with the terms asked for: overlapping ranges count twice, as they do on SQLite. */
    async totals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>> {
      const totals = new Map(terms.map((t) => [t, 0]))
      if (terms.length === 0 || ranges.length === 0) return totals
      const aggs: Record<string, estypes.AggregationsAggregationContainer> = {}
      ranges.forEach((range, i) => {
        aggs[`range${i}`] = { filter: inHours(range), aggs: { terms: { terms: { field: 'terms', include: [...terms], size: terms.length } } } }
      })
      const response = await request(`${index} (term totals)`, () =>
        ctx.client.search<unknown, Record<string, { terms?: Buckets }>>({
          index,
          size: 0,
          query: { bool: { filter: [{ terms: { terms: [...terms] } }, ORIGINALS] } },
          aggs,
        }),
      )
      for (const range of Object.values(response.aggregations ?? {})) {
        for (const b of range.terms?.buckets ?? []) totals.set(b.key, (totals.get(b.key) ?? 0) + b.doc_count)
      }
      return totals
    },

    /** The term's originals per day, a `terms` aggregation over the days asked for. */
    async days(term: string, days: readonly string[]): Promise<TermDay[]> {
      if (days.length === 0) return []
      const response = await request(`${index} (term days)`, () =>
        ctx.client.search<unknown, { days?: Buckets<WithNegative> }>({
          index,
          size: 0,
          query: { bool: { filter: [{ term: { terms: term } }, { terms: { day: [...days] } }, ORIGINALS] } },
          aggs: { days: { terms: { field: 'day', size: days.length }, aggs: NEGATIVE_SUB_AGGREGATION } },
        }),
      )
      const found = new Map((response.aggregations?.days?.buckets ?? []).map((b) => [b.key, b]))
      return days.map((day) => {
        const b = found.get(day)
        return { day, count: b?.doc_count ?? 0, negativeCount: b?.negative.doc_count ?? 0 }
      })
    },

    async postCount(range: HourRange): Promise<number> {
      const response = await request(`${index} (post count)`, () => ctx.client.count({ index, query: { bool: { filter: [inHours(range), ORIGINALS] } } }))
      return response.count
    },
  }
}
