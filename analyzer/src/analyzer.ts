import { Jieba } from '@node-rs/jieba'
import { dict, idf as idfBytes } from '@node-rs/jieba/dict'
import { hourOf, InputError, simhash, type AnalyzedPost, type Keyword, type RawPost } from '@yuqing/core'
import { bundledDictionary, loadSentimentLexicon, loadStopwords, parseIdf, readDictionaryLines } from './dictionaries.ts'
import { normalizeText } from './normalize.ts'
import { maskPii } from './pii.ts'
import { splitPost } from './post-parts.ts'
import { scoreSentiment } from './sentiment.ts'

export interface AnalyzerOptions {
  /** Zone of hour and day buckets. */
  timezone: string
  /** Extra user dictionaries (`word frequency [tag]` per line), after the bundled one. */
  userDictionaries?: readonly (URL | string)[]
  /** Extra stop-word lists, merged with the bundled one. */
  stopwordLists?: readonly (URL | string)[]
  /** Keywords kept per post. */
  keywordsPerPost?: number
}

export interface Analyzer {
  analyze(post: RawPost): AnalyzedPost
  /** Segmentation alone (what `analyze` does first), for search queries and benchmarks. */
  cut(text: string): string[]
  /** May this token be a hot word? */
  isTerm(token: string): boolean
  /** How specific a term is, ~1 for a typical word, less for common ones (from IDF). */
  specificity(term: string): number
}

const HAN = /\p{Script=Han}/u
const LATIN_WORD = /^[a-z][a-z0-9.+-]{2,}$/i
const WORD = /[\p{L}\p{N}]/u

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const jieba = Jieba.withDict(dict)
  for (const file of [bundledDictionary.user, ...(options.userDictionaries ?? [])]) {
    jieba.loadDict(Buffer.from(userDictionary(file)))
  }
  const stopwords = loadStopwords([bundledDictionary.stopwords, ...(options.stopwordLists ?? [])])
  const lexicon = loadSentimentLexicon(bundledDictionary.sentiment)
  const { idf, median } = parseIdf(idfBytes)
  const keywordsPerPost = options.keywordsPerPost ?? 10

  const isTerm = (token: string): boolean => {
    if (stopwords.has(token)) return false
    if (HAN.test(token)) return [...token].length >= 2
    return LATIN_WORD.test(token)
  }

  const cut = (text: string): string[] => jieba.cut(text, true)

  const analyze = (post: RawPost): AnalyzedPost => {
    // Mask first: no later step, log or store ever sees the personal numbers.
    const text = maskPii(normalizeText(post.content))
    const title = post.title ? maskPii(normalizeText(post.title)) : ''
    const parts = splitPost(text)
    // A bare repost has no words of its own; its quoted words stand in (folding counts the wave once).
    const words = parts.own || parts.repostChain
    const tokens = cut(title ? `${title}\n${words}` : words).filter((t) => t.trim() !== '')
    const frequency = new Map<string, number>()
    for (const token of tokens) if (isTerm(token)) frequency.set(token, (frequency.get(token) ?? 0) + 1)
    const keywords: Keyword[] = [...frequency]
      .map(([term, tf]) => ({ term, weight: round((tf / tokens.length) * (idf.get(term) ?? median)) }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, keywordsPerPost)
    const hour = bucketHour(post, options.timezone)
    return {
      ...post,
      content: text,
      ...(title ? { title } : {}),
      text,
      tokens,
      terms: [...frequency.keys()],
      keywords,
      sentiment: scoreSentiment(tokens, lexicon),
      simhash: simhash(tokens.filter((t) => WORD.test(t))),
      signals: { urls: parts.urls, emoticons: parts.emoticons, emoji: parts.emoji, reposted: parts.repostChain !== '' },
      hour,
      day: hour.slice(0, 10),
    }
  }

  const specificity = (term: string): number => Math.min(1.5, Math.max(0.3, (idf.get(term) ?? median) / median))

  return { analyze, cut, isTerm, specificity }
}

/** The hour a post counts in: its publication time, else its day's first hour, else fetch time. */
function bucketHour(post: RawPost, timezone: string): string {
  if (post.publishedAt) return hourOf(new Date(post.publishedAt), timezone)
  if (post.day) return `${post.day}T00`
  return hourOf(new Date(post.fetchedAt), timezone)
}

/** Validates a user dictionary so that a line jieba would silently drop is reported instead. */
function userDictionary(file: URL | string): string {
  const lines = readDictionaryLines(file)
  for (const { line, text } of lines) {
    const [word, frequency] = text.split(/\s+/)
    if (!word || !frequency || !/^\d+$/.test(frequency)) {
      throw new InputError(`expected "word frequency [tag]" (jieba ignores a word without a frequency), got "${text}"`, {
        where: `${file instanceof URL ? file.pathname : file}:${line}`,
      })
    }
  }
  return lines.map(({ text }) => text).join('\n')
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000
}
