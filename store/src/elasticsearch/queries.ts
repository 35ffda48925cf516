import type { estypes } from '@elastic/elasticsearch'
import type { HourRange } from '@yuqing/core'
import { bigramsOf, type QueryPieces } from '../search-text.ts'

/** A terms-aggregation bucket, with the sub-aggregations the store asks for. */
export interface Bucket {
  key: string
  doc_count: number
}
export interface Buckets<B extends Bucket = Bucket> {
  buckets: B[]
}
export type WithNegative = Bucket & { negative: { doc_count: number } }

/** An inclusive range of local hours: `YYYY-MM-DDTHH` keywords compare as the strings they are. */
export function inHours(range: HourRange): estypes.QueryDslQueryContainer {
  return { range: { hour: { gte: range.from, lte: range.to } } }
}

/** Originals only: near-duplicates count once, through the post they repeat. */
export const ORIGINALS: estypes.QueryDslQueryContainer = { term: { folded: false } }

/** Counts the negative posts of each bucket. */
export const NEGATIVE_SUB_AGGREGATION: Record<string, estypes.AggregationsAggregationContainer> = {
  negative: { filter: { term: { 'sentiment.label': 'negative' } } },
}

/**
 * The words the query requires, every one of them, analysed like the indexed words (split at
 * anything not a letter or digit, lower-cased), so it finds what FTS5 finds on SQLite. A word of
 * `inside` (see queryPieces) is also found by its bigrams, inside a longer word of a post. SQLite
 * then checks the text for the word as written; here the bigrams suffice (they may stand apart).
 */
export function allWords({ exact, inside }: QueryPieces): estypes.QueryDslQueryContainer {
  const must: estypes.QueryDslQueryContainer[] = exact.length > 0 ? [{ match: { words: { query: exact.join(' '), operator: 'and' } } }] : []
  for (const word of inside) {
    const bigrams = bigramsOf(word) ?? []
    must.push({ bool: { should: [{ match: { words: { query: word, operator: 'and' } } }, { match: { words: { query: bigrams.join(' '), operator: 'and' } } }], minimum_should_match: 1 } })
  }
  return must.length === 1 && inside.length === 0 ? (must[0] as estypes.QueryDslQueryContainer) : { bool: { must } }
}

/** Newest first, as SQLite lists posts: by hour, publication time, then id for a stable order. */
export const NEWEST_FIRST: estypes.SortCombinations[] = [{ hour: 'desc' }, { publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }]
