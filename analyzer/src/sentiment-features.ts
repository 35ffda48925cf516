/**
 * The features of the sentiment model: character n-grams, words (negated ones and those after a
 * degree word marked apart), word pairs and Weibo emoticons, each hashed to a 32-bit number straight
 * from the code points as one walk goes over a post. Training and the classifier share this walk;
 * the classifier looks the hashes up in a table (sentiment-model.ts), so nothing per post is a
 * string, a Map lookup or an allocation. `featureStrings` names the same features, for tests and
 * for people.
 */

/** Which feature groups the walk emits; stored in the model file, so use matches training. */
export interface FeatureOptions {
  /** Character n-grams from `charMin` to `charMax` characters (at most 3; 0 for none). */
  charMin: number
  charMax: number
  words: boolean
  /** Adjacent word pairs within a clause. */
  wordPairs: boolean
  /** Words within reach of a negation get their own feature (`n` + word) instead of the plain one. */
  negation: boolean
  /** Words right after a degree word (很/太/非常…) get an extra feature (`d` + word). */
  degree: boolean
  emoticons: boolean
}

/**
 * Character unigrams and bigrams, words, negated and degree words, emoticons: character trigrams and
 * word pairs cost half the time of a post and, cross-validated, did not help (macro-F1 0.745 with
 * them, 0.753 without).
 */
export const defaultFeatureOptions: FeatureOptions = {
  charMin: 1,
  charMax: 2,
  words: true,
  wordPairs: false,
  negation: true,
  degree: true,
  emoticons: true,
}

// Feature kinds: the first character of a feature string, hashed last.
export const KIND = { char: 'c', word: 'w', pair: 'v', negated: 'n', degree: 'd', emoticon: 'e' } as const
/** Between the two words of a pair: a character no token contains. */
export const PAIR_SEPARATOR = '\u0001'

const NEGATORS = new Set(['不', '没', '没有', '未', '别', '无', '非', '莫', '勿', '不是', '并非', '并不', '不再', '从未', '从不', '毫无', '不太', '不够', '不会', '不能', '不要', '不用', '没什么', '绝不', '决不', '不怎么'])
const DEGREES = new Set(['很', '太', '非常', '特别', '十分', '极', '极其', '超', '超级', '最', '更', '好', '真', '真的', '挺', '蛮', '相当', '格外', '尤其', '越来越', '有点', '有些', '太过', '实在', '简直', '多么', '如此', '这么', '那么', '贼', '巨'])
/** How many words after a negator it reaches (a clause break ends it sooner). */
const NEGATION_REACH = 3
const NEGATOR = 1
const DEGREE = 2

export const KIND_CODE = {
  char: KIND.char.charCodeAt(0),
  word: KIND.word.charCodeAt(0),
  pair: KIND.pair.charCodeAt(0),
  negated: KIND.negated.charCodeAt(0),
  degree: KIND.degree.charCodeAt(0),
  emoticon: KIND.emoticon.charCodeAt(0),
}

// A feature's hash: FNV-1a's step over its code points, then its kind, then one multiplication by
// 2^32/φ (Fibonacci hashing), whose high bits pick the table slot. A pair combines the states of its
// two words, so the walk never goes over a word twice.
export const SEED = 0x811c9dc5
const STEP = 0x01000193
const GOLDEN = 0x9e3779b1
const PAIR_MIX = 0x27d4eb2f

export const step = (state: number, cp: number): number => Math.imul(state ^ cp, STEP)
export const finish = (state: number, kind: number): number => Math.imul(state ^ kind, GOLDEN)
const pairState = (first: number, second: number): number => Math.imul(first, PAIR_MIX) ^ second

const stateOf = (word: string): number => {
  let state = SEED
  for (const ch of word) state = step(state, ch.codePointAt(0) ?? 0)
  return state
}

/**
 * Negators and degree words by the state a token's walk ends in: a token is looked up by the number
 * the walk computed anyway, not by its string. (Another word ending in the same 32-bit state is a
 * one-in-billions chance.)
 */
const MARKERS = (() => {
  const size = 256
  const keys = new Int32Array(size)
  const kinds = new Uint8Array(size)
  const add = (word: string, kind: number) => {
    const key = stateOf(word)
    let slot = key >>> 24
    while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & (size - 1)
    keys[slot] = key
    kinds[slot] = kind
  }
  for (const w of DEGREES) add(w, DEGREE)
  for (const w of NEGATORS) add(w, NEGATOR)
  return { keys, kinds, mask: size - 1 }
})()

/** NEGATOR, DEGREE or 0 for a token whose walk ended in `state`. */
function markerOf(state: number): number {
  let slot = state >>> 24
  for (;;) {
    const key = MARKERS.keys[slot] ?? 0
    if (key === state) return MARKERS.kinds[slot] ?? 0
    if (key === 0) return 0
    slot = (slot + 1) & MARKERS.mask
  }
}

/** Whitespace is no feature: n-grams run across it, as if it were not there. */
export function isSpace(code: number): boolean {
  // Han and most other letters first: one comparison.
  if (code > 0x3000 && code !== 0xfeff) return false
  return code <= 32 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b) || code === 0xfeff
}

/** Punctuation and symbols that end a clause (and a negation's reach): ASCII and CJK ranges. */
export function isBreakCode(code: number): boolean {
  return (
    (code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126) ||
    (code >= 0x2010 && code <= 0x206f) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff01 && code <= 0xff0f) ||
    (code >= 0xff1a && code <= 0xff20)
  )
}

/** Folds what says the same: Latin capitals to lower case, every digit to 0 (dates and counts vary). */
export function foldCode(cp: number): number {
  if (cp >= 65 && cp <= 90) return cp + 32
  if (cp >= 49 && cp <= 57) return 48
  return cp
}

export const isHan = (cp: number): boolean => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2ffff)

/** The hash of a feature string (kind letter, then its pieces), as the walk computes it. */
export function featureHash(feature: string): number {
  const kind = feature.charCodeAt(0)
  const body = feature.slice(1)
  if (kind === KIND_CODE.pair) {
    const [first = '', second = ''] = body.split(PAIR_SEPARATOR)
    return finish(pairState(stateOf(first), stateOf(second)), kind)
  }
  return finish(stateOf(body), kind)
}

/**
 * Where a walk leaves a post's features: their hashes in a typed array reused from post to post,
 * how many of its characters are Han, and, when `names` is set (tests, reading a model), the
 * feature strings too.
 */
export class FeatureBuffer {
  hashes = new Int32Array(1024)
  /** How many hashes the last walk left. */
  count = 0
  han = 0
  /**
   * With `byCode` (the classifier), character unigrams below DIRECT_CODES are left as their
   * (folded) code points here instead of hashes: the classifier reads their weights from a table
   * by code point, one load and no probing for the most common feature.
   */
  codes: Int32Array | undefined
  codeCount = 0
  /**
   * With `plainWords` (the token-wise scorer), the index of the token each feature is the plain
   * word feature of, −1 for the other features: that scorer has those weights already.
   */
  tokenOf: Int32Array | undefined

  constructor(
    readonly names?: string[],
    byCode = false,
    plainWords = false,
  ) {
    if (byCode) this.codes = new Int32Array(1024)
    if (plainWords) this.tokenOf = new Int32Array(1024)
  }

  /** Room for `n` features: the walk writes without checking for each. */
  reserve(n: number): Int32Array {
    if (this.hashes.length < n) this.hashes = new Int32Array(Math.max(n, this.hashes.length * 2))
    if (this.codes && this.codes.length < n) this.codes = new Int32Array(this.hashes.length)
    if (this.tokenOf && this.tokenOf.length < n) this.tokenOf = new Int32Array(this.hashes.length)
    return this.hashes
  }
}

/** Character unigrams below this code point (Latin, CJK punctuation, the common Han block) can go by code. */
export const DIRECT_CODES = 0xa000

/** The hash of the unigram feature of a (folded) code point, as the walk computes it. */
export const unigramHash = (cp: number): number => finish(step(SEED, cp), KIND_CODE.char)

/**
 * One walk over a post: the hashes of its features into `out` (one per occurrence; some unigrams
 * as code points, see FeatureBuffer), and their strings when `out.names` is set. Returns the number
 * of features (a post's vector is scaled by 1/√count, in training and in use alike).
 */
export function walkFeatures(text: string, tokens: readonly string[], options: FeatureOptions, out: FeatureBuffer, states?: Int32Array): number {
  out.han = 0
  out.codeCount = 0
  if (out.names) out.names.length = 0
  // At most three features a character (n-grams or an emoticon) and three a token.
  const hashes = out.reserve(3 * (text.length + tokens.length))
  let n = 0
  n = walkText(text, options, out, hashes, n)
  if (options.words || options.wordPairs) n = walkWords(tokens, options, out, hashes, n, states)
  out.count = n
  return n + out.codeCount
}

/**
 * The word features alone (words, negated and degree words, pairs), for a caller that scores the
 * character n-grams its own way (PostScorer in sentiment-model.ts); returns their number.
 */
export function walkWordFeatures(tokens: readonly string[], options: FeatureOptions, out: FeatureBuffer, states?: Int32Array): number {
  out.codeCount = 0
  if (out.names) out.names.length = 0
  const n = options.words || options.wordPairs ? walkWords(tokens, options, out, out.reserve(3 * tokens.length), 0, states) : 0
  out.count = n
  return n
}

/**
 * Character n-grams (whitespace skipped, as if it were not there) and Weibo's emoticons, [泪] or
 * [哈哈], taken whole (jieba splits them into brackets and characters): one pass over the text.
 */
function walkText(text: string, options: FeatureOptions, out: FeatureBuffer, hashes: Int32Array, n: number): number {
  const { charMin, charMax, emoticons } = options
  const unigrams = charMin <= 1 && charMax >= 1
  const bigrams = charMin <= 2 && charMax >= 2
  const trigrams = charMax >= 3
  const names = out.names
  const kind = KIND_CODE.char
  // The states of the n-grams ending at the previous character (0 before there is one), the last
  // two characters (for names), and where an emoticon's bracket opened (-1: none).
  let one = 0
  let two = 0
  let c1 = 0
  let c2 = 0
  let han = 0
  let open = -1
  const codes = out.codes
  let m = 0
  const length = text.length
  for (let i = 0; i < length; i++) {
    let cp = text.charCodeAt(i)
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
        i++
      }
    }
    if (isSpace(cp)) {
      open = -1
      continue
    }
    if (cp === 91) open = i
    else if (cp === 93 && open >= 0) {
      if (emoticons && i - open >= 2 && i - open <= 9) n = emoticon(text, open + 1, i, out, hashes, n)
      open = -1
    } else if (isHan(cp)) han++
    cp = foldCode(cp)
    const three = !trigrams || two === 0 ? 0 : step(two, cp)
    two = one === 0 ? 0 : step(one, cp)
    one = step(SEED, cp)
    if (unigrams) {
      if (codes !== undefined && cp < DIRECT_CODES) codes[m++] = cp
      else hashes[n++] = finish(one, kind)
    }
    if (bigrams && two !== 0) hashes[n++] = finish(two, kind)
    if (trigrams && three !== 0) hashes[n++] = finish(three, kind)
    if (names) {
      if (unigrams) names.push(KIND.char + String.fromCodePoint(cp))
      if (bigrams && two !== 0) names.push(KIND.char + String.fromCodePoint(c1, cp))
      if (trigrams && three !== 0) names.push(KIND.char + String.fromCodePoint(c2, c1, cp))
    }
    c2 = c1
    c1 = cp
  }
  out.han = han
  out.codeCount = m
  return n
}

/** The hash of the emoticon feature of the text between `from` and `to` (its brackets outside). */
export function emoticonHash(text: string, from: number, to: number): number {
  let state = SEED
  for (let j = from; j < to; j++) {
    const cp = text.codePointAt(j) ?? 0
    if (cp > 0xffff) j++
    state = step(state, cp)
  }
  return finish(state, KIND_CODE.emoticon)
}

/** The emoticon between `from` and `to` (its brackets outside). */
function emoticon(text: string, from: number, to: number, out: FeatureBuffer, hashes: Int32Array, n: number): number {
  hashes[n] = emoticonHash(text, from, to)
  if (out.names) out.names.push(KIND.emoticon + text.slice(from, to))
  return n + 1
}

/** `states`, when given, holds each token's walk state already (the analyzer's token table has them). */
function walkWords(tokens: readonly string[], options: FeatureOptions, out: FeatureBuffer, hashes: Int32Array, n: number, states: Int32Array | undefined): number {
  const names = out.names
  const tokenOf = out.tokenOf
  let negated = 0
  let degree = false
  // The state of the previous word of the clause (0 at a clause's start), and the word for names.
  let previous = 0
  let previousWord = ''
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] ?? ''
    // A token is whitespace or punctuation as its first character is (jieba keeps them apart from words).
    const first = token.charCodeAt(0)
    if (token.length === 0 || isSpace(first)) continue
    if (isBreakCode(first)) {
      // A clause ends at punctuation, and so do a negation's reach, a degree and a pair.
      negated = 0
      degree = false
      previous = 0
      continue
    }
    let state = SEED
    if (states !== undefined) state = states[t] as number
    else {
      for (let j = 0; j < token.length; j++) {
        let cp = token.charCodeAt(j)
        if (cp >= 0xd800 && cp <= 0xdbff) {
          cp = token.codePointAt(j) ?? cp
          if (cp > 0xffff) j++
        }
        state = step(state, cp)
      }
    }
    if (options.words) {
      const kind = options.negation && negated > 0 ? KIND_CODE.negated : KIND_CODE.word
      if (tokenOf) tokenOf[n] = kind === KIND_CODE.word ? t : -1
      hashes[n++] = finish(state, kind)
      if (names) names.push(String.fromCharCode(kind) + token)
      if (options.degree && degree) {
        if (tokenOf) tokenOf[n] = -1
        hashes[n++] = finish(state, KIND_CODE.degree)
        if (names) names.push(KIND.degree + token)
      }
    }
    if (options.wordPairs && previous !== 0) {
      if (tokenOf) tokenOf[n] = -1
      hashes[n++] = finish(pairState(previous, state), KIND_CODE.pair)
      if (names) names.push(KIND.pair + previousWord + PAIR_SEPARATOR + token)
    }
    previous = state
    if (names) previousWord = token
    if (negated > 0) negated--
    degree = false
    const marker = markerOf(state)
    if (marker === NEGATOR) negated = NEGATION_REACH
    else if (marker === DEGREE) degree = true
  }
  return n
}

/** A post's features as strings, for tests and for reading what a model learnt. */
export function featureStrings(text: string, tokens: readonly string[], options: FeatureOptions = defaultFeatureOptions): string[] {
  const out = new FeatureBuffer([])
  walkFeatures(text, tokens, options, out)
  return out.names ?? []
}
