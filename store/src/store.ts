import type { AnalyzedPost, HourRange, PostFact, SentimentLabel, TermCount } from '@yuqing/core'

export interface SaveResult {
  /** Posts written now (originals and near-duplicates). */
  stored: number
  /** Of those, near-duplicates of an earlier post, linked to it and not counted toward hot words. */
  folded: number
  /** Posts that were already stored (same id): nothing was written for them. */
  duplicates: number
}

export interface PostQuery {
  /** Free text; segmented the same way as the posts. */
  q?: string | undefined
  /** One hot word, exactly as on the board. */
  term?: string | undefined
  /** Local day YYYY-MM-DD. */
  day?: string | undefined
  source?: string | undefined
  /** Leave out near-duplicates (reposts), showing each wave once through its original. */
  foldDuplicates?: boolean | undefined
  limit?: number | undefined
  offset?: number | undefined
}

export interface StoredPost {
  id: string
  source: string
  url: string | null
  title: string | null
  /** Normalised plain text; render it as text, never as HTML. */
  text: string
  author: string | null
  publishedAt: string | null
  day: string
  sentiment: { score: number; label: SentimentLabel }
  keywords: string[]
  /** The original this post nearly repeats, or null. */
  duplicateOf: string | null
  /** Posts folded into this one (its repost wave). */
  reposts: number
  /** Up to ~120 characters of `text` around the first match of the query. */
  snippet: string
  /** The query's words found in `text`, for highlighting. */
  matches: string[]
}

export interface PostPage {
  total: number
  items: StoredPost[]
}

/**
 * Where analysed posts and their term counts live. Two implementations pass one contract suite:
 * SQLite (embedded default) and Elasticsearch (scaled out). Every write is idempotent by post id.
 */
export interface Store {
  savePosts(posts: readonly AnalyzedPost[]): Promise<SaveResult>
  /** Which of these ids are stored already (the crawler skips them). */
  knownPostIds(ids: readonly string[]): Promise<Set<string>>
  /** Terms of a local day by number of posts mentioning them, most first. */
  termCounts(day: string, limit: number): Promise<TermCount[]>
  /** Terms of an hour range by number of posts mentioning them, most first. */
  termCountsIn(range: HourRange, limit: number): Promise<TermCount[]>
  /** For each term, its post count summed over all the ranges (0 when never seen). */
  termTotals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>>
  /** Originals (no near-duplicates) posted in the range: the volume that term counts are relative to. */
  postCount(range: HourRange): Promise<number>
  /** For each term, up to `limit` originals (no near-duplicates) of the range that mention it, newest first. */
  postsMentioning(terms: readonly string[], range: HourRange, limit: number): Promise<Map<string, PostFact[]>>
  searchPosts(query: PostQuery): Promise<PostPage>
  /** Days that have posts, newest first, with their post counts. */
  days(): Promise<{ day: string; posts: number }[]>
  close(): Promise<void>
}
