import type { SentimentLabel } from '@yuqing/core'
import type { SentimentCorrection, StoredPost } from '../store.ts'
import type { EsContext } from './context.ts'
import { request } from './es-errors.ts'
import { storedPostOf } from './post-document.ts'
import type { postReads } from './post-reads.ts'

/**
 * A person's sentiment label for a post: one partial update of its document. Every count of
 * negative posts (terms, hours, rule hits) aggregates the documents' `sentiment.label`, so none
 * has to be adjusted beside it.
 */
export function sentimentCorrections(ctx: EsContext, posts: ReturnType<typeof postReads>) {
  return {
    async correct(id: string, label: SentimentLabel, by: string, at: Date): Promise<StoredPost | undefined> {
      const [doc] = await posts.byIds([id], [])
      if (!doc) return undefined
      const was = doc.sentiment.corrected?.was ?? doc.sentiment.label
      const corrected: SentimentCorrection | null = label === was ? null : { by, at: at.toISOString(), was }
      const index = ctx.names.postsOf(doc.day)
      // `corrected: null` clears an earlier correction (a partial update merges objects).
      await request(`${index} (sentiment of post ${id})`, () =>
        ctx.client.update({ index, id, doc: { sentiment: { score: doc.sentiment.score, label, corrected } }, refresh: ctx.recordsRefresh }),
      )
      const sentiment = corrected ? { score: doc.sentiment.score, label, corrected } : { score: doc.sentiment.score, label }
      const [found] = await posts.withReposts([{ ...doc, sentiment }])
      return found && storedPostOf(found.doc, found.reposts)
    },
  }
}
