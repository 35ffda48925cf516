import { readFileSync } from 'node:fs'
import { InputError, type Sentiment, type SentimentLabel } from '@yuqing/core'

/**
 * The sentiment model the project trains itself (`pnpm train:sentiment`, analyzer/scripts/):
 * softmax regression over character n-grams, words, word pairs, negated words, words after a
 * degree word and emoticons. One walk over a post gives both halves of its features — the
 * readable strings training learns from and the model file keeps, and the 64-bit keys the
 * classifier computes straight from the characters — so the two cannot drift apart.
 */

/** The model the project ships, trained on the training part of the labelled Weibo set. */
export const bundledSentimentModelFile = new URL('../model/sentiment.json', import.meta.url)

export const SENTIMENT_CLASSES: readonly SentimentLabel[] = ['negative', 'neutral', 'positive']

export interface SentimentModel {
  classify(text: string, tokens: readonly string[]): Sentiment
}

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

export const defaultFeatureOptions: FeatureOptions = {
  charMin: 1,
  charMax: 3,
  words: true,
  wordPairs: true,
  negation: true,
  degree: true,
  emoticons: true,
}

/** The model file: weights per feature string, one per class in `classes` order. */
export interface SentimentModelFile {
  format: 'yuqing-sentiment-softmax/1'
  classes: SentimentLabel[]
  features: FeatureOptions
  bias: number[]
  /** Feature string → weights, flattened: `[feature, w0, w1, w2, feature, …]` keeps the file small. */
  weights: (string | number)[]
  /** How the file was made (data, split, options); for people, not read by the classifier. */
  trainedOn?: unknown
}

// Feature kinds: the first character of a feature string.
export const KIND = { char: 'c', word: 'w', pair: 'v', negated: 'n', degree: 'd', emoticon: 'e' } as const
/** Between the two words of a pair: a character no token contains. */
export const PAIR_SEPARATOR = '\u0001'

const NEGATORS = new Set(['不', '没', '没有', '未', '别', '无', '非', '莫', '勿', '不是', '并非', '并不', '不再', '从未', '从不', '毫无', '不太', '不够', '不会', '不能', '不要', '不用', '没什么', '绝不', '决不', '不怎么'])
const DEGREES = new Set(['很', '太', '非常', '特别', '十分', '极', '极其', '超', '超级', '最', '更', '好', '真', '真的', '挺', '蛮', '相当', '格外', '尤其', '越来越', '有点', '有些', '太过', '实在', '简直', '多么', '如此', '这么', '那么', '贼', '巨'])
/** How many words after a negator it reaches (a clause break ends it sooner). */
const NEGATION_REACH = 3

/** Feature kinds as the code of their letter: the last piece hashed into a feature's key. */
const KIND_CODE = {
  char: KIND.char.charCodeAt(0),
  word: KIND.word.charCodeAt(0),
  pair: KIND.pair.charCodeAt(0),
  negated: KIND.negated.charCodeAt(0),
  degree: KIND.degree.charCodeAt(0),
  emoticon: KIND.emoticon.charCodeAt(0),
}
const SEPARATOR_CODE = PAIR_SEPARATOR.charCodeAt(0)

/** Whitespace is no feature: n-grams run across it, as if it were not there. */
function isSpace(code: number): boolean {
  return code <= 32 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b) || code === 0xfeff
}

/** Punctuation and symbols that end a clause (and a negation's reach): ASCII and CJK ranges. */
function isBreakCode(code: number): boolean {
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

/** 0 for a word, 1 for punctuation (a clause break), 2 for whitespace (skipped). */
function tokenClass(token: string): number {
  let space = true
  let punctuation = true
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i)
    if (!isSpace(code)) space = false
    if (!isBreakCode(code)) punctuation = false
    if (!space && !punctuation) return 0
  }
  return space ? 2 : 1
}

/** Folds what says the same: Latin capitals to lower case, every digit to 0 (dates and counts vary). */
function foldCode(cp: number): number {
  if (cp >= 65 && cp <= 90) return cp + 32
  if (cp >= 49 && cp <= 57) return 48
  return cp
}

// A feature's key: two 32-bit FNV-1a-style lanes over its code points (kind letter last), 64 bits,
// so two of the model's features never share a key and an unknown feature practically never hits
// a known one. The walk computes keys from code points as it goes; `featureKey` from the string.
const SEED_A = 0x811c9dc5
const SEED_B = 0x2545f491
const PRIME_A = 0x01000193
const PRIME_B = 0x5bd1e995

/** The key of a feature string (kind letter, then its pieces), as the walk computes it. */
export function featureKey(feature: string): [number, number] {
  let a = SEED_A
  let b = SEED_B
  for (let i = 1; i < feature.length; i++) {
    const cp = feature.codePointAt(i) ?? 0
    if (cp > 0xffff) i++
    a = Math.imul(a ^ cp, PRIME_A)
    b = Math.imul(b ^ cp, PRIME_B) ^ (b >>> 15)
  }
  const kind = feature.charCodeAt(0)
  return [Math.imul(a ^ kind, PRIME_A), Math.imul(b ^ kind, PRIME_B) ^ (b >>> 15)]
}

/**
 * Where a walk leaves a post's features: keys (two numbers each) in a typed array reused from post to
 * post, and, when `names` is set (training), the feature strings too.
 */
export class FeatureBuffer {
  keys = new Int32Array(4096)
  count = 0

  constructor(readonly names?: string[]) {}

  push(a: number, b: number): void {
    if (this.count * 2 >= this.keys.length) {
      const bigger = new Int32Array(this.keys.length * 2)
      bigger.set(this.keys)
      this.keys = bigger
    }
    this.keys[this.count * 2] = a
    this.keys[this.count * 2 + 1] = b
    this.count++
  }
}

/**
 * One walk over a post: the keys of its features into `out` (one per occurrence), and their
 * strings when `out.names` is set. Returns the number of features (a post's vector is scaled by
 * 1/√count, in training and in use alike).
 */
export function walkFeatures(text: string, tokens: readonly string[], options: FeatureOptions, out: FeatureBuffer): number {
  out.count = 0
  const names = out.names
  if (names) names.length = 0
  const { charMin, charMax } = options
  if (charMax > 0) {
    // The last three characters, newest first; -1 before the text starts.
    let c1 = -1
    let c2 = -1
    let c3 = -1
    const kind = KIND_CODE.char
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i)
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1)
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
          i++
        }
      }
      if (isSpace(cp)) continue
      c3 = c2
      c2 = c1
      c1 = foldCode(cp)
      if (charMin <= 1) {
        const a = Math.imul(SEED_A ^ c1, PRIME_A)
        const b = Math.imul(SEED_B ^ c1, PRIME_B) ^ (SEED_B >>> 15)
        out.push(Math.imul(a ^ kind, PRIME_A), Math.imul(b ^ kind, PRIME_B) ^ (b >>> 15))
        if (names) names.push(KIND.char + String.fromCodePoint(c1))
      }
      if (c2 < 0 || charMax < 2) continue
      let a = Math.imul(SEED_A ^ c2, PRIME_A)
      let b = Math.imul(SEED_B ^ c2, PRIME_B) ^ (SEED_B >>> 15)
      a = Math.imul(a ^ c1, PRIME_A)
      b = Math.imul(b ^ c1, PRIME_B) ^ (b >>> 15)
      if (charMin <= 2) {
        out.push(Math.imul(a ^ kind, PRIME_A), Math.imul(b ^ kind, PRIME_B) ^ (b >>> 15))
        if (names) names.push(KIND.char + String.fromCodePoint(c2, c1))
      }
      if (c3 < 0 || charMax < 3) continue
      a = Math.imul(SEED_A ^ c3, PRIME_A)
      b = Math.imul(SEED_B ^ c3, PRIME_B) ^ (SEED_B >>> 15)
      a = Math.imul(a ^ c2, PRIME_A)
      b = Math.imul(b ^ c2, PRIME_B) ^ (b >>> 15)
      a = Math.imul(a ^ c1, PRIME_A)
      b = Math.imul(b ^ c1, PRIME_B) ^ (b >>> 15)
      out.push(Math.imul(a ^ kind, PRIME_A), Math.imul(b ^ kind, PRIME_B) ^ (b >>> 15))
      if (names) names.push(KIND.char + String.fromCodePoint(c3, c2, c1))
    }
  }
  if (options.emoticons) {
    // [泪], [哈哈]: Weibo's emoticons, whole (jieba splits them into brackets and characters).
    let open = -1
    const kind = KIND_CODE.emoticon
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 91) open = i
      else if (code === 93 && open >= 0) {
        if (i - open >= 2 && i - open <= 9) {
          let a = SEED_A
          let b = SEED_B
          for (let j = open + 1; j < i; j++) {
            const cp = text.codePointAt(j) ?? 0
            if (cp > 0xffff) j++
            a = Math.imul(a ^ cp, PRIME_A)
            b = Math.imul(b ^ cp, PRIME_B) ^ (b >>> 15)
          }
          out.push(Math.imul(a ^ kind, PRIME_A), Math.imul(b ^ kind, PRIME_B) ^ (b >>> 15))
          if (names) names.push(KIND.emoticon + text.slice(open + 1, i))
        }
        open = -1
      } else if (isSpace(code)) open = -1
    }
  }
  if (options.words || options.wordPairs) {
    let negated = 0
    let degree = false
    // The previous word of the clause and the key state after its code points (pairs start from it).
    let previous: string | undefined
    let previousA = 0
    let previousB = 0
    for (const token of tokens) {
      if (token.length === 0) continue
      const tokenKind = tokenClass(token)
      if (tokenKind === 2) continue
      if (tokenKind === 1) {
        // A clause ends at punctuation, and so do a negation's reach, a degree and a pair.
        negated = 0
        degree = false
        previous = undefined
        continue
      }
      // The token's code points once; the word, negated and degree features differ only in the kind.
      let a = SEED_A
      let b = SEED_B
      for (let j = 0; j < token.length; j++) {
        const cp = token.codePointAt(j) ?? 0
        if (cp > 0xffff) j++
        a = Math.imul(a ^ cp, PRIME_A)
        b = Math.imul(b ^ cp, PRIME_B) ^ (b >>> 15)
      }
      if (options.words) {
        const kind = options.negation && negated > 0 ? KIND_CODE.negated : KIND_CODE.word
        out.push(Math.imul(a ^ kind, PRIME_A), Math.imul(b ^ kind, PRIME_B) ^ (b >>> 15))
        if (names) names.push(String.fromCharCode(kind) + token)
        if (options.degree && degree) {
          const d = KIND_CODE.degree
          out.push(Math.imul(a ^ d, PRIME_A), Math.imul(b ^ d, PRIME_B) ^ (b >>> 15))
          if (names) names.push(KIND.degree + token)
        }
      }
      if (options.wordPairs && previous !== undefined) {
        let pa = Math.imul(previousA ^ SEPARATOR_CODE, PRIME_A)
        let pb = Math.imul(previousB ^ SEPARATOR_CODE, PRIME_B) ^ (previousB >>> 15)
        for (let j = 0; j < token.length; j++) {
          const cp = token.codePointAt(j) ?? 0
          if (cp > 0xffff) j++
          pa = Math.imul(pa ^ cp, PRIME_A)
          pb = Math.imul(pb ^ cp, PRIME_B) ^ (pb >>> 15)
        }
        const kind = KIND_CODE.pair
        out.push(Math.imul(pa ^ kind, PRIME_A), Math.imul(pb ^ kind, PRIME_B) ^ (pb >>> 15))
        if (names) names.push(KIND.pair + previous + PAIR_SEPARATOR + token)
      }
      previous = token
      previousA = a
      previousB = b
      if (negated > 0) negated--
      degree = false
      if (NEGATORS.has(token)) negated = NEGATION_REACH
      else if (DEGREES.has(token)) degree = true
    }
  }
  return out.count
}

/** A post's features as strings, for training and for reading a model file. */
export function featureStrings(text: string, tokens: readonly string[], options: FeatureOptions = defaultFeatureOptions): string[] {
  const out = new FeatureBuffer([])
  walkFeatures(text, tokens, options, out)
  return out.names ?? []
}

/**
 * Weights by 64-bit feature key in an open-addressing table: the keys side by side in one small
 * array (a probe, mostly for n-grams the model does not know, reads only that), the three class
 * weights of a slot in another. Classifying a post allocates nothing but its result.
 */
class WeightTable {
  readonly mask: number
  /** Key of each slot as two numbers; (0, 0) marks an empty slot. */
  readonly keys: Int32Array
  /** Weights of each slot: negative, neutral, positive, and one unused float for alignment. */
  readonly weights: Float32Array

  constructor(size: number) {
    let capacity = 16
    // At most ~70% full: linear probing stays short.
    while (capacity * 0.7 < size) capacity *= 2
    this.mask = capacity - 1
    this.keys = new Int32Array(capacity * 2)
    this.weights = new Float32Array(capacity * 4)
  }

  /** Adds a feature's weights; a feature listed twice gets their sum. */
  add(a: number, b: number, w0: number, w1: number, w2: number): void {
    // The one key that reads as an empty slot: dropping that feature costs nothing measurable.
    if (a === 0 && b === 0) return
    let slot = mix(a) & this.mask
    for (;;) {
      const ka = this.keys[slot * 2]
      const kb = this.keys[slot * 2 + 1]
      if (ka === 0 && kb === 0) {
        this.keys[slot * 2] = a
        this.keys[slot * 2 + 1] = b
      } else if (ka !== a || kb !== b) {
        slot = (slot + 1) & this.mask
        continue
      }
      this.weights[slot * 4] = (this.weights[slot * 4] ?? 0) + w0
      this.weights[slot * 4 + 1] = (this.weights[slot * 4 + 1] ?? 0) + w1
      this.weights[slot * 4 + 2] = (this.weights[slot * 4 + 2] ?? 0) + w2
      return
    }
  }
}

/** The table slot of a key: murmur3's finaliser spreads FNV's weak low bits. */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** Reads and checks a model file; a missing or malformed one is an InputError naming the file. */
export function readSentimentModelFile(file: URL | string = bundledSentimentModelFile): SentimentModelFile {
  const where = file instanceof URL && file.protocol === 'file:' ? decodeURIComponent(file.pathname) : String(file)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new InputError('cannot read the sentiment model (train one with `pnpm train:sentiment`)', { where, cause: error })
  }
  const problem = checkModelFile(parsed)
  if (problem) throw new InputError(`not a sentiment model: ${problem}`, { where })
  return parsed as SentimentModelFile
}

function checkModelFile(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected a JSON object'
  const m = value as Partial<Record<keyof SentimentModelFile, unknown>>
  if (m.format !== 'yuqing-sentiment-softmax/1') return 'expected format "yuqing-sentiment-softmax/1"'
  const classes = m.classes
  if (!Array.isArray(classes) || classes.length !== SENTIMENT_CLASSES.length || !SENTIMENT_CLASSES.every((c) => classes.includes(c))) {
    return 'expected classes negative, neutral, positive'
  }
  if (!Array.isArray(m.bias) || m.bias.length !== classes.length || !m.bias.every((b) => typeof b === 'number' && Number.isFinite(b))) {
    return 'expected one finite bias per class'
  }
  const f = m.features as Partial<FeatureOptions> | undefined
  if (typeof f !== 'object' || f === null || typeof f.charMin !== 'number' || typeof f.charMax !== 'number') return 'expected feature options'
  const w = m.weights
  if (!Array.isArray(w) || w.length % (classes.length + 1) !== 0) return 'expected weights as [feature, w…] runs'
  for (let i = 0; i < w.length; i += classes.length + 1) {
    if (typeof w[i] !== 'string') return `weights: expected a feature string at ${i}`
    for (let c = 1; c <= classes.length; c++) {
      const v = w[i + c]
      if (typeof v !== 'number' || !Number.isFinite(v)) return `weights: expected numbers after "${String(w[i])}"`
    }
  }
  return undefined
}

/** The classifier of the committed model file (or another one). */
export function loadSentimentModel(file: URL | string = bundledSentimentModelFile): SentimentModel {
  return createSentimentModel(readSentimentModelFile(file))
}

/** A classifier over a model in memory: what training measures before it writes the file. */
export function createSentimentModel(model: SentimentModelFile): SentimentModel {
  // Index the classes once: the file may list them in any order.
  const at = SENTIMENT_CLASSES.map((c) => model.classes.indexOf(c))
  const [iNeg, iNeu, iPos] = at as [number, number, number]
  const table = new WeightTable(model.weights.length / 4)
  for (let i = 0; i < model.weights.length; i += 4) {
    const [a, b] = featureKey(model.weights[i] as string)
    const w = (c: number) => model.weights[i + 1 + c] as number
    table.add(a, b, w(iNeg), w(iNeu), w(iPos))
  }
  const [biasNeg, biasNeu, biasPos] = at.map((c) => model.bias[c] ?? 0) as [number, number, number]
  const options: FeatureOptions = { ...defaultFeatureOptions, ...model.features }
  const buffer = new FeatureBuffer()
  const { keys: slotKeys, weights, mask } = table
  return {
    classify(text, tokens) {
      const count = walkFeatures(text, tokens, options, buffer)
      const keys = buffer.keys
      let neg = 0
      let neu = 0
      let pos = 0
      let known = 0
      for (let f = 0; f < count; f++) {
        const a = keys[f * 2] ?? 0
        const b = keys[f * 2 + 1] ?? 0
        let slot = mix(a) & mask
        for (;;) {
          const ka = slotKeys[slot * 2]
          const kb = slotKeys[slot * 2 + 1]
          if (ka === a && kb === b) {
            neg += weights[slot * 4] ?? 0
            neu += weights[slot * 4 + 1] ?? 0
            pos += weights[slot * 4 + 2] ?? 0
            known++
            break
          }
          if (ka === 0 && kb === 0) break
          slot = (slot + 1) & mask
        }
      }
      // Nothing the model has seen (an empty post, another script): no evidence, no lean.
      if (known === 0) return { label: 'neutral', score: 0 }
      const scale = 1 / Math.sqrt(count)
      const zNeg = biasNeg + neg * scale
      const zNeu = biasNeu + neu * scale
      const zPos = biasPos + pos * scale
      const max = Math.max(zNeg, zNeu, zPos)
      const eNeg = Math.exp(zNeg - max)
      const eNeu = Math.exp(zNeu - max)
      const ePos = Math.exp(zPos - max)
      // p(positive) − p(negative): below 0 exactly when negative outscores positive.
      const score = Math.round(((ePos - eNeg) / (eNeg + eNeu + ePos)) * 1000) / 1000
      const label: SentimentLabel = zNeg >= zNeu && zNeg >= zPos ? 'negative' : zPos >= zNeu ? 'positive' : 'neutral'
      return { label, score }
    },
  }
}
