import type { AnalyzedPost, HourRange, PostFact, PostRuleHit, RuleHitCount, RuleHitQuery, SentimentLabel, TermCount, TermDay, DayVolume } from '@yuqing/core'

export type { RuleHitCount, RuleHitQuery }
import type { AccountStore } from './accounts-store.ts'
import type { AlertStore } from './alert-store.ts'
import type { AuditLog } from './audit-log.ts'
import type { SourceHealthStore } from './source-health.ts'
import type { TaskStore } from './task-store.ts'

export interface SaveResult {
  /** Posts written now (originals and near-duplicates). */
  stored: number
  /** Of those, near-duplicates of an earlier post, linked to it and not counted toward hot words. */
  folded: number
  /** Posts that were already stored (same id): nothing was written for them. */
  duplicates: number
  /** The posts written now, in order, and the original each near-duplicate was folded into. */
  saved: { id: string; duplicateOf: string | null }[]
}

export interface SaveOptions {
  /**
   * Posts of the batch whose `match` rule hits still await their alert, and when: each one stored
   * now is marked "pending match" in the same write as the post (SQLite: the batch's transaction;
   * Elasticsearch: a field of the post's document), so a crash before its alert is raised leaves
   * the marker for `pendingMatches` to find. A post already stored is not marked again.
   */
  pendingMatch?: { ids: readonly string[]; at: Date } | undefined
}

/** A post left marked "pending match": stored with `match` rule hits whose alert is not known to be raised. */
export interface PendingMatch {
  id: string
  /** Local day of the post (where the Elasticsearch store keeps it). */
  day: string
  source: string
  duplicateOf: string | null
  /** When the post was stored with its marker (ISO 8601), by the clock of the process that saved it. */
  markedAt: string
  /** Every rule hit of the post; the caller decides which are `match` rules. */
  hits: { ruleId: string; terms: string[] }[]
}

/** A stored post behind an alert, with where the rule matched it. */
export interface RuleHitPost {
  post: StoredPost
  spans: PostRuleHit['spans']
  terms: string[]
}

export interface PostQuery {
  /** Free text; segmented the same way as the posts. */
  q?: string | undefined
  /** One hot word, exactly as on the board. */
  term?: string | undefined
  /** Local day YYYY-MM-DD. */
  day?: string | undefined
  /** First local day YYYY-MM-DD of a range, inclusive. */
  from?: string | undefined
  /** Last local day YYYY-MM-DD of a range, inclusive. */
  to?: string | undefined
  source?: string | undefined
  /** Leave out near-duplicates (reposts), showing each wave once through its original. */
  foldDuplicates?: boolean | undefined
  sentiment?: SentimentLabel | undefined
  /** Only posts this rule hit. */
  rule?: string | undefined
  /** Only posts whose sentiment a person relabelled: each decision once, not the copies of a wave that followed it. */
  corrected?: boolean | undefined
  /** Only the near-duplicates folded into this original: its repost wave. */
  duplicateOf?: string | undefined
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
  /** The analyzer's score and label, or the label a person gave it instead (`corrected`). */
  sentiment: { score: number; label: SentimentLabel; corrected?: SentimentCorrection }
  /**
   * From a source of official notices or news (RawPost.official): its label leans only where the
   * model and the sentiment lexicon agree, so it may be neutral against the model's score.
   */
  official: boolean
  keywords: string[]
  /** Local hour bucket `YYYY-MM-DDTHH`. */
  hour: string
  /** The original this post nearly repeats, or null. */
  duplicateOf: string | null
  /** Posts folded into this one (its repost wave). */
  reposts: number
  /** Up to ~120 characters of `text` around the first match of the query. */
  snippet: string
  /** The query's words found in `text`, for highlighting. */
  matches: string[]
}

/** A person's correction of a post's sentiment label: counts and alerts read the corrected label. */
export interface SentimentCorrection {
  by: string
  /** When (ISO 8601). */
  at: string
  /** The analyzer's own label. */
  was: SentimentLabel
  /** Set on a near-duplicate that took this label from its original (this id) when that was relabelled. */
  of?: string
}

/** A relabelled post and the label it had just before (the analyzer's, or an earlier person's). */
export interface Relabelled {
  post: StoredPost
  from: SentimentLabel
  /** The near-duplicates of its wave whose label followed (see followOriginal). */
  wave: number
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
  savePosts(posts: readonly AnalyzedPost[], options?: SaveOptions): Promise<SaveResult>
  /** Up to `limit` posts marked "pending match" at or before `markedBy`, oldest marker first, each in storage order. */
  pendingMatches(markedBy: Date, limit: number): Promise<PendingMatch[]>
  /** Their alerts are raised: the markers go (a post not stored or not marked is no error). */
  clearPendingMatches(posts: readonly Pick<PendingMatch, 'id' | 'day'>[]): Promise<void>
  /** Which of these ids are stored already (the crawler skips them). */
  knownPostIds(ids: readonly string[]): Promise<Set<string>>
  /** Terms of a local day by number of posts mentioning them, most first. */
  termCounts(day: string, limit: number): Promise<TermCount[]>
  /** Terms of an hour range by number of posts mentioning them, most first. */
  termCountsIn(range: HourRange, limit: number): Promise<TermCount[]>
  /** For each term, its post count summed over all the ranges (0 when never seen). */
  termTotals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>>
  /** One term on each of these local days, in their order: its originals and the negative ones (0 and 0 on a day without it). */
  termDays(term: string, days: readonly string[]): Promise<TermDay[]>
  /** Originals (no near-duplicates) posted in the range: the volume that term counts are relative to. */
  postCount(range: HourRange): Promise<number>
  /**
   * For each term, up to `limit` originals (no near-duplicates) of the range that have it among their
   * terms (the posts its count counts), newest first.
   */
  postsMentioning(terms: readonly string[], range: HourRange, limit: number): Promise<Map<string, PostFact[]>>
  searchPosts(query: PostQuery): Promise<PostPage>
  /** Days that have posts, newest first: their posts, originals and negative originals. */
  days(): Promise<DayVolume[]>
  /** Hits of a rule in a range (written by `savePosts` from each post's `ruleHits`), per source when asked. */
  ruleHitCounts(query: RuleHitQuery, groupBy?: 'source'): Promise<RuleHitCount[]>
  /** Up to `limit` ids of posts a rule hit in the range, newest first; only those of `source` when given. */
  ruleHitPostIds(query: RuleHitQuery, limit: number, source?: string): Promise<string[]>
  /** The posts, in the order asked, with the rule's spans on each (none when it did not hit the post). */
  postsWithHits(ids: readonly string[], ruleId: string): Promise<RuleHitPost[]>
  /** Every rule that hit a post, by rule id, with what it matched (none for a post not stored). */
  ruleHitsOf(postId: string): Promise<PostRuleHit[]>
  /**
   * A person relabels a post's sentiment: the post, its terms' and its hour's negative counts, and
   * its rule hits change together. The analyzer's label is kept (`corrected.was`); relabelling an
   * original to it removes the correction, and to the label the post already has changes nothing
   * (who made it so stays). An original's near-duplicates follow it, and so do those folded into it
   * later (followOriginal); a near-duplicate keeps a person's label as theirs, whichever (see
   * relabel). Undefined for a post not stored.
   */
  correctSentiment(id: string, label: SentimentLabel, by: string, at: Date): Promise<Relabelled | undefined>
  /** Stored posts of an hour range in storage order, a page at a time (for back-tests). */
  postsIn(range: HourRange, after: number, limit: number): Promise<{ posts: (StoredPost & { seq: number })[] }>
  /** Alert state, episodes and the delivery outbox, kept beside the posts. */
  readonly alerts: AlertStore
  /** Users and their sessions. */
  readonly accounts: AccountStore
  /** Handling tasks and their history. */
  readonly tasks: TaskStore
  /** Every write and sign-in, append-only. */
  readonly audit: AuditLog
  /** Each source's latest crawl and how long it has gone wrong. */
  readonly sources: SourceHealthStore
  close(): Promise<void>
}
