import { CriticalError, RetryableError } from '@yuqing/core'
import type { PendingMatch } from '../store.ts'
import { bulkWrite, type BulkItem } from './bulk.ts'
import type { EsContext } from './context.ts'
import { isTransient, request } from './es-errors.ts'
import type { PostDocument } from './post-document.ts'

type Marked = Pick<PostDocument, 'id' | 'day' | 'source' | 'duplicateOf' | 'pendingMatchAt' | 'ruleHits'>

/**
 * "Pending match" markers: the `pendingMatchAt` field of the post documents (see save-posts.ts).
 * Listing is a search, so it sees a marker once the index has refreshed (a second at most): the
 * engine lists only markers older than its grace period, long past that.
 */
export function pendingMatchReads(ctx: EsContext) {
  const index = ctx.names.postsPattern

  return {
    async list(markedBy: Date, limit: number): Promise<PendingMatch[]> {
      const response = await request(`${index} (posts pending their match alert)`, () =>
        ctx.client.search<Marked>({
          index,
          size: limit,
          query: { range: { pendingMatchAt: { lte: markedBy.toISOString() } } },
          sort: [{ pendingMatchAt: { order: 'asc', unmapped_type: 'date' } }, { seq: 'asc' }],
          _source: ['id', 'day', 'source', 'duplicateOf', 'pendingMatchAt', 'ruleHits'],
        }),
      )
      return response.hits.hits.flatMap((h) => {
        const doc = h._source
        if (!doc?.pendingMatchAt) return []
        const hits = doc.ruleHits.map((hit) => ({ ruleId: hit.ruleId, terms: hit.terms }))
        return [{ id: doc.id, day: doc.day, source: doc.source, duplicateOf: doc.duplicateOf, markedAt: doc.pendingMatchAt, hits }]
      })
    },

    /** One partial update per post, in the index of its month; a post no longer there (retention) is done with. */
    async clear(posts: readonly Pick<PendingMatch, 'id' | 'day'>[]): Promise<void> {
      if (posts.length === 0) return
      const items = posts.map((p): BulkItem => ({ action: 'update', index: ctx.names.postsOf(p.day), id: p.id, body: { doc: { pendingMatchAt: null } } }))
      const outcomes = await bulkWrite(ctx.client, items, ctx.bulk, index)
      const failed = outcomes.flatMap((o, i) => (o.status >= 300 && o.status !== 404 ? [{ id: posts[i]?.id, ...o }] : []))
      if (failed.length === 0) return
      const shown = failed.slice(0, 5).map((f) => `${f.id} (${f.status}: ${f.error?.type ?? 'unknown'})`)
      const message = `Elasticsearch: ${failed.length} pending-match marker(s) not cleared: ${shown.join('; ')}${failed.length > 5 ? '; …' : ''}`
      throw failed.some((f) => f.status === 0 || isTransient(f.status)) ? new RetryableError(message, { where: index }) : new CriticalError(message, { where: index })
    },
  }
}
