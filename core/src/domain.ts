import { z } from 'zod'

/** A post as a source gave it, before any analysis. Queue messages carry this shape. */
export const RawPost = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  url: z.string().url().optional(),
  title: z.string().optional(),
  /** The body as plain text (HTML already reduced to text by the crawler). */
  content: z.string(),
  author: z.string().optional(),
  /** ISO 8601 instant, when the source gives a time. */
  publishedAt: z.string().datetime({ offset: true }).optional(),
  /** Local day (YYYY-MM-DD), when the source gives only a day. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  fetchedAt: z.string().datetime({ offset: true }),
  /**
   * From a source of official notices or news (政务、媒体; `official: true` in its definition):
   * its sentiment leans only where the model and the lexicon agree (see the analyzer).
   */
  official: z.boolean().optional(),
})
export type RawPost = z.infer<typeof RawPost>

export const SentimentLabel = z.enum(['negative', 'neutral', 'positive'])
export type SentimentLabel = z.infer<typeof SentimentLabel>
/** How each label reads to staff in what the project writes in Chinese: channels' messages, reports, exports. */
export const SENTIMENT_NAMES: Record<SentimentLabel, string> = { negative: '负面', neutral: '中性', positive: '正面' }

export const Sentiment = z.object({
  /** -1 (all negative) … 1 (all positive). */
  score: z.number().min(-1).max(1),
  label: SentimentLabel,
})
export type Sentiment = z.infer<typeof Sentiment>

export const Keyword = z.object({ term: z.string(), weight: z.number() })
export type Keyword = z.infer<typeof Keyword>

/** What a post carries besides its author's words; kept as signals, never as hot words. */
export const PostSignals = z.object({
  urls: z.array(z.string()),
  emoticons: z.array(z.string()),
  emoji: z.array(z.string()),
  /** The post quotes a `//@name:` repost chain. */
  reposted: z.boolean(),
})
export type PostSignals = z.infer<typeof PostSignals>

/** One rule's match on one post: where in `text` it matched, and which words. */
export const PostRuleHit = z.object({
  ruleId: z.string().min(1),
  /** Matched stretches of the post's `text`, [start, end) UTF-16 offsets. */
  spans: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
  terms: z.array(z.string()),
})
export type PostRuleHit = z.infer<typeof PostRuleHit>

/**
 * A post after analysis. `content`, `title` and `text` hold the normalised, PII-masked text: the
 * unmasked body goes no further than the analyzer.
 */
export const AnalyzedPost = RawPost.extend({
  /** Normalised, masked plain text: what is stored and shown. */
  text: z.string(),
  /** Segmentation of the title and the poster's own words, in order (no repost chain, links, emoticons). */
  tokens: z.array(z.string()),
  /** Distinct tokens that may become hot words (no stop words, numbers, single characters). */
  terms: z.array(z.string()),
  keywords: z.array(Keyword),
  sentiment: Sentiment,
  /** 64-bit SimHash of the words, 16 hex digits, for near-duplicate folding. */
  simhash: z.string().regex(/^[0-9a-f]{16}$/),
  signals: PostSignals,
  /** Local hour bucket `YYYY-MM-DDTHH` in the configured zone. */
  hour: z.string(),
  /** Local day `YYYY-MM-DD`. */
  day: z.string(),
  /** Rules whose expression matched the post (set in the ingest path, stored with the post). */
  ruleHits: z.array(PostRuleHit).optional(),
})
export type AnalyzedPost = z.infer<typeof AnalyzedPost>


/** How many posts mentioned a term in one local hour, and how many of them were negative. */
export const TermBucket = z.object({
  term: z.string(),
  hour: z.string(),
  count: z.number().int().nonnegative(),
  negativeCount: z.number().int().nonnegative(),
})
export type TermBucket = z.infer<typeof TermBucket>

/** Posts mentioning a term in a period, and how many of them were negative. */
export interface TermCount {
  term: string
  count: number
  negativeCount: number
}

/** One local day of a term: the originals mentioning it, and how many of them are negative. */
export interface TermDay {
  day: string
  count: number
  negativeCount: number
}

/** One local day with posts: all of them, the originals (near-duplicates folded), the negative originals. */
export interface DayVolume {
  day: string
  posts: number
  originals: number
  negative: number
}

/** One row of the daily hot-word board. */
export const HotWord = z.object({
  term: z.string(),
  /** Posts that mention the term that day. */
  count: z.number().int(),
  negativeCount: z.number().int(),
  negativeShare: z.number(),
  /** Ranking score: count × specificity, lifted by growth since the day before and by negativity (see analyzer/src/hot-words.ts). */
  score: z.number(),
  rank: z.number().int().positive(),
  /** Places gained since the previous day (positive = rose); null when the term was not ranked then. */
  rankChange: z.number().int().nullable(),
})
export type HotWord = z.infer<typeof HotWord>

/** An inclusive range of local hour buckets (`YYYY-MM-DDTHH`). */
export interface HourRange {
  from: string
  to: string
}

/** Which hits of a rule to count: an hour range, with or without the near-duplicates. */
export interface RuleHitQuery {
  ruleId: string
  range: HourRange
  /** Leave out hits on near-duplicates: a repost wave counts once. */
  foldDuplicates: boolean
}

/** Hits of a rule in one group ('' when not grouped, else the source). */
export interface RuleHitCount {
  group: string
  count: number
  /** Of them, on posts labelled negative. */
  negative: number
}

/** What trend and topic scoring need to know of a post. */
export interface PostFact {
  id: string
  negative: boolean
  publishedAt: string | null
}
