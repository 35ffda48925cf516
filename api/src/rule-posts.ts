import type { SentimentLabel } from '@yuqing/core'
import { snippetOf, type PostPage, type Store } from '@yuqing/store'

/** Hits read per request: a rule's page of posts comes from its newest hits, at most this many. */
export const RULE_POSTS_CAP = 1000
const ALL_TIME = { from: '0000-01-01T00', to: '9999-12-31T23' }

export interface RulePostQuery {
  rule: string
  day?: string | undefined
  source?: string | undefined
  sentiment?: SentimentLabel | undefined
  fold: boolean
  limit: number
  offset: number
}

/**
 * The posts a rule hit, newest first, from the rule-hit index the ingest path writes: each with the
 * rule's matched terms to highlight.
 */
export async function postsOfRule(store: Store, query: RulePostQuery): Promise<PostPage> {
  const range = query.day ? { from: `${query.day}T00`, to: `${query.day}T23` } : ALL_TIME
  const ids = await store.ruleHitPostIds({ ruleId: query.rule, range, foldDuplicates: query.fold }, RULE_POSTS_CAP, query.source)
  const hits = (await store.postsWithHits(ids, query.rule)).filter((h) => query.sentiment === undefined || h.post.sentiment.label === query.sentiment)
  return {
    total: hits.length,
    items: hits.slice(query.offset, query.offset + query.limit).map(({ post, terms }) => ({ ...post, ...snippetOf(post.text, terms, post.title) })),
  }
}
