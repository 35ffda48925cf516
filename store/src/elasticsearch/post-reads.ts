import type { estypes } from '@elastic/elasticsearch'
import type { DayVolume, HourRange, PostFact } from '@yuqing/core'
import { searchPieces, snippetOf } from '../search-text.ts'
import type { PostPage, PostQuery, StoredPost } from '../store.ts'
import { MAX_PAGE, type EsContext } from './context.ts'
import { failedPart, request } from './es-errors.ts'
import { STORED_FIELDS, storedPostOf, type PostDocument, type StoredFields } from './post-document.ts'
import { allWords, inHours, NEGATIVE_SUB_AGGREGATION, NEWEST_FIRST, ORIGINALS, type Bucket, type Buckets, type WithNegative } from './queries.ts'

/** Reads of stored posts: by id, by words, by day, in storage order. */
export function postReads(ctx: EsContext, tokenize: (text: string) => string[]) {
  const index = ctx.names.postsPattern

  /**
   * The size of each post's repost wave, counted when read (posts folded into it) rather than
   * kept as a counter on the original: a counter bumped by a script would count twice when a
   * bulk request is sent again after a lost answer.
   */
  async function withReposts<T extends StoredFields>(docs: readonly T[]): Promise<{ doc: T; reposts: number }[]> {
    if (docs.length === 0) return []
    const ids = docs.map((d) => d.id)
    const response = await request(`${index} (reposts)`, () =>
      ctx.client.search<unknown, { reposts?: Buckets }>({
        index,
        size: 0,
        query: { terms: { duplicateOf: ids } },
        aggs: { reposts: { terms: { field: 'duplicateOf', size: ids.length } } },
      }),
    )
    const counts = new Map((response.aggregations?.reposts?.buckets ?? []).map((b) => [b.key, b.doc_count]))
    return docs.map((doc) => ({ doc, reposts: counts.get(doc.id) ?? 0 }))
  }

  async function documents<T = StoredFields>(where: string, search: estypes.SearchRequest): Promise<{ total: number; docs: T[]; sorts: estypes.SortResults[] }> {
    const response = await request(where, () => ctx.client.search<T>({ index, ...search }))
    const hits = response.hits.hits.filter((h): h is typeof h & { _source: T } => h._source !== undefined)
    const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? hits.length)
    return { total, docs: hits.map((h) => h._source), sorts: hits.map((h) => h.sort ?? []) }
  }

  return {
    withReposts,

    /** The stored posts with these ids, in no particular order (missing ones left out). */
    async byIds<T extends keyof PostDocument>(ids: readonly string[], fields: readonly T[]): Promise<Pick<PostDocument, T | (typeof STORED_FIELDS)[number]>[]> {
      if (ids.length === 0) return []
      const found = await documents<Pick<PostDocument, T | (typeof STORED_FIELDS)[number]>>(`${index} (posts by id)`, {
        size: ids.length,
        query: { ids: { values: [...ids] } },
        _source: [...STORED_FIELDS, ...fields],
      })
      return found.docs
    },

    async knownIds(ids: readonly string[]): Promise<Set<string>> {
      const known = new Set<string>()
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000)
        const response = await request(`${index} (known ids)`, () =>
          ctx.client.search({ index, size: chunk.length, query: { ids: { values: chunk } }, _source: false }),
        )
        for (const hit of response.hits.hits) if (hit._id) known.add(hit._id)
      }
      return known
    },

    async search(query: PostQuery): Promise<PostPage> {
      const { asked, pieces, highlight } = searchPieces(query, tokenize)
      if (asked && !pieces) return { total: 0, items: [] }
      const filter: estypes.QueryDslQueryContainer[] = []
      if (pieces) filter.push(allWords(pieces))
      if (query.day) filter.push({ term: { day: query.day } })
      if (query.from || query.to) filter.push({ range: { day: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } } })
      if (query.source) filter.push({ term: { source: query.source } })
      if (query.foldDuplicates) filter.push(ORIGINALS)
      if (query.sentiment) filter.push({ term: { 'sentiment.label': query.sentiment } })
      if (query.rule) filter.push({ term: { ruleIds: query.rule } })
      if (query.duplicateOf) filter.push({ term: { duplicateOf: query.duplicateOf } })
      if (query.corrected) filter.push({ exists: { field: 'sentiment.corrected.by' } }, { bool: { must_not: { exists: { field: 'sentiment.corrected.of' } } } })
      const found = await documents(`${index} (search)`, {
        query: { bool: { filter } },
        sort: NEWEST_FIRST,
        from: query.offset ?? 0,
        size: query.limit ?? 20,
        track_total_hits: true,
        _source: [...STORED_FIELDS],
      })
      const items = (await withReposts(found.docs)).map(({ doc, reposts }): StoredPost => storedPostOf(doc, reposts, snippetOf(doc.text, highlight, doc.title)))
      return { total: found.total, items }
    },

    /** For each term, up to `limit` originals of the range that mention it, newest first: one multi-search. */
    /** The originals that have the term among their terms (the posts its count counts), not every post whose words contain it. */
    async mentioning(terms: readonly string[], range: HourRange, limit: number): Promise<Map<string, PostFact[]>> {
      const out = new Map<string, PostFact[]>(terms.map((t) => [t, []]))
      const searchable = limit > 0 ? [...out.keys()] : []
      if (searchable.length === 0) return out
      const searches: estypes.MsearchRequestItem[] = searchable.flatMap((term) => [
        { index },
        { size: limit, query: { bool: { filter: [{ term: { terms: term } }, inHours(range), ORIGINALS] } }, sort: NEWEST_FIRST, _source: ['id', 'sentiment.label', 'publishedAt'] },
      ])
      const response = await request(`${index} (posts mentioning)`, () => ctx.client.msearch<Pick<PostDocument, 'id' | 'sentiment' | 'publishedAt'>>({ searches }))
      response.responses.forEach((answer, i) => {
        const term = searchable[i] as string
        if ('error' in answer) throw failedPart(`${index} (posts mentioning ${term})`, answer.status, answer.error.reason ?? answer.error.type)
        out.set(
          term,
          answer.hits.hits.flatMap((h) => (h._source ? [{ id: h._source.id, negative: h._source.sentiment.label === 'negative', publishedAt: h._source.publishedAt }] : [])),
        )
      })
      return out
    },

    /** Days with posts (near-duplicates included), newest first, with their originals and the negative ones. */
    async days(): Promise<DayVolume[]> {
      const response = await request(`${index} (days)`, () =>
        ctx.client.search<unknown, { days?: Buckets<Bucket & { originals?: WithNegative }> }>({
          index,
          size: 0,
          aggs: { days: { terms: { field: 'day', size: MAX_PAGE, order: { _key: 'desc' } }, aggs: { originals: { filter: ORIGINALS, aggs: NEGATIVE_SUB_AGGREGATION } } } },
        }),
      )
      return (response.aggregations?.days?.buckets ?? []).map((b) => ({
        day: b.key,
        posts: b.doc_count,
        originals: b.originals?.doc_count ?? 0,
        negative: b.originals?.negative.doc_count ?? 0,
      }))
    },

    /** Posts of the range after storage number `after`, in storage order. */
    async inRange(range: HourRange, after: number, limit: number): Promise<(StoredPost & { seq: number })[]> {
      const found = await documents(`${index} (posts in range)`, {
        query: { bool: { filter: [inHours(range), { range: { seq: { gt: after } } }] } },
        sort: [{ seq: 'asc' }, { id: 'asc' }],
        size: limit,
        _source: [...STORED_FIELDS],
      })
      return (await withReposts(found.docs)).map(({ doc, reposts }) => ({ ...storedPostOf(doc, reposts), seq: doc.seq }))
    },
  }
}
