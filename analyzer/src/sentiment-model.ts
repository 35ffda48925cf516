import { readFileSync } from 'node:fs'
import { InputError, type Sentiment, type SentimentLabel } from '@yuqing/core'
import {
  defaultFeatureOptions,
  DIRECT_CODES,
  emoticonHash,
  FeatureBuffer,
  finish,
  foldCode,
  isHan,
  isSpace,
  KIND_CODE,
  SEED,
  step,
  unigramHash,
  walkFeatures,
  walkWordFeatures,
  type FeatureOptions,
} from './sentiment-features.ts'

/**
 * The sentiment model the project trains itself (`pnpm train:sentiment`, analyzer/scripts/):
 * softmax regression over hashed features (sentiment-features.ts). The model file lists the weights
 * of the features by hash; loading spreads them into one compact table, so classifying a post is one
 * walk over its characters and words and about one cache line read per feature.
 */

/** The model the project ships, trained on the training part of the labelled Weibo set. */
export const bundledSentimentModelFile = new URL('../model/sentiment.json', import.meta.url)

export const SENTIMENT_CLASSES: readonly SentimentLabel[] = ['negative', 'neutral', 'positive']

export interface SentimentModel {
  /** `states`: each token's FNV-1a state, when the caller has them (see TokenTable); else the walk computes them. */
  classify(text: string, tokens: readonly string[], states?: Int32Array): Sentiment
  /** Below this |score|, a positive or negative call is a coin toss the lexicon may settle (see sentiment.ts). */
  readonly lexiconBelow: number
  /**
   * A scorer fed a post token by token, deciding as `classify` does on the text the tokens spell;
   * undefined when the model's features need more than a token and its neighbour's edge
   * (character trigrams).
   */
  scorer(): PostScorer | undefined
}

/** The coin-toss margin of a model file that names none. */
const DEFAULT_LEXICON_BELOW = 0.05

export const SENTIMENT_MODEL_FORMAT = 'yuqing-sentiment-hashed/1'

/** The model file: weights per feature hash, one per class in `classes` order. */
export interface SentimentModelFile {
  format: typeof SENTIMENT_MODEL_FORMAT
  classes: SentimentLabel[]
  features: FeatureOptions
  bias: number[]
  /** The features' hashes (unsigned, see sentiment-features.ts), ascending, each as its distance from the one before (the first from 0). */
  hashes: number[]
  /** The weights of those features, one per class in `classes` order, flattened. */
  weights: number[]
  /** Below this |score| the analyzer lets the lexicon settle a positive or negative call; cross-validated in training. */
  lexiconBelow?: number
  /** How the file was made (data, split, options); for people, not read by the classifier. */
  trainedOn?: unknown
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
  if (problem) throw new InputError(`not a sentiment model: ${problem} (train one with \`pnpm train:sentiment\`)`, { where })
  return parsed as SentimentModelFile
}

function checkModelFile(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected a JSON object'
  const m = value as Partial<Record<keyof SentimentModelFile, unknown>>
  if (m.format !== SENTIMENT_MODEL_FORMAT) return `expected format "${SENTIMENT_MODEL_FORMAT}", found ${JSON.stringify(m.format)}`
  const classes = m.classes
  if (!Array.isArray(classes) || classes.length !== SENTIMENT_CLASSES.length || !SENTIMENT_CLASSES.every((c) => classes.includes(c))) {
    return 'expected classes negative, neutral, positive'
  }
  if (!Array.isArray(m.bias) || m.bias.length !== classes.length || !m.bias.every(isFiniteNumber)) return 'expected one finite bias per class'
  const f = m.features as Partial<FeatureOptions> | undefined
  if (typeof f !== 'object' || f === null || typeof f.charMin !== 'number' || typeof f.charMax !== 'number') return 'expected feature options'
  const { hashes, weights } = m
  if (!Array.isArray(hashes) || !Array.isArray(weights)) return 'expected hashes and weights arrays'
  if (weights.length !== hashes.length * classes.length) return `expected ${classes.length} weights per hash: ${hashes.length} hashes, ${weights.length} weights`
  let hash = 0
  for (let i = 0; i < hashes.length; i++) {
    const gap = hashes[i] as unknown
    if (typeof gap !== 'number' || !Number.isInteger(gap) || gap < 1) return `hashes[${i}]: expected a gap of at least 1`
    hash += gap
    if (hash > 0xffffffff) return `hashes[${i}]: the hash passes 2^32`
  }
  const below = m.lexiconBelow
  if (below !== undefined && !(isFiniteNumber(below) && below >= 0 && below <= 1)) return 'expected lexiconBelow, a number from 0 to 1'
  const bad = weights.findIndex((w) => !isFiniteNumber(w))
  if (bad >= 0) return `weights[${bad}]: expected a finite number`
  return undefined
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The classifier of the committed model file (or another one). */
export function loadSentimentModel(file: URL | string = bundledSentimentModelFile): SentimentModel {
  return createSentimentModel(readSentimentModelFile(file))
}

/**
 * A model file spread into the table the classifier reads: open addressing over the features'
 * 32-bit hashes, each slot two 32-bit words side by side (the hash, and the negative and positive
 * weight less the neutral one as two 16-bit integers), so a lookup reads one cache line (the
 * committed model's 25 000 features take 512 KB). Character unigrams, a third of a post's features,
 * are also read straight by code point (`byCode`), without hashing or probing.
 */
export interface WeightTable {
  slots: Int32Array
  /** 32 − log2(slots): a hash shifted right by it is its first slot. */
  shift: number
  mask: number
  /** The packed weights of each character unigram below DIRECT_CODES, by code point (0: not in the model). */
  byCode: Int32Array
  /** The packed weights of the plain word feature of each one-unit token, by its code. */
  wordByCode: Int32Array
  /** What one step of a 16-bit weight is worth. */
  quantum: number
  biasNegative: number
  biasPositive: number
  features: FeatureOptions
}

/** At most half the slots full: a miss, the usual case for a rare n-gram, probes two slots on average. */
const LOAD = 0.5

export function expandModel(model: SentimentModelFile): WeightTable {
  const k = model.classes.length
  const [iNeg, iNeu, iPos] = SENTIMENT_CLASSES.map((c) => model.classes.indexOf(c)) as [number, number, number]
  const n = model.hashes.length
  // Softmax does not change when one number is taken from every class: neutral's weight becomes 0.
  const neg = new Float64Array(n)
  const pos = new Float64Array(n)
  let largest = 0
  for (let i = 0; i < n; i++) {
    const w = (c: number) => model.weights[i * k + c] ?? 0
    neg[i] = w(iNeg) - w(iNeu)
    pos[i] = w(iPos) - w(iNeu)
    largest = Math.max(largest, Math.abs(neg[i] ?? 0), Math.abs(pos[i] ?? 0))
  }
  const quantum = largest > 0 ? largest / 32767 : 1
  let bits = 10
  while (2 ** bits * LOAD < n) bits++
  const mask = 2 ** bits - 1
  const shift = 32 - bits
  const slots = new Int32Array(2 << bits)
  let hash = 0
  for (let i = 0; i < n; i++) {
    hash += model.hashes[i] ?? 0
    const key = hash | 0
    let slot = key >>> shift
    while (slots[slot * 2] !== 0) slot = (slot + 1) & mask
    slots[slot * 2] = key
    slots[slot * 2 + 1] = (Math.round((pos[i] ?? 0) / quantum) << 16) | (Math.round((neg[i] ?? 0) / quantum) & 0xffff)
  }
  const byCode = new Int32Array(DIRECT_CODES)
  for (let cp = 0; cp < DIRECT_CODES; cp++) byCode[cp] = lookUp(slots, shift, mask, unigramHash(cp))
  const wordByCode = new Int32Array(0x10000)
  for (let code = 0; code < 0x10000; code++) wordByCode[code] = lookUp(slots, shift, mask, finish(step(SEED, code), KIND_CODE.word))
  const bias = (c: number) => model.bias[c] ?? 0
  return {
    slots,
    shift,
    mask,
    byCode,
    wordByCode,
    quantum,
    biasNegative: bias(iNeg) - bias(iNeu),
    biasPositive: bias(iPos) - bias(iNeu),
    features: { ...defaultFeatureOptions, ...model.features },
  }
}

/**
 * The packed weights of a hash, 0 when the model does not know it: linear probing from the hash's
 * slot to the feature, or to an empty slot (a feature the model does not know, a third of a post's).
 * 0 marks an empty slot; no feature has that hash in a file.
 */
function lookUp(slots: Int32Array, shift: number, mask: number, hash: number): number {
  if (hash === 0) return 0
  for (let slot = hash >>> shift; ; slot = (slot + 1) & mask) {
    const key = slots[slot * 2] ?? 0
    if (key === hash) return slots[slot * 2 + 1] ?? 0
    if (key === 0) return 0
  }
}

/**
 * A post's class scores from its feature hashes (and unigrams by code point, when the walk left
 * some so), against neutral's 0: negative into `out[0]`, positive into `out[1]`. Returns how many of
 * the features the model knows.
 */
export function scoreHashes(table: WeightTable, hashes: Int32Array, count: number, out: Float64Array, codes?: Int32Array, codeCount = 0): number {
  const { slots, shift, mask, byCode } = table
  let neg = 0
  let pos = 0
  let known = 0
  for (let f = 0; f < count; f++) {
    const packed = lookUp(slots, shift, mask, hashes[f] ?? 0)
    neg += (packed << 16) >> 16
    pos += packed >> 16
    if (packed !== 0) known++
  }
  if (codes !== undefined) {
    for (let f = 0; f < codeCount; f++) {
      const packed = byCode[codes[f] ?? 0] ?? 0
      neg += (packed << 16) >> 16
      pos += packed >> 16
      if (packed !== 0) known++
    }
  }
  classScores(table, neg, pos, count + codeCount, out)
  return known
}

/** The class scores of summed integer weights over `count` features (a post's vector is scaled by 1/√count), against neutral's 0. */
function classScores(table: WeightTable, neg: number, pos: number, count: number, out: Float64Array): void {
  const scale = table.quantum / Math.sqrt(Math.max(1, count))
  out[0] = table.biasNegative + neg * scale
  out[1] = table.biasPositive + pos * scale
}

/**
 * The sentiment of a post's class scores. The model learnt from Chinese posts: one without a Han
 * character (empty, another script, symbols), or none of whose features it knows, gets no lean.
 */
function lean(han: number, known: number, z: Float64Array): Sentiment {
  return han === 0 || known === 0 ? { label: 'neutral', score: 0 } : sentimentOf(z[0] ?? 0, z[1] ?? 0)
}

/** A classifier over a model in memory: what training measures before it writes the file. */
export function createSentimentModel(model: SentimentModelFile): SentimentModel {
  const table = expandModel(model)
  const buffer = new FeatureBuffer(undefined, true)
  const z = new Float64Array(2)
  const { charMin, charMax } = table.features
  const tokenWise = charMin <= 2 && charMax <= 2
  return {
    lexiconBelow: model.lexiconBelow ?? DEFAULT_LEXICON_BELOW,
    scorer: () => (tokenWise ? new PostScorer(table) : undefined),
    classify(text, tokens, states) {
      walkFeatures(text, tokens, table.features, buffer, states)
      const known = scoreHashes(table, buffer.hashes, buffer.count, z, buffer.codes, buffer.codeCount)
      return lean(buffer.han, known, z)
    },
  }
}

/** The label and score of class scores against neutral's 0 (training reads its cross-validated scores so). */
export function sentimentOf(zNeg: number, zPos: number): Sentiment {
  const max = Math.max(zNeg, 0, zPos)
  const eNeg = Math.exp(zNeg - max)
  const eNeu = Math.exp(-max)
  const ePos = Math.exp(zPos - max)
  // p(positive) − p(negative): below 0 exactly when negative outscores positive.
  const score = Math.round(((ePos - eNeg) / (eNeg + eNeu + ePos)) * 1000) / 1000
  const label: SentimentLabel = zNeg >= 0 && zNeg >= zPos ? 'negative' : zPos >= 0 ? 'positive' : 'neutral'
  return { label, score }
}

/** Where PostScorer.measure leaves a token's numbers, from the offset it is given: TOKEN_PART of them. */
export const TOKEN_PART = 8
const PART_NEG = 0
const PART_POS = 1
const PART_KNOWN = 2
const PART_COUNT = 3
const PART_HAN = 4
/** The token's first non-blank code point, folded (−1: it is all blank). */
const PART_FIRST = 5
/** The walk's unigram state after its last non-blank code point. */
const PART_LAST = 6
/** The packed weights of the token's plain word feature. */
const PART_WORD = 7

/**
 * `classify` fed token by token. A post's character n-grams are those within each token plus the
 * bigram across each join (blanks are skipped, as the walk skips them), so what lies within a
 * token is summed once per distinct token (`measure`; the analyzer keeps it in its token table)
 * and a post costs one lookup per token join instead of two per character. The sums are of the
 * table's integer weights, so the order of adding changes nothing: the result equals `classify` on
 * the text the tokens spell (a test holds the two equal).
 *
 * Per post: `begin`, then each token in order (`unit` for one UTF-16 unit, `token` with its
 * measure), then `finish` with what the text has after the tokens (its emoticons) and the tokens
 * again for the word features. Each token fed comes with its index in that list (−1 for one left
 * out of it): the weights of its plain word feature are then read from its measure or by its code,
 * and only a negated or degree-marked word is looked up. Only for a text without `[` before that tail: an emoticon's
 * brackets are found in the tail alone.
 */
export class PostScorer {
  readonly #table: WeightTable
  readonly #unigrams: boolean
  readonly #bigrams: boolean
  readonly #emoticons: boolean
  readonly #buffer = new FeatureBuffer(undefined, false, true)
  readonly #z = new Float64Array(2)
  /** The plain word weights of the tokens fed, by their index in the list `finish` gets. */
  #words = new Int32Array(256)
  #neg = 0
  #pos = 0
  #known = 0
  #count = 0
  #han = 0
  /** The walk's unigram state after the last non-blank code point (0 before the first). */
  #one = 0

  constructor(table: WeightTable) {
    this.#table = table
    const { charMin, charMax, emoticons } = table.features
    this.#unigrams = charMin <= 1 && charMax >= 1
    this.#bigrams = charMin <= 2 && charMax >= 2
    this.#emoticons = emoticons
  }

  begin(): void {
    this.#neg = 0
    this.#pos = 0
    this.#known = 0
    this.#count = 0
    this.#han = 0
    this.#one = 0
  }

  /** A token of one UTF-16 unit, `index` in the token list (−1: not in it). */
  unit(code: number, index: number): void {
    if (index >= 0) this.#word(index, this.#table.wordByCode[code] as number)
    if (!isSpace(code)) this.#char(code)
  }

  /** A longer token, by its numbers in `parts` from `at` (see `measure`), `index` in the token list (−1: not in it). */
  token(parts: Int32Array, at: number, index: number): void {
    if (index >= 0) this.#word(index, parts[at + PART_WORD] as number)
    const first = parts[at + PART_FIRST] as number
    if (first === -1) return
    if (this.#bigrams && this.#one !== 0) {
      const two = step(this.#one, first)
      if (two !== 0) this.#add(this.#lookUp(finish(two, KIND_CODE.char)))
    }
    this.#neg += parts[at + PART_NEG] as number
    this.#pos += parts[at + PART_POS] as number
    this.#known += parts[at + PART_KNOWN] as number
    this.#count += parts[at + PART_COUNT] as number
    this.#han += parts[at + PART_HAN] as number
    this.#one = parts[at + PART_LAST] as number
  }

  /**
   * The numbers of `token` alone into `parts` from `at`: its n-grams but none across its edges, and
   * its word feature by `state`, the FNV state of its code points (see TokenTable).
   */
  measure(token: string, parts: Int32Array, at: number, state: number): void {
    const neg = this.#neg
    const pos = this.#pos
    const known = this.#known
    const count = this.#count
    const han = this.#han
    const one = this.#one
    this.begin()
    let first = -1
    for (let i = 0; i < token.length; i++) {
      const cp = token.codePointAt(i) ?? 0
      if (cp > 0xffff) i++
      if (isSpace(cp)) continue
      if (first === -1) first = foldCode(cp)
      this.#char(cp)
    }
    parts[at + PART_NEG] = this.#neg
    parts[at + PART_POS] = this.#pos
    parts[at + PART_KNOWN] = this.#known
    parts[at + PART_COUNT] = this.#count
    parts[at + PART_HAN] = this.#han
    parts[at + PART_FIRST] = first
    parts[at + PART_LAST] = this.#one
    parts[at + PART_WORD] = this.#lookUp(finish(state, KIND_CODE.word))
    this.#neg = neg
    this.#pos = pos
    this.#known = known
    this.#count = count
    this.#han = han
    this.#one = one
  }

  /**
   * The post's sentiment: `tail` is the text after the tokens (the emoticons the analyzer appends),
   * `tokens` and `states` the tokens and their FNV states, for the word features.
   */
  finish(tail: string, tokens: readonly string[], states?: Int32Array): Sentiment {
    let open = -1
    for (let i = 0; i < tail.length; i++) {
      const cp = tail.codePointAt(i) ?? 0
      const at = i
      if (cp > 0xffff) i++
      if (isSpace(cp)) {
        open = -1
        continue
      }
      if (cp === 91) open = at
      else if (cp === 93 && open >= 0) {
        if (this.#emoticons && at - open >= 2 && at - open <= 9) this.#add(this.#lookUp(emoticonHash(tail, open + 1, at)))
        open = -1
      }
      this.#char(cp)
    }
    const buffer = this.#buffer
    const n = walkWordFeatures(tokens, this.#table.features, buffer, states)
    const tokenOf = buffer.tokenOf as Int32Array
    for (let f = 0; f < n; f++) {
      const t = tokenOf[f] as number
      this.#add(t >= 0 ? (this.#words[t] as number) : this.#lookUp(buffer.hashes[f] as number))
    }
    classScores(this.#table, this.#neg, this.#pos, this.#count, this.#z)
    return lean(this.#han, this.#known, this.#z)
  }

  /** One non-blank code point, as the walk takes it: its unigram, and the bigram with the one before. */
  #char(cp: number): void {
    if (isHan(cp)) this.#han++
    const folded = foldCode(cp)
    const two = this.#one === 0 ? 0 : step(this.#one, folded)
    this.#one = step(SEED, folded)
    if (this.#unigrams) this.#add(folded < DIRECT_CODES ? (this.#table.byCode[folded] as number) : this.#lookUp(finish(this.#one, KIND_CODE.char)))
    if (this.#bigrams && two !== 0) this.#add(this.#lookUp(finish(two, KIND_CODE.char)))
  }

  #word(index: number, packed: number): void {
    if (index >= this.#words.length) {
      const words = new Int32Array(index * 2)
      words.set(this.#words)
      this.#words = words
    }
    this.#words[index] = packed
  }

  #lookUp(hash: number): number {
    const { slots, shift, mask } = this.#table
    return lookUp(slots, shift, mask, hash)
  }

  #add(packed: number): void {
    this.#neg += (packed << 16) >> 16
    this.#pos += packed >> 16
    if (packed !== 0) this.#known++
    this.#count++
  }
}
