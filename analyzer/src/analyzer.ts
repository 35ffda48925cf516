import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { Jieba } from '@node-rs/jieba'
import { dict, idf as idfBytes } from '@node-rs/jieba/dict'
import { hourOf, InputError, keepStringMethodsFast, SimHasher, type AnalyzedPost, type Keyword, type RawPost } from '@yuqing/core'
import { bundledDictionary, loadSentimentLexicon, loadStopwords, parseIdf, readDictionaryLines } from './dictionaries.ts'
import { normalizeText, prepareNormalizer } from './normalize.ts'
import { maskPii } from './pii.ts'
import { PhraseMiner, type Phrase, type PhraseOptions } from './phrases.ts'
import { prepareSplitter, splitPost, type PostParts } from './post-parts.ts'
import { PART, TokenTable, unitState } from './token-table.ts'
import { createSentimentScorer, officialSentiment } from './sentiment.ts'
import { growInt32 } from './typed-arrays.ts'
import { loadSentimentModel, type PostScorer } from './sentiment-model.ts'

export interface AnalyzerOptions {
  /** Zone of hour and day buckets. */
  timezone: string
  /** Extra user dictionaries (`word frequency [tag]` per line), after the bundled one. */
  userDictionaries?: readonly (URL | string)[]
  /** Extra stop-word lists, merged with the bundled one. */
  stopwordLists?: readonly (URL | string)[]
  /**
   * A folder of the user's own dictionaries, read at start and by `reload()`: `*.stop.txt` files
   * are stop-word lists, other `*.txt` files user dictionaries.
   */
  dictionaryDir?: string
  /** Keywords kept per post. */
  keywordsPerPost?: number
  /**
   * The sentiment model: the bundled trained classifier by default, another model file, or
   * 'lexicon' for the rule-based scorer (the baseline, and what training itself runs on).
   */
  sentimentModel?: URL | string | 'lexicon'
  /** Phrase learning (on by default): its thresholds, or false to keep jieba's words as they are. */
  phrases?: PhraseOptions | false
  /**
   * Distinct tokens remembered (kind, IDF, sentiment part; 64 bytes each) before the table starts
   * afresh: a stream's vocabulary is bounded in practice, a hostile one cannot grow it without
   * end. Default 500,000.
   */
  maxTokens?: number
}

export interface Analyzer {
  /**
   * The post analysed. A text met lately (a repost wave) reuses its earlier analysis when that
   * would come out the same: its tokens, terms, keywords and sentiment are shared and frozen.
   */
  analyze(post: RawPost): AnalyzedPost
  /**
   * The posts in order, each analysed as `analyze` one by one would (learnt phrases included),
   * a step at a time over the whole batch: every post's text, then segmentation, then the rest.
   * Each step then finds its own tables in the processor's cache: on 41,002 Weibo posts in batches
   * of 1,000, 1.17–1.23× the speed of one by one, jieba's share most of all.
   */
  analyzeBatch(posts: readonly RawPost[]): AnalyzedPost[]
  /** Segmentation alone (what `analyze` does first), for search queries and benchmarks. */
  cut(text: string): string[]
  /** May this token be a hot word? */
  isTerm(token: string): boolean
  /**
   * How specific a term is, ~1 for a typical word, less for common ones (from IDF); a word of the
   * user's dictionaries at least 1: one they listed (县人民医院, or 医院 itself) is one they watch.
   */
  specificity(term: string): number
  /** The user's places: words their dictionaries tag `ns` (place name), in the order listed. */
  places(): readonly string[]
  /** The phrases learnt so far from the posts analysed. */
  phrases(): Phrase[]
  /**
   * Reads the dictionaries again. A broken file throws an InputError naming file and line, and the
   * analyzer keeps the dictionaries it had.
   */
  reload(): { userWords: number; stopwords: number }
}

/** A post's text, normalised and masked, and its parts: what its analysis starts from. */
interface Prepared {
  post: RawPost
  text: string
  title: string
  parts: PostParts
  /** The poster's own words, or the repost chain's for a bare repost. */
  words: string
  /** What jieba segments: the words, after the title when there is one. */
  toSegment: string
  /** The emoticons, appended to the words for the sentiment model. */
  tail: string
  /** What the analysis of the text depends on (title, words, emoticons), as one string. */
  key: string
}

/** What a post's analysis takes from its text alone: the same for every post of that text. */
interface TextAnalysis {
  tokens: string[]
  terms: string[]
  keywords: Keyword[]
  sentiment: AnalyzedPost['sentiment']
  simhash: string
}

/** A text's analysis, and the state of the phrase miner it was made in. */
interface Remembered {
  analysis: TextAnalysis
  /** jieba's words for the text: reused when the analysis cannot be. */
  segmented: string[]
  /** The miner's version (its phrases) when the text was analysed. */
  phrases: number
  /** The miner's `textsForgotten` after it observed the text. */
  texts: number
}

/**
 * Analyses of the latest texts kept for their next copy: a repost wave repeats one text, and a
 * tenth of the Weibo stream's posts repeat a text met before. Of its first 41,002 posts, 1,024 kept
 * give 2,537 reuses, 4,096 give 3,020; but the bench's peak RSS (four analyzers, two threads) rose
 * from 1,259 MB without to 1,323 MB at 1,024 and 1,600 MB at 2,048 or 4,096.
 */
const RECENT_ANALYSES = 1_024

const HAN = /\p{Script=Han}/u
const LATIN_WORD = /^[a-z][a-z0-9.+-]{2,}$/i
const WORD = /[\p{L}\p{N}]/u

interface Dictionaries {
  jieba: Jieba
  stopwords: Set<string>
  /** Dictionary words tagged as function words (see FUNCTION_TAGS): never terms. */
  functionWords: Set<string>
  userWords: number
  /** Words of the dictionaries (jieba's and the user's). */
  known: Set<string>
  /** Words of the user's dictionaries. */
  userWordSet: Set<string>
  /** Words of the user's dictionaries tagged `ns`. */
  places: string[]
  /**
   * What is known of each token of two or more units seen so far, filled on first sight (stop words
   * decide IS_TERM): its kind and IDF once per distinct token instead of once per occurrence, and
   * its count in the post being analysed (no map per post).
   */
  tokens: TokenTable
}

const IS_WORD = 1
const IS_TERM = 2
const IS_SPACE = 4

/** What a token is: a word (letters or digits), a blank, a possible hot word. */
function kindOf(token: string, dictionaries: Dictionaries): number {
  // Most tokens start with a common Han character: a word, and Han, without the Unicode regexes.
  const first = token.charCodeAt(0)
  const han = first >= 0x4e00 && first <= 0x9fff
  let kind = 0
  if (han || WORD.test(token)) kind |= IS_WORD
  else if (token.trim() === '') kind |= IS_SPACE
  if (
    !dictionaries.stopwords.has(token) &&
    !dictionaries.functionWords.has(token) &&
    (han || HAN.test(token) ? isHanTerm(token, dictionaries.known) && (!isQuantity(token) || dictionaries.userWordSet.has(token)) : LATIN_WORD.test(token))
  ) {
    kind |= IS_TERM
  }
  return kind
}

/** Kinds of one-unit tokens by char code, filled on first sight (a single character is never a term). */
const singleKinds = new Uint8Array(0x10000)
const KNOWN = 0x80

function singleKind(code: number): number {
  let kind = singleKinds[code] as number
  if (kind === 0) {
    const ch = String.fromCharCode(code)
    kind = KNOWN | (WORD.test(ch) ? IS_WORD : ch.trim() === '' ? IS_SPACE : 0)
    singleKinds[code] = kind
  }
  return kind & ~KNOWN
}

function loadDictionaries(options: AnalyzerOptions): Dictionaries {
  const own = options.dictionaryDir && existsSync(options.dictionaryDir) ? readdirSync(options.dictionaryDir).filter((f) => f.endsWith('.txt')).sort() : []
  const inDir = (f: string) => path.join(options.dictionaryDir ?? '', f)
  const userFiles = [bundledDictionary.user, ...(options.userDictionaries ?? []), ...own.filter((f) => !f.endsWith('.stop.txt')).map(inDir)]
  const stopFiles = [bundledDictionary.stopwords, ...(options.stopwordLists ?? []), ...own.filter((f) => f.endsWith('.stop.txt')).map(inDir)]
  const entries = [{ ...userDictionary(bundledDictionary.vocabulary), watched: false }, ...userFiles.map((f) => ({ ...userDictionary(f), watched: true }))]
  return { ...segmenterOf(entries), stopwords: loadStopwords(stopFiles), tokens: new TokenTable() }
}

/** jieba with the user's words loaded, and the word lists that go with it: built once for the same words. */
interface Segmenter {
  jieba: Jieba
  functionWords: Set<string>
  userWords: number
  known: Set<string>
  userWordSet: Set<string>
  places: string[]
}

/** The segmenter built last, by the text of its user dictionaries. */
let lastSegmenter: { key: string; segmenter: Segmenter } | undefined

/**
 * The segmenter of these user dictionaries. Analyzers of one process that load the same words (the
 * runtime's, a bench's, a test's, one after a reload that changed no file) share it: jieba's
 * dictionary and the known-word set take about 1 s and 100 MB to build, and are never changed
 * once built.
 */
function segmenterOf(entries: readonly { text: string; count: number; watched: boolean }[]): Segmenter {
  const key = entries.map((e) => e.text).join('\0')
  if (lastSegmenter?.key === key) return lastSegmenter.segmenter
  const jieba = Jieba.withDict(dict)
  const base = baseWords()
  const known = new Set(base.words)
  const functionWords = new Set(base.functionWords)
  const places = new Set<string>()
  const userWordSet = new Set<string>()
  let userWords = 0
  for (const { text, count, watched } of entries) {
    jieba.loadDict(Buffer.from(text))
    if (watched) userWords += count
    for (const line of text.split('\n')) {
      const [word = '', , tag] = line.split(/\s+/)
      known.add(word)
      // A word listed here is a word of content, whatever jieba tagged it (两会 and 五一 are
      // numerals to it): the user's words are ones they care about, the vocabulary's are topics.
      functionWords.delete(word)
      if (!watched) continue
      userWordSet.add(word)
      if (tag === PLACE_TAG) places.add(word)
    }
  }
  const segmenter = { jieba, functionWords, userWords, known, userWordSet, places: [...places] }
  lastSegmenter = { key, segmenter }
  return segmenter
}

/** jieba's part of speech of place names: such a word of the user's dictionaries is one of their places. */
const PLACE_TAG = 'ns'

/**
 * Parts of speech that never make a hot word: pronouns (r), prepositions (p), conjunctions (c),
 * particles (u…), adverbs (d), modal particles (y), interjections (e), onomatopoeia (o), numerals
 * and quantifiers (m, q, mq), directions (f). jieba's dictionary tags 17k words of two or more
 * characters this way; about half of the multi-character entries of the public Chinese stop-word
 * lists are among them, and the rest are mostly verbs and nouns that a stop list should not drop
 * wholesale (发现, 情况).
 */
const FUNCTION_TAGS = new Set(['r', 'rr', 'rz', 'p', 'c', 'u', 'uj', 'ul', 'uz', 'uv', 'ud', 'ug', 'd', 'y', 'e', 'o', 'm', 'q', 'mq', 'f'])

let idfTable: ReturnType<typeof parseIdf> | undefined
/** jieba's IDF table, parsed once per process. */
function jiebaIdf(): ReturnType<typeof parseIdf> {
  idfTable ??= parseIdf(idfBytes)
  return idfTable
}

let jiebaWords: { words: string[]; functionWords: string[] } | undefined
/** The words of jieba's own dictionary, and those its tags mark as function words; read once. */
function baseWords(): { words: string[]; functionWords: string[] } {
  if (jiebaWords) return jiebaWords
  const words: string[] = []
  const functionWords: string[] = []
  for (const line of Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString('utf8').split('\n')) {
    const [word, , tag] = line.split(' ')
    if (!word) continue
    words.push(word)
    if (tag && FUNCTION_TAGS.has(tag.trim())) functionWords.push(word)
  }
  jiebaWords = { words, functionWords }
  return jiebaWords
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  // Every loop below reads characters with `text.charCodeAt(i)`: fast only while String.prototype is.
  keepStringMethodsFast()
  let dictionaries = loadDictionaries(options)
  // Tables built once per process, at start rather than on the first post.
  prepareNormalizer()
  prepareSplitter()
  const lexicon = loadSentimentLexicon(bundledDictionary.sentiment)
  const model = options.sentimentModel === 'lexicon' ? undefined : loadSentimentModel(options.sentimentModel)
  const sentimentOf = createSentimentScorer(model, lexicon)
  // The model fed token by token from the loop below (see PostScorer), each distinct token's own
  // part measured once and kept in the token table.
  const scorer = model?.scorer()
  const { idf, median } = jiebaIdf()
  const keywordsPerPost = options.keywordsPerPost ?? 10
  const maxTokens = options.maxTokens ?? 500_000
  const miner = options.phrases === false ? undefined : new PhraseMiner({ sampleEvery: 4, minCount: 4, ...options.phrases })

  // The tokens of the table marked as first words of learnt phrases (only they are tried with the
  // token after them), as of the miner's `version`, in `markedTable`.
  let marked: string[] = []
  let markedVersion = -1
  let markedTable: TokenTable | undefined
  const markPhraseStarts = (table: TokenTable, miner: PhraseMiner) => {
    if (markedTable === table) {
      for (const word of marked) {
        const slot = table.find(word)
        if (slot >= 0) table.markPhraseStart(slot, false)
      }
    }
    marked = []
    for (const word of miner.firstWords()) {
      const slot = table.find(word)
      if (slot < 0) continue
      table.markPhraseStart(slot, true)
      marked.push(word)
    }
    markedTable = table
    markedVersion = miner.version
  }

  /** The slot of a token of two or more units in the token table, added on first sight (after a `reserve`). */
  const slotOf = (token: string): number => {
    const table = dictionaries.tokens
    let slot = table.find(token)
    if (slot >= 0) return slot
    slot = table.insert(token, kindOf(token, dictionaries), idf.get(token) ?? median)
    if (miner?.startsPhrase(token) && markedTable === table) {
      table.markPhraseStart(slot, true)
      marked.push(token)
    }
    return slot
  }
  const isTerm = (token: string): boolean => {
    if (token.length === 1) return false
    dictionaries.tokens.reserve(1)
    return (dictionaries.tokens.kind(slotOf(token)) & IS_TERM) !== 0
  }
  let serial = 0
  // Per-post scratch, reused: the kind of each token jieba gave and the same token as the table
  // keeps it (for the phrase miner, whose map of ids then finds each by identity), the FNV state
  // of each token kept (for the sentiment model), the slots of the post's terms, the SimHash.
  let kinds = new Uint8Array(256)
  const canonical: string[] = []
  let states = new Int32Array(256)
  let termSlots = new Int32Array(64)
  const hasher = new SimHasher()
  const kindAt = (_token: string, index: number): boolean => ((kinds[index] as number) & IS_TERM) !== 0

  const cut = (text: string): string[] => splitMeasures(dictionaries.jieba.cut(text, true), dictionaries.known)

  const prepare = (post: RawPost): Prepared => {
    // Mask first: no later step, log or store ever sees the personal numbers.
    const text = maskPii(normalizeText(post.content))
    const title = post.title ? maskPii(normalizeText(post.title)) : ''
    const parts = splitPost(text)
    // A bare repost has no words of its own; its quoted words stand in (folding counts the wave once).
    const words = parts.own || parts.repostChain
    const tail = parts.emoticons.length > 0 ? parts.emoticons.join('') : ''
    const key = title || tail ? `${title.length},${tail.length}:${title}${tail}${words}` : words
    return { post, text, title, parts, words, toSegment: title ? `${title}\n${words}` : words, tail, key }
  }

  // The texts analysed lately (see RECENT_ANALYSES), oldest first.
  const recent = new Map<string, Remembered>()
  // Their keys in a ring, the oldest at `next` once it is full: the Map's oldest key found by its
  // iterator walks past every key deleted before it (8% of the analysis of a text, profiled).
  const recentKeys: (string | undefined)[] = new Array<string | undefined>(RECENT_ANALYSES)
  let next = 0
  const remember = (key: string, r: Remembered) => {
    if (!recent.has(key)) {
      const oldest = recentKeys[next]
      if (oldest !== undefined) recent.delete(oldest)
      recentKeys[next] = key
      next = (next + 1) % RECENT_ANALYSES
    }
    recent.set(key, r)
  }
  /**
   * The analysis of an earlier post of the same text, when analysing this one now would give the same:
   * the miner has learnt no phrase since, and still remembers having counted the text (observing it
   * again would count nothing).
   */
  const remembered = ({ key }: Prepared): TextAnalysis | undefined => {
    const r = recent.get(key)
    if (r === undefined || (miner && (r.phrases !== miner.version || r.texts !== miner.textsForgotten))) return undefined
    return r.analysis
  }

  /** jieba's words for a text: those of its last copy, if it is remembered (a phrase learnt since changes only what follows). */
  const segmentation = ({ key, toSegment }: Prepared): string[] => recent.get(key)?.segmented ?? cut(toSegment)

  /** Analyses a text (remembering the analysis for its next copy) from jieba's words. */
  const analyzeText = ({ title, words, tail, key }: Prepared, segmented: string[]): TextAnalysis => {
    // The model learnt from whole posts with their emoticons, and scores the poster's own words with
    // the emoticons after them. Token by token when the tokens spell those words: without a title
    // (which is segmented too), and without a bracket (emoticons are found in the tail alone).
    const tokenWise = scorer !== undefined && !title && !words.includes('[')
    if (tokenWise) scorer.begin()
    // Sized once for jieba's words (a push at a time grew it three times a post), trimmed at the end.
    const tokens: string[] = new Array<string>(segmented.length)
    let kept = 0
    const terms: string[] = []
    // Post numbers live in the table's 32-bit words: they wrap (after 2^32 posts), and skip 0, the
    // number of a slot no post has counted yet.
    serial = (serial + 1) | 0 || 1
    const stamp = serial
    if (dictionaries.tokens.size > maxTokens) {
      dictionaries.tokens.clear()
      markedTable = undefined
    }
    const table = dictionaries.tokens
    if (miner && (miner.version !== markedVersion || markedTable !== table)) markPhraseStarts(table, miner)
    const phrases = miner?.version ?? 0
    hasher.reset()
    const n = segmented.length
    table.reserve(n)
    if (kinds.length < n) {
      kinds = new Uint8Array(n * 2)
      states = new Int32Array(n * 2)
    }
    // Grown, never shrunk: a shorter post after a longer one would make the next longer one reallocate it.
    if (canonical.length < n) canonical.length = n
    // One pass over jieba's words: classify each (once per distinct token), join learnt phrases,
    // count terms, feed the SimHash. Single characters, the most frequent tokens, are never terms
    // and are classified from a table by char code, without a lookup.
    for (let i = 0; i < n; i++) {
      let token = segmented[i] as string
      let kind: number
      let slot = -1
      if (token.length === 1) {
        kind = singleKind(token.charCodeAt(0))
        canonical[i] = token
      } else {
        slot = slotOf(token)
        kind = table.kind(slot)
        token = table.word(slot)
        canonical[i] = token
      }
      kinds[i] = kind
      if (kind & IS_SPACE) {
        // A blank to the analyzer may be a character to the model (U+2028): the model decides.
        if (tokenWise) feed(scorer, table, token, slot, -1)
        continue
      }
      if (slot >= 0 && miner && kind & IS_TERM && i + 1 < n && table.startsPhrase(slot)) {
        const phrase = miner.phraseOf(token, segmented[i + 1] as string)
        if (phrase !== undefined) {
          // Both halves are terms (only terms are paired); the phrase is one token from here on.
          kinds[++i] = IS_WORD | IS_TERM
          canonical[i] = segmented[i] as string
          token = phrase
          slot = slotOf(phrase)
          // A term whatever the table says of the same string met alone (对口支援 begins with a
          // character of grammar): the miner joins two terms, and decides what is a phrase now.
          kind = IS_WORD | IS_TERM
        }
      }
      if (tokenWise) feed(scorer, table, token, slot, kept)
      states[kept] = slot >= 0 ? table.state(slot) : unitState(token.charCodeAt(0))
      tokens[kept++] = token
      if (kind & IS_WORD) hasher.add(token)
      if (slot >= 0 && kind & IS_TERM && table.count(slot, stamp)) {
        if (terms.length === termSlots.length) termSlots = growInt32(termSlots)
        termSlots[terms.length] = slot
        terms.push(token)
      }
    }
    // Learn from jieba's own words (one post in four), after the phrases learnt so far were joined.
    miner?.observe(canonical, kindAt, words, n)
    tokens.length = kept
    // Frozen: the arrays go into every post of this text, and a change to one would show in the others.
    const keywords = topKeywords(terms, termSlots, table, kept, keywordsPerPost)
    for (const keyword of keywords) Object.freeze(keyword)
    const analysis: TextAnalysis = {
      tokens: Object.freeze(tokens) as string[],
      terms: Object.freeze(terms) as string[],
      keywords: Object.freeze(keywords) as Keyword[],
      sentiment: Object.freeze(sentimentOf(words + tail, tokens, states, tokenWise ? scorer.finish(tail, tokens, states) : undefined)),
      simhash: hasher.digest(),
    }
    remember(key, { analysis, segmented, phrases, texts: miner?.textsForgotten ?? 0 })
    return analysis
  }

  /** The post analysed: its text's analysis, with the post's own fields. */
  const complete = ({ post, text, title, parts }: Prepared, { tokens, terms, keywords, sentiment, simhash }: TextAnalysis): AnalyzedPost => {
    const hour = bucketHour(post, options.timezone)
    // Fields one by one, not spread: a spread of the post costs more than the rest of this object.
    const analyzed: AnalyzedPost = {
      id: post.id,
      source: post.source,
      content: text,
      fetchedAt: post.fetchedAt,
      text,
      tokens,
      terms,
      keywords,
      sentiment: post.official ? Object.freeze(officialSentiment(sentiment, tokens, lexicon)) : sentiment,
      simhash,
      signals: { urls: parts.urls, emoticons: parts.emoticons, emoji: parts.emoji, reposted: parts.repostChain !== '' },
      hour,
      day: hour.slice(0, 10),
    }
    if (title) analyzed.title = title
    if (post.official) analyzed.official = true
    if (post.url !== undefined) analyzed.url = post.url
    if (post.author !== undefined) analyzed.author = post.author
    if (post.publishedAt !== undefined) analyzed.publishedAt = post.publishedAt
    return analyzed
  }

  const specificity = (term: string): number => {
    const specific = Math.min(1.5, Math.max(0.3, (idf.get(term) ?? median) / median))
    return dictionaries.userWordSet.has(term) ? Math.max(1, specific) : specific
  }

  const reload = () => {
    dictionaries = loadDictionaries(options)
    recent.clear()
    recentKeys.fill(undefined)
    next = 0
    return { userWords: dictionaries.userWords, stopwords: dictionaries.stopwords.size }
  }

  const analyze = (post: RawPost): AnalyzedPost => {
    const prepared = prepare(post)
    return complete(prepared, remembered(prepared) ?? analyzeText(prepared, segmentation(prepared)))
  }

  const analyzeBatch = (posts: readonly RawPost[]): AnalyzedPost[] => {
    const prepared = posts.map(prepare)
    // A text analysed lately, or earlier in the batch, is segmented only if its analysis cannot be reused.
    const inBatch = new Set<string>()
    const segmented = prepared.map(({ key, toSegment }) => {
      if (recent.has(key) || inBatch.has(key)) return undefined
      inBatch.add(key)
      return cut(toSegment)
    })
    return prepared.map((p, i) => complete(p, remembered(p) ?? analyzeText(p, segmented[i] ?? segmentation(p))))
  }

  return { analyze, analyzeBatch, cut, isTerm, specificity, places: () => dictionaries.places, reload, phrases: () => miner?.phrases() ?? [] }
}

/**
 * One token to the sentiment scorer, `index` in the post's token list (−1: not in it): a token of
 * one unit as it is, a longer one by its part in the table.
 */
function feed(scorer: PostScorer, table: TokenTable, token: string, slot: number, index: number): void {
  if (slot < 0) return scorer.unit(token.charCodeAt(0), index)
  if (!table.measured(slot)) {
    scorer.measure(token, table.parts, slot + PART, table.state(slot))
    table.markMeasured(slot)
  }
  scorer.token(table.parts, slot + PART, index)
}

/**
 * Measure words that count what a number is of: 3例 (cases), 12名 (people), 5起 (incidents). jieba's
 * HMM glues one to an unknown word after it (300 / 人同天, 5 / 名协警; 3 / 例新冠 until 新冠 went into
 * dict/vocabulary.txt), a fragment that trended on the Weibo stream as if it were a word.
 */
const MEASURE_WORDS = '例名人位个次起家座辆架台部只条件所户批项支轮篇份种层栋间张吨元岁天'
const MEASURES = new Set([...MEASURE_WORDS].map((c) => c.charCodeAt(0)))

/**
 * Cuts such a fragment in two, in place: after a number, a token that starts with a measure word and
 * that no dictionary knows (a known word such as 人次 or 天气 stays whole).
 */
function splitMeasures(tokens: string[], known: ReadonlySet<string>): string[] {
  for (let i = 1; i < tokens.length; i++) {
    // A number first: most tokens follow none, and this test costs least.
    const before = tokens[i - 1] as string
    const last = before.charCodeAt(before.length - 1)
    if (last < 0x30 || last > 0x39) continue
    const token = tokens[i] as string
    if (token.length < 2 || !MEASURES.has(token.charCodeAt(0)) || known.has(token)) continue
    tokens.splice(i, 1, token.slice(0, 1), token.slice(1))
    i++
  }
  return tokens
}

/**
 * A Han token is a term when it has three or more characters, or two and a dictionary knows it:
 * the two-character words that jieba's HMM makes up outside its dictionary are mostly fragments
 * (会受, 后要), while longer unknown ones are often the names a story is about (李文亮). Not those
 * that begin or end with a word of grammar (see NEVER_FIRST), nor X不Y and X没Y.
 */
function isHanTerm(token: string, known: ReadonlySet<string>): boolean {
  // A question of the form A-not-A (够不够, 有没有, 愿不愿意) asks about something; it names nothing.
  if (token.length >= 3 && token[0] === token[2] && (token[1] === '不' || token[1] === '没')) return false
  let length = token.length
  // Characters, not UTF-16 units: a character beyond the BMP is two.
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) length--
  }
  if (length === 2) return known.has(token)
  if (length < 3) return false
  // The rules first: most tokens break none, and the known-word set is large enough to miss the cache.
  return !isFragment(token) || known.has(token)
}

/**
 * Characters of grammar that begin no name and no topic word outside jieba's dictionary: prepositions,
 * adverbs, pronouns, conjunctions. jieba's HMM glues one to the unknown word after it, and the Weibo
 * stream's boards showed the result as a hot word: 对轻症 (334 posts), 仍在院 (117), 据美媒 (44).
 * Not 于 and 向, common surnames (向妮娟 trended).
 */
const NEVER_FIRST = new Set([...'对有能更仍据在是让以从为已很太这那没别被把将就都也又还再才该并但而与和及或即便却且'])
/**
 * The same at the end: particles, and the verbs and prepositions that follow a name in a headline
 * (马云 + 为, 296 posts; 刘良 + 称, 91; 封城 + 后, 37; 马云 + 向, 19).
 */
const NEVER_LAST = new Set([...'为向称后前于说的了着过吗呢吧啊呀也都就还又被把让给对和与及在是'])

/**
 * Is this unknown token of three or more characters glued by jieba's HMM out of a word and a
 * character of grammar beside it, or a verb with 不 or 没 inside (期不办, cut from 流行期不办; 伤不起)?
 * On the dev stream such tokens were 1,488 of the 13,658 unknown ones that counted as terms; a few
 * were names (张维为), most fragments.
 */
function isFragment(token: string): boolean {
  if (NEVER_FIRST.has(token[0] as string) || NEVER_LAST.has(token[token.length - 1] as string)) return true
  return token.length === 3 && (token[1] === '不' || token[1] === '没')
}

const NUMERALS = new Set([...'零〇一二两三四五六七八九十百千万亿'])
/** Words that make a number approximate or ordinal: 百余, 超千, 近万, 前两, 第三. */
const APPROXIMATE = new Set([...'余多几数半超近约逾每首第前后'])
/** Measure words, and the units of time a count is of (not 月: 五月 is a month, 五个月 a count). */
const COUNTED = new Set([...MEASURE_WORDS, ...'年日周号届颗'])

/**
 * Is this word a count written in characters: a numeral and a measure word, and nothing else
 * (百余人, 超千人, 三位数, 前两天), or "a" something (一辆车)? jieba's dictionary knows some
 * (百余人 topped the board of 2020-02-04 on the Weibo stream, with 388 posts), but a count names
 * nothing. 五一 and 两会 are no counts: no measure word.
 */
function isQuantity(token: string): boolean {
  // 一 and a measure word before a noun are "a": 一辆车 and 一家人 (words of jieba's dictionary)
  // name no car or family. Not 一号线, which names a line, nor 一年级, a school year.
  if (token.length === 3 && token[0] === '一' && token[1] !== '号' && token[1] !== '年' && COUNTED.has(token[1] as string)) return true
  let numeral = false
  let counted = false
  for (const ch of token) {
    if (NUMERALS.has(ch)) numeral = true
    else if (COUNTED.has(ch)) counted = true
    else if (!APPROXIMATE.has(ch)) return false
  }
  return numeral && counted
}

/** The best keywords so far while `topKeywords` runs: their weights and their indexes in the terms. */
let topWeights = new Float64Array(16)
let topTerms = new Int32Array(16)

/**
 * TF-IDF keywords: the `k` terms of highest weight (the first of equals first), without sorting
 * every term of the post. Kept in two typed arrays while they compete, so that only the winners
 * become objects: an object for every candidate and the arrays `splice` returns were 57 of the
 * 316 MB the analyzer allocated over 41,002 Weibo posts (V8's sampling heap profiler).
 */
function topKeywords(terms: readonly string[], slots: Int32Array, table: TokenTable, length: number, k: number): Keyword[] {
  if (k <= 0) return []
  if (topWeights.length < k) {
    topWeights = new Float64Array(k)
    topTerms = new Int32Array(k)
  }
  let size = 0
  for (let i = 0; i < terms.length; i++) {
    const slot = slots[i] as number
    const weight = (table.tf(slot) / length) * table.idf(slot)
    if (size === k && weight <= (topWeights[k - 1] as number)) continue
    let at = size < k ? size++ : k - 1
    for (; at > 0 && (topWeights[at - 1] as number) < weight; at--) {
      topWeights[at] = topWeights[at - 1] as number
      topTerms[at] = topTerms[at - 1] as number
    }
    topWeights[at] = weight
    topTerms[at] = i
  }
  const top: Keyword[] = new Array<Keyword>(size)
  for (let j = 0; j < size; j++) top[j] = { term: terms[topTerms[j] as number] as string, weight: round(topWeights[j] as number) }
  return top
}

/** The hour a post counts in: its publication time, else its day's first hour, else fetch time. */
function bucketHour(post: RawPost, timezone: string): string {
  if (post.publishedAt) return hourOf(new Date(post.publishedAt), timezone)
  if (post.day) return `${post.day}T00`
  return hourOf(new Date(post.fetchedAt), timezone)
}

/** Validates a user dictionary so that a line jieba would silently drop is reported instead. */
function userDictionary(file: URL | string): { text: string; count: number } {
  const lines = readDictionaryLines(file)
  for (const { line, text } of lines) {
    const [word, frequency] = text.split(/\s+/)
    if (!word || !frequency || !/^\d+$/.test(frequency)) {
      throw new InputError(`expected "word frequency [tag]" (jieba ignores a word without a frequency), got "${text}"`, {
        where: `${file instanceof URL ? file.pathname : file}:${line}`,
      })
    }
  }
  return { text: lines.map(({ text }) => text).join('\n'), count: lines.length }
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000
}
