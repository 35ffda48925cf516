import type { estypes } from '@elastic/elasticsearch'
import type { AnalyzedPost, SentimentLabel } from '@yuqing/core'
import { followOriginal, relabel, relabels, sentimentOf, type Relabel } from '../relabel.ts'
import type { Relabelled } from '../store.ts'
import { bulkWrite, type BulkItem } from './bulk.ts'
import { MAX_PAGE, type EsContext } from './context.ts'
import { request, statusOf, storeError } from './es-errors.ts'
import { sentimentOfDocument, STORED_FIELDS, storedPostOf, type PostDocument, type StoredFields } from './post-document.ts'
import type { postReads } from './post-reads.ts'

/** Times a relabel reads the document again after another write got in between. */
const ATTEMPTS = 5
/** Near-duplicates of a wave read a page at a time. */
const WAVE_PAGE = 5_000

type Copy = Pick<PostDocument, 'id' | 'sentiment'>

const labelled = (sentiment: PostDocument['sentiment']): Relabel => {
  const { label, corrected } = sentimentOfDocument(sentiment)
  return { label, corrected: corrected ?? null }
}

/**
 * A person's sentiment label for a post: one partial update of its document, sent only over the
 * version it read (`if_seq_no`), so two people relabelling at once cannot each keep the other's
 * analyzer label as theirs; then its wave's near-duplicates in bulk, each over the version read
 * (see followOriginal). Every count of negative posts (terms, hours, rule hits) aggregates the
 * documents' `sentiment.label`, so none has to be adjusted beside them.
 *
 * Unlike SQLite's transaction, a copy saved while its original is relabelled can miss the relabel
 * (it was stored after the wave was read, having read the original before); relabelling the
 * original again, to the same label, brings it along.
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

  /**
   * Relabels the original's near-duplicates that follow it (`original` as it now stands); how many
   * changed. A copy written since it was read (409: a colleague's relabel of it or of the original,
   * a rule-hit marker) is read again and decided anew against the original as it then stands, up
   * to ATTEMPTS times.
   */
  async function relabelWave(id: string, now: Relabel): Promise<number> {
    let original = now
    let changed = 0
    let only: string[] | undefined
    for (let attempt = 1; ; attempt++) {
      const items = await waveItems(id, original, only)
      // Visible to the next read, as the post's own update is.
      const outcomes = await bulkWrite(ctx.client, items, { ...ctx.bulk, refresh: ctx.recordsRefresh }, pattern)
      changed += outcomes.filter((o) => o.status === 200).length
      // 404: removed by retention since it was read.
      const failed = outcomes.filter((o) => o.status !== 200 && o.status !== 409 && o.status !== 404)
      // The original carries its label already; relabelling it again, to the same label, applies the wave again.
      if (failed.length > 0) throw storeError(`${pattern} (wave of ${id})`, new Error(`${failed.length} of ${items.length} near-duplicates kept their label (${failed[0]?.error?.reason ?? 'unknown'}); relabel the post again`))
      only = items.filter((_, i) => outcomes[i]?.status === 409).map((item) => item.id)
      if (only.length === 0) return changed
      if (attempt === ATTEMPTS) throw storeError(`${pattern} (wave of ${id})`, new Error(`${only.length} near-duplicates kept changing while they were relabelled (${only.slice(0, 3).join(', ')}); relabel the post again`))
      // A colleague may have relabelled the original since: the copies follow what it is now.
      const fresh = await read(id)
      if (!fresh) return changed
      original = labelled(fresh.doc.sentiment)
    }
  }

  /** The updates that bring the wave's copies (those of `only`, when given) in line with `original`, each over the version read. */
  async function waveItems(id: string, original: Relabel, only: readonly string[] | undefined): Promise<BulkItem[]> {
    const items: BulkItem[] = []
    const query: estypes.QueryDslQueryContainer = only ? { bool: { filter: [{ term: { duplicateOf: id } }, { ids: { values: [...only] } }] } } : { term: { duplicateOf: id } }
    let after: estypes.SortResults | undefined
    for (;;) {
      const page = await request(`${pattern} (wave of ${id})`, () =>
        ctx.client.search<Copy>({
          index: pattern,
          size: WAVE_PAGE,
          query,
          sort: [{ seq: 'asc' }, { id: 'asc' }],
          _source: ['id', 'sentiment'],
          seq_no_primary_term: true,
          ...(after ? { search_after: after } : {}),
        }),
      )
      for (const hit of page.hits.hits) {
        const copy = hit._source
        const next = copy && followOriginal(labelled(copy.sentiment), original, id)
        if (!copy || !next) continue
        const version = hit._seq_no !== undefined && hit._primary_term !== undefined ? { seqNo: hit._seq_no, primaryTerm: hit._primary_term } : undefined
        items.push({ action: 'update', index: hit._index, id: copy.id, body: { doc: { sentiment: { score: copy.sentiment.score, ...next } } }, ...(version ? { version } : {}) })
      }
      const last = page.hits.hits.at(-1)
      if (!last?.sort || page.hits.hits.length < WAVE_PAGE) return items
      after = last.sort
    }
  }

  return {
    async correct(id: string, label: SentimentLabel, by: string, at: Date): Promise<Relabelled | undefined> {
      for (let attempt = 1; ; attempt++) {
        const found = await read(id)
        if (!found) return undefined
        const { doc, index } = found
        const from = doc.sentiment.label
        let now = labelled(doc.sentiment)
        const copy = doc.duplicateOf !== null
        // The label it has already: the post stays as it is (who set it, and when), its wave is checked;
        // unless it is a copy without a label of its own, which the person now makes theirs.
        if (relabels(now, label, copy)) {
          now = relabel(now, label, by, at.toISOString(), copy)
          // A partial update merges objects: `corrected: null` clears an earlier correction, and
          // `of: null` the original's id that a copy's correction carried while it followed.
          const corrected = now.corrected && { ...now.corrected, of: null }
          try {
            await ctx.client.update({
              index,
              id,
              doc: { sentiment: { score: doc.sentiment.score, label: now.label, corrected } },
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
        }
        const wave = doc.duplicateOf === null ? await relabelWave(id, now) : 0
        const [withReposts] = await posts.withReposts([{ ...doc, sentiment: sentimentOf(doc.sentiment.score, now) }])
        return withReposts && { post: storedPostOf(withReposts.doc, withReposts.reposts), from, wave }
      }
    },
  }
}

/**
 * The labels of a batch's near-duplicates whose original a person relabelled, by post id (see
 * followOriginal): a search for the originals' corrections, none when the batch folded nothing
 * into an earlier one.
 */
export async function labelsOfCopies(ctx: EsContext, copies: readonly { post: AnalyzedPost; original: string }[]): Promise<Map<string, Relabel>> {
  const originals = [...new Set(copies.map((c) => c.original))]
  const relabelled = new Map<string, Relabel>()
  for (let i = 0; i < originals.length; i += MAX_PAGE) {
    const ids = originals.slice(i, i + MAX_PAGE)
    const response = await request(`${ctx.names.postsPattern} (relabelled originals)`, () =>
      ctx.client.search<Copy>({
        index: ctx.names.postsPattern,
        size: ids.length,
        query: { bool: { filter: [{ ids: { values: ids } }, { exists: { field: 'sentiment.corrected.by' } }] } },
        _source: ['id', 'sentiment'],
      }),
    )
    for (const hit of response.hits.hits) if (hit._source) relabelled.set(hit._source.id, labelled(hit._source.sentiment))
  }
  const labels = new Map<string, Relabel>()
  for (const { post, original } of copies) {
    const stands = relabelled.get(original)
    const next = stands && followOriginal({ label: post.sentiment.label }, stands, original)
    if (next) labels.set(post.id, next)
  }
  return labels
}
