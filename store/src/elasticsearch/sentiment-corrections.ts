import type { estypes } from '@elastic/elasticsearch'
import type { AnalyzedPost, SentimentLabel } from '@yuqing/core'
import { followOriginal } from '../near-duplicates.ts'
import type { Relabelled, SentimentCorrection } from '../store.ts'
import { bulkWrite, type BulkItem } from './bulk.ts'
import type { EsContext } from './context.ts'
import { request, statusOf, storeError } from './es-errors.ts'
import { STORED_FIELDS, storedPostOf, type PostDocument, type StoredFields } from './post-document.ts'
import type { postReads } from './post-reads.ts'

/** Times a relabel reads the document again after another write got in between. */
const ATTEMPTS = 5
/** Near-duplicates of a wave read a page at a time. */
const WAVE_PAGE = 5_000

type Copy = Pick<PostDocument, 'id' | 'sentiment'>

/**
 * A person's sentiment label for a post: one partial update of its document, sent only over the
 * version it read (`if_seq_no`), so two people relabelling at once cannot each keep the other's
 * analyzer label as theirs; then its wave's near-duplicates, in bulk (see followOriginal). Every
 * count of negative posts (terms, hours, rule hits) aggregates the documents' `sentiment.label`,
 * so none has to be adjusted beside them.
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

  /** Relabels the original's near-duplicates that follow it; how many changed. */
  async function relabelWave(original: string, relabel: { label: SentimentLabel; by: string; at: string }): Promise<number> {
    const items: BulkItem[] = []
    let after: estypes.SortResults | undefined
    for (;;) {
      const page = await request(`${pattern} (wave of ${original})`, () =>
        ctx.client.search<Copy>({
          index: pattern,
          size: WAVE_PAGE,
          query: { term: { duplicateOf: original } },
          sort: [{ seq: 'asc' }, { id: 'asc' }],
          _source: ['id', 'sentiment'],
          ...(after ? { search_after: after } : {}),
        }),
      )
      for (const hit of page.hits.hits) {
        const copy = hit._source
        if (!copy) continue
        const follows = followOriginal({ label: copy.sentiment.label, corrected: copy.sentiment.corrected ?? undefined }, relabel, original)
        if (follows) items.push({ action: 'update', index: hit._index, id: copy.id, body: { doc: { sentiment: { score: copy.sentiment.score, ...follows } } } })
      }
      const last = page.hits.hits.at(-1)
      if (!last?.sort || page.hits.hits.length < WAVE_PAGE) break
      after = last.sort
    }
    // Visible to the next read, as the post's own update is.
    const outcomes = await bulkWrite(ctx.client, items, { ...ctx.bulk, refresh: ctx.recordsRefresh }, pattern)
    const failed = outcomes.filter((o) => o.status !== 200)
    // The original carries its label already; relabelling it again applies the wave again.
    if (failed.length > 0) throw storeError(`${pattern} (wave of ${original})`, new Error(`${failed.length} of ${items.length} near-duplicates kept their label (${failed[0]?.error?.reason ?? 'unknown'}); relabel the post again`))
    return items.length
  }

  return {
    async correct(id: string, label: SentimentLabel, by: string, at: Date): Promise<Relabelled | undefined> {
      for (let attempt = 1; ; attempt++) {
        const found = await read(id)
        if (!found) return undefined
        const { doc, index } = found
        const from = doc.sentiment.label
        let sentiment = doc.sentiment
        // The label it has already: the post stays as it is (who set it, and when), its wave is checked.
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
        const wave = doc.duplicateOf === null ? await relabelWave(id, { label, by, at: at.toISOString() }) : 0
        const [withReposts] = await posts.withReposts([{ ...doc, sentiment }])
        return withReposts && { post: storedPostOf(withReposts.doc, withReposts.reposts), from, wave }
      }
    },
  }
}

/** A label a near-duplicate takes from its original (see followOriginal). */
export type FollowedLabel = { label: SentimentLabel; corrected: SentimentCorrection | null }

/**
 * The labels of a batch's near-duplicates whose original a person relabelled, by post id: one
 * search for the originals' corrections, none when the batch folded nothing into an earlier one.
 */
export async function labelsOfCopies(ctx: EsContext, copies: readonly { post: AnalyzedPost; original: string }[]): Promise<Map<string, FollowedLabel>> {
  const labels = new Map<string, FollowedLabel>()
  const originals = [...new Set(copies.map((c) => c.original))]
  if (originals.length === 0) return labels
  const response = await request(`${ctx.names.postsPattern} (relabelled originals)`, () =>
    ctx.client.search<Copy>({
      index: ctx.names.postsPattern,
      size: originals.length,
      query: { bool: { filter: [{ ids: { values: originals } }, { exists: { field: 'sentiment.corrected.by' } }] } },
      _source: ['id', 'sentiment'],
    }),
  )
  const relabels = new Map<string, { label: SentimentLabel; by: string; at: string }>()
  for (const hit of response.hits.hits) {
    const corrected = hit._source?.sentiment.corrected
    if (hit._source && corrected) relabels.set(hit._source.id, { label: hit._source.sentiment.label, by: corrected.by, at: corrected.at })
  }
  for (const { post, original } of copies) {
    const relabel = relabels.get(original)
    const follows = relabel && followOriginal({ label: post.sentiment.label }, relabel, original)
    if (follows) labels.set(post.id, follows)
  }
  return labels
}
