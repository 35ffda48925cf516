import { simhashBands, type AnalyzedPost, type PostRuleHit } from '@yuqing/core'
import { indexText } from '../search-text.ts'
import type { SentimentCorrection, StoredPost } from '../store.ts'

/** A post as the monthly post indices hold it (see POST_MAPPINGS). */
export interface PostDocument {
  id: string
  source: string
  url: string | null
  title: string | null
  text: string
  author: string | null
  publishedAt: string | null
  fetchedAt: string
  day: string
  hour: string
  seq: number
  /**
   * A partial update merges objects, so what it cleared stays as null: a removed correction, or the
   * original's id on a copy a person labelled after it had followed (see sentimentOfDocument).
   */
  sentiment: { score: number; label: StoredPost['sentiment']['label']; corrected?: (Omit<SentimentCorrection, 'of'> & { of?: string | null }) | null }
  /** Absent on a post stored before the field was added: not official. */
  official?: boolean
  keywords: string[]
  words: string
  terms: string[]
  simhash: string
  bands: string[]
  duplicateOf: string | null
  folded: boolean
  ruleIds: string[]
  ruleHits: PostRuleHit[]
  /** When the post was stored awaiting its `match` alert; null once raised, absent if it never awaited one. */
  pendingMatchAt?: string | null
}

/** Fields a stored post is rebuilt from; the rest (words, terms, bands) serve queries only. */
export const STORED_FIELDS = [
  'id',
  'source',
  'url',
  'title',
  'text',
  'author',
  'publishedAt',
  'day',
  'hour',
  'seq',
  'sentiment',
  'official',
  'keywords',
  'duplicateOf',
] as const satisfies readonly (keyof PostDocument)[]

export type StoredFields = Pick<PostDocument, (typeof STORED_FIELDS)[number]>

export function postDocument(post: AnalyzedPost, duplicateOf: string | undefined, seq: number, pendingMatchAt?: string): PostDocument {
  return {
    id: post.id,
    source: post.source,
    url: post.url ?? null,
    title: post.title ?? null,
    text: post.text,
    author: post.author ?? null,
    publishedAt: post.publishedAt ?? null,
    fetchedAt: post.fetchedAt,
    day: post.day,
    hour: post.hour,
    seq,
    sentiment: { score: post.sentiment.score, label: post.sentiment.label },
    official: post.official === true,
    keywords: post.keywords.map((k) => k.term),
    words: indexText(post.tokens),
    terms: post.terms,
    simhash: post.simhash,
    bands: simhashBands(post.simhash).map((value, band) => `${band}:${value.toString(16).padStart(4, '0')}`),
    duplicateOf: duplicateOf ?? null,
    folded: duplicateOf !== undefined,
    ruleIds: [...new Set((post.ruleHits ?? []).map((h) => h.ruleId))],
    ruleHits: post.ruleHits ?? [],
    ...(pendingMatchAt ? { pendingMatchAt } : {}),
  }
}

/** A document's sentiment as a stored post shows it: without what a partial update cleared to null. */
export function sentimentOfDocument({ score, label, corrected }: PostDocument['sentiment']): StoredPost['sentiment'] {
  if (!corrected) return { score, label }
  const { of, ...own } = corrected
  return { score, label, corrected: of == null ? own : { ...own, of } }
}

export function storedPostOf(doc: StoredFields, reposts: number, found: { snippet: string; matches: string[] } = { snippet: '', matches: [] }): StoredPost {
  return {
    id: doc.id,
    source: doc.source,
    url: doc.url,
    title: doc.title,
    text: doc.text,
    author: doc.author,
    publishedAt: doc.publishedAt,
    day: doc.day,
    hour: doc.hour,
    sentiment: sentimentOfDocument(doc.sentiment),
    official: doc.official === true,
    keywords: doc.keywords,
    duplicateOf: doc.duplicateOf,
    reposts,
    ...found,
  }
}

/**
 * Storage order for `postsIn`, task events and the audit log: the writing process's clock in
 * milliseconds × 1000, plus one for each number taken in the same millisecond, never repeating or
 * going back within the process. Two processes may take the same number (see README: the
 * cursor of postsIn).
 */
export function sequence(now: () => number = Date.now): () => number {
  let last = 0
  return () => {
    last = Math.max(last + 1, now() * 1000)
    return last
  }
}
