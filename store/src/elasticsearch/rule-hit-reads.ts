import type { estypes } from '@elastic/elasticsearch'
import type { PostRuleHit } from '@yuqing/core'
import type { RuleHitCount, RuleHitPost, RuleHitQuery } from '../store.ts'
import type { EsContext } from './context.ts'
import { request } from './es-errors.ts'
import { storedPostOf, type PostDocument } from './post-document.ts'
import type { postReads } from './post-reads.ts'
import { inHours, NEGATIVE_SUB_AGGREGATION, ORIGINALS, type Buckets, type WithNegative } from './queries.ts'

/**
 * Rule hits, read from the posts they were stored with (`ruleIds` for counting, `ruleHits` for
 * the spans): a hit exists exactly when its post does, so a re-sent batch cannot count it twice.
 */
export function ruleHitReads(ctx: EsContext, posts: ReturnType<typeof postReads>) {
  const index = ctx.names.postsPattern
  const hitsOf = (q: RuleHitQuery): estypes.QueryDslQueryContainer[] => [
    { term: { ruleIds: q.ruleId } },
    inHours(q.range),
    ...(q.foldDuplicates ? [ORIGINALS] : []),
  ]

  return {
    async counts(q: RuleHitQuery, groupBy?: 'source'): Promise<RuleHitCount[]> {
      const where = `${index} (hits of rule ${q.ruleId})`
      if (groupBy === 'source') {
        const response = await request(where, () =>
          ctx.client.search<unknown, { groups?: Buckets<WithNegative> }>({
            index,
            size: 0,
            query: { bool: { filter: hitsOf(q) } },
            aggs: { groups: { terms: { field: 'source', size: 1000, order: [{ _count: 'desc' }, { _key: 'asc' }] }, aggs: NEGATIVE_SUB_AGGREGATION } },
          }),
        )
        return (response.aggregations?.groups?.buckets ?? []).map((b) => ({ group: b.key, count: b.doc_count, negative: b.negative.doc_count }))
      }
      const response = await request(where, () =>
        ctx.client.search<unknown, { negative?: { doc_count: number } }>({
          index,
          size: 0,
          track_total_hits: true,
          query: { bool: { filter: hitsOf(q) } },
          aggs: NEGATIVE_SUB_AGGREGATION,
        }),
      )
      const total = response.hits.total
      const count = typeof total === 'number' ? total : (total?.value ?? 0)
      return count === 0 ? [] : [{ group: '', count, negative: response.aggregations?.negative?.doc_count ?? 0 }]
    },

    async postIds(q: RuleHitQuery, limit: number, source?: string): Promise<string[]> {
      const response = await request(`${index} (posts hit by rule ${q.ruleId})`, () =>
        ctx.client.search<Pick<PostDocument, 'id'>>({
          index,
          size: limit,
          query: { bool: { filter: [...hitsOf(q), ...(source === undefined ? [] : [{ term: { source } }])] } },
          sort: [{ hour: 'desc' }, { publishedAt: { order: 'desc', missing: '_last' } }, { seq: 'desc' }],
          _source: ['id'],
        }),
      )
      return response.hits.hits.flatMap((h) => (h._source ? [h._source.id] : []))
    },

    async ruleHitsOf(postId: string): Promise<PostRuleHit[]> {
      const [doc] = await posts.byIds([postId], ['ruleHits'])
      return [...(doc?.ruleHits ?? [])].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
    },

    async postsWithHits(ids: readonly string[], ruleId: string): Promise<RuleHitPost[]> {
      const found = await posts.withReposts(await posts.byIds(ids, ['ruleHits']))
      const byId = new Map(found.map((f) => [f.doc.id, f]))
      return ids.flatMap((id) => {
        const entry = byId.get(id)
        if (!entry) return []
        const hit = entry.doc.ruleHits.find((h) => h.ruleId === ruleId)
        return [{ post: storedPostOf(entry.doc, entry.reposts), spans: hit?.spans ?? [], terms: hit?.terms ?? [] }]
      })
    },
  }
}
