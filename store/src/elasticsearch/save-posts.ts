import type { AnalyzedPost } from '@yuqing/core'
import type { BandIndex } from '../sqlite/band-index.ts'
import { EMPTY_HASH, NEAR_DUPLICATE_BITS } from '../near-duplicates.ts'
import { sentimentOf } from '../relabel.ts'
import type { SaveOptions, SaveResult } from '../store.ts'
import { bulkWrite, type BulkItem, type BulkOutcome } from './bulk.ts'
import type { EsContext } from './context.ts'
import { isTransient, PostsNotStoredError, PostsRejectedError, request, type NotStored } from './es-errors.ts'
import { loadBandIndex } from './near-duplicates.ts'
import { postDocument, type PostDocument } from './post-document.ts'
import { labelsOfCopies } from './sentiment-corrections.ts'

interface Planned {
  doc: PostDocument
  /** The original is new in this batch: the copy is sent once the original is stored. */
  waitsFor: string | undefined
}

/**
 * Saves a batch of posts: each one a `create` by its id in the index of its month, so a post
 * stored before answers 409 and counts as a duplicate. Near-duplicates are folded into the
 * earliest original within 3 bits, as in the SQLite store; a copy of an original of the same
 * batch is sent after it, and not at all if the original could not be stored. A post awaiting its
 * `match` alert carries `pendingMatchAt` in its own document: the marker is stored with the post
 * or not at all, as in SQLite's transaction.
 */
export function postWriter(ctx: EsContext, ensureIndex: (index: string) => Promise<void>, initial: BandIndex) {
  let bands = initial
  let stale = false

  /** As SQLite does after a rollback, once a refresh has made every stored post visible to search. */
  async function reloadBands(): Promise<void> {
    const index = ctx.names.postsPattern
    await request(index, () => ctx.client.indices.refresh({ index }))
    bands = await loadBandIndex(ctx)
    stale = false
  }

  async function storedAlready(posts: readonly AnalyzedPost[]): Promise<Set<string>> {
    // A realtime get by id in the post's own index: it sees posts written a moment ago, before
    // any refresh, so a batch saved twice in a row is recognised.
    const response = await request(`${ctx.names.postsPattern} (stored ids)`, () =>
      ctx.client.mget({ docs: posts.map((p) => ({ _index: ctx.names.postsOf(p.day), _id: p.id })), _source: false }),
    )
    const found = new Set<string>()
    for (const doc of response.docs) if ('found' in doc && doc.found) found.add(doc._id)
    return found
  }

  return async function savePosts(posts: readonly AnalyzedPost[], options: SaveOptions = {}): Promise<SaveResult> {
    if (posts.length === 0) return { stored: 0, folded: 0, duplicates: 0, saved: [] }
    const pending = new Set(options.pendingMatch?.ids)
    const markedAt = options.pendingMatch?.at.toISOString()
    if (stale) await reloadBands()
    for (const index of new Set(posts.map((p) => ctx.names.postsOf(p.day)))) await ensureIndex(index)
    const known = await storedAlready(posts)

    const planned: Planned[] = []
    const seen = new Set<string>()
    const newOriginals = new Set<string>()
    const copies: { post: AnalyzedPost; original: string }[] = []
    for (const post of posts) {
      if (known.has(post.id) || seen.has(post.id)) continue
      seen.add(post.id)
      const duplicateOf = post.simhash === EMPTY_HASH ? undefined : bands.find(post.simhash, post.day, NEAR_DUPLICATE_BITS)
      if (!duplicateOf && post.simhash !== EMPTY_HASH) {
        bands.add({ id: post.id, simhash: post.simhash, day: post.day })
        newOriginals.add(post.id)
      }
      const doc = postDocument(post, duplicateOf, ctx.nextSeq(), pending.has(post.id) ? markedAt : undefined)
      planned.push({ doc, waitsFor: duplicateOf && newOriginals.has(duplicateOf) ? duplicateOf : undefined })
      // Copies of an earlier original: it may have been relabelled (an original new in this batch was not).
      if (duplicateOf && !newOriginals.has(duplicateOf)) copies.push({ post, original: duplicateOf })
    }
    const followed = await labelsOfCopies(ctx, copies)
    for (const { doc } of planned) {
      const follows = followed.get(doc.id)
      if (follows) doc.sentiment = sentimentOf(doc.sentiment.score, follows)
    }

    const outcomes = new Map<string, BulkOutcome>()
    const send = async (batch: readonly Planned[]) => {
      const items = batch.map((p): BulkItem => ({ action: 'create', index: ctx.names.postsOf(p.doc.day), id: p.doc.id, body: p.doc }))
      const results = await bulkWrite(ctx.client, items, ctx.bulk, ctx.names.postsPattern)
      batch.forEach((p, i) => outcomes.set(p.doc.id, results[i] ?? { status: 0 }))
    }
    await send(planned.filter((p) => !p.waitsFor))
    const exists = (id: string) => [201, 409].includes(outcomes.get(id)?.status ?? 0)
    await send(planned.filter((p) => p.waitsFor && exists(p.waitsFor)))

    const result: SaveResult = { stored: 0, folded: 0, duplicates: posts.length - planned.length, saved: [] }
    const notStored: NotStored[] = []
    for (const { doc, waitsFor } of planned) {
      const outcome = outcomes.get(doc.id)
      if (outcome?.status === 201) {
        result.stored++
        if (doc.duplicateOf) result.folded++
        result.saved.push({ id: doc.id, duplicateOf: doc.duplicateOf })
      } else if (outcome?.status === 409) {
        result.duplicates++
      } else if (outcome) {
        notStored.push({ id: doc.id, status: outcome.status, reason: outcome.error ? `${outcome.error.type}: ${outcome.error.reason}` : 'unknown' })
      } else {
        notStored.push({ id: doc.id, status: 0, reason: `its original ${waitsFor ?? ''} was not stored` })
      }
    }
    if (notStored.length === 0) return result

    // Originals that were not stored went into the band index: it is read again before the next batch.
    if (notStored.some((n) => newOriginals.has(n.id))) stale = true
    const where = ctx.names.postsPattern
    throw notStored.some((n) => n.status === 0 || isTransient(n.status))
      ? new PostsNotStoredError(notStored, result, where)
      : new PostsRejectedError(notStored, result, where)
  }
}
