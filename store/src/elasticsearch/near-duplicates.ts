import type { estypes } from '@elastic/elasticsearch'
import { addDays } from '@yuqing/core'
import { EMPTY_HASH, FOLD_WINDOW_DAYS } from '../near-duplicates.ts'
import { BandIndex } from '../sqlite/band-index.ts'
import type { EsContext } from './context.ts'
import { request } from './es-errors.ts'
import type { PostDocument } from './post-document.ts'


type Original = Pick<PostDocument, 'id' | 'simhash' | 'day'>

/**
 * The in-memory band index of the originals of the last 30 days before the newest stored day,
 * read in storage order, as the SQLite store builds its own at open. A page at a time with
 * `search_after`, so no scroll context is held.
 */
export async function loadBandIndex(ctx: EsContext): Promise<BandIndex> {
  const index = new BandIndex(FOLD_WINDOW_DAYS)
  const where = `${ctx.names.postsPattern} (near-duplicate index)`
  const newest = await request(where, () =>
    ctx.client.search<Pick<PostDocument, 'day'>>({ index: ctx.names.postsPattern, size: 1, sort: [{ day: 'desc' }], _source: ['day'] }),
  )
  const day = newest.hits.hits[0]?._source?.day
  if (!day) return index
  const query: estypes.QueryDslQueryContainer = {
    bool: {
      filter: [{ term: { folded: false } }, { range: { day: { gte: addDays(day, -FOLD_WINDOW_DAYS) } } }],
      must_not: [{ term: { simhash: EMPTY_HASH } }],
    },
  }
  let after: estypes.SortResults | undefined
  for (;;) {
    const page = await request(where, () =>
      ctx.client.search<Original>({
        index: ctx.names.postsPattern,
        size: 5000,
        query,
        sort: [{ seq: 'asc' }, { id: 'asc' }],
        _source: ['id', 'simhash', 'day'],
        ...(after ? { search_after: after } : {}),
      }),
    )
    for (const hit of page.hits.hits) if (hit._source) index.add(hit._source)
    const last = page.hits.hits.at(-1)
    if (!last?.sort || page.hits.hits.length < 5000) return index
    after = last.sort
  }
}
