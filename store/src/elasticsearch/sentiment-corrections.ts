import type { SentimentLabel } from '@yuqing/core'
import type { Relabelled, SentimentCorrection } from '../store.ts'
import type { EsContext } from './context.ts'
import { request, statusOf, storeError } from './es-errors.ts'
import { STORED_FIELDS, storedPostOf, type StoredFields } from './post-document.ts'
import type { postReads } from './post-reads.ts'

/** Times a relabel reads the document again after another write got in between. */
const ATTEMPTS = 5

/**
 * A person's sentiment label for a post: one partial update of its document, sent only over the
 * version it read (`if_seq_no`), so two people relabelling at once cannot each keep the other's
 * analyzer label as theirs. Every count of negative posts (terms, hours, rule hits) aggregates the
 * documents' `sentiment.label`, so none has to be adjusted beside it.
 */
export function sentimentCorrections(ctx: EsContext, posts: ReturnType<typeof postReads>) {
  const pattern = ctx.names.postsPattern

  async function read(id: string) {
    const response = await request(`${pattern} (post ${id})`, () =>
      ctx.client.search<StoredFields>({ index: pattern, size: 1, query: { ids: { values: [id] } }, _source: [...STORED_FIELDS], seq_no_primary_term: true }),
    )
    const hit = response.hits.hits[0]
    return hit?._source && { doc: hit._source, index: hit._index, seqNo: hit._seq_no, primaryTerm: hit._primary_term }
  }

  return {
    async correct(id: string, label: SentimentLabel, by: string, at: Date): Promise<Relabelled | undefined> {
      for (let attempt = 1; ; attempt++) {
        const found = await read(id)
        if (!found) return undefined
        const { doc, index } = found
        const from = doc.sentiment.label
        let sentiment = doc.sentiment
        if (label !== from) {
          const was = doc.sentiment.corrected?.was ?? from
          const corrected: SentimentCorrection | null = label === was ? null : { by, at: at.toISOString(), was }
          try {
            // `corrected: null` clears an earlier correction (a partial update merges objects).
            await ctx.client.update({
              index,
              id,
              doc: { sentiment: { score: doc.sentiment.score, label, corrected } },
              ...(found.seqNo !== undefined && found.primaryTerm !== undefined ? { if_seq_no: found.seqNo, if_primary_term: found.primaryTerm } : {}),
              refresh: ctx.recordsRefresh,
            })
          } catch (error) {
            const status = statusOf(error)
            // Removed (retention) since it was read: as if it had never been there.
            if (status === 404) return undefined
            if (status === 409 && attempt < ATTEMPTS) continue
            throw storeError(`${index}/${id} (sentiment)`, error)
          }
          sentiment = corrected ? { score: doc.sentiment.score, label, corrected } : { score: doc.sentiment.score, label }
        }
        const [withReposts] = await posts.withReposts([{ ...doc, sentiment }])
        return withReposts && { post: storedPostOf(withReposts.doc, withReposts.reposts), from }
      }
    },
  }
}
