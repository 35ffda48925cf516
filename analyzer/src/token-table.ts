import { TOKEN_PART } from './sentiment-model.ts'

/**
 * The distinct tokens the analyzer has met, found by a 64-bit hash of their code points, each with
 * what is known of it (kind, IDF, its count in the post in hand, what it adds to the sentiment
 * model's sums) in the same 64-byte slot as its key.
 *
 * jieba hands back new strings for every post. A Map of strings must hash each one, compare it
 * character by character with a key far away in memory, and then reach the value, another object:
 * about 200 ns a token on the Weibo stream, 28 tokens a post, some 6 µs of the analyzer's 55
 * (measured on Node 20). Here one walk over the token's characters gives both halves of the key,
 * and everything the analyzer reads of the token lies in the 64 bytes beside it.
 *
 * The key is not checked against the token's text. Two of the table's tokens share all 64 bits with
 * a chance below one in 10^8 at its 500,000 tokens; the harm would be that one rare token is
 * classified as another.
 *
 * The first half of the key is FNV-1a over the code points: the state the sentiment model's walk
 * computes for a word (sentiment-features.ts), which the analyzer hands on so the model need not
 * walk the word again.
 *
 * A token is addressed by its slot, which moves only when the table grows: `reserve` grows it
 * before a post, never while the post's slots are in use.
 */
export class TokenTable {
  #slots = new Int32Array(SLOT << 12)
  /** The same memory as 64-bit floats: the IDF in each slot's last two words. */
  #idf = new Float64Array(this.#slots.buffer)
  #bits = 12
  /** Where the last `find` that missed stopped: `insert` fills it. */
  #free = -1
  #h1 = 0
  #h2 = 0
  #size = 0
  /** Each token as first met, by id: one string for every later copy of it. */
  #words: string[] = []

  get size(): number {
    return this.#size
  }

  /** Makes room for `n` more tokens, so that no slot moves while they are added. */
  reserve(n: number): void {
    let bits = this.#bits
    while ((this.#size + n) * 2 > 1 << bits) bits++
    if (bits !== this.#bits) this.#rehash(bits)
  }

  /** The slot of `token`, or −1 when the table does not hold it (then `insert` may add it). */
  find(token: string): number {
    let h1 = FNV_SEED
    let h2 = SECOND_SEED
    const length = token.length
    for (let i = 0; i < length; i++) {
      let cp = token.charCodeAt(i)
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < length) {
        const low = token.charCodeAt(i + 1)
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
          i++
        }
      }
      h1 = Math.imul(h1 ^ cp, FNV_PRIME)
      h2 = Math.imul(h2 ^ cp, SECOND_PRIME)
      h2 ^= h2 >>> 15
    }
    const slots = this.#slots
    const mask = (1 << this.#bits) - 1
    for (let slot = Math.imul(h1 ^ h2, GOLDEN) >>> (32 - this.#bits); ; slot = (slot + 1) & mask) {
      const at = slot * SLOT
      if (slots[at + ID] === 0) {
        this.#free = at
        this.#h1 = h1
        this.#h2 = h2
        return -1
      }
      if (slots[at] === h1 && slots[at + 1] === h2) return at
    }
  }

  /**
   * Adds `token`, which the `find` just before missed, and returns its slot. Call `reserve` first:
   * past half full, lookups slow down.
   */
  insert(token: string, kind: number, idf: number): number {
    const at = this.#free
    if (at < 0) throw new Error('TokenTable.insert without a find that missed')
    this.#free = -1
    const slots = this.#slots
    slots[at] = this.#h1
    slots[at + 1] = this.#h2
    slots[at + ID] = ++this.#size
    slots[at + KIND] = kind
    slots[at + STAMP] = 0
    slots[at + TF] = 0
    this.#idf[(at + IDF) >> 1] = idf
    this.#words.push(token)
    return at
  }

  /** The token in `slot`, as first met. */
  word(slot: number): string {
    return this.#words[(this.#slots[slot + ID] as number) - 1] as string
  }

  /** The kind the analyzer gave the token in `slot` (an 8-bit mask). */
  kind(slot: number): number {
    return (this.#slots[slot + KIND] as number) & 0xff
  }

  /** Whether the token in `slot` starts a learnt phrase. */
  startsPhrase(slot: number): boolean {
    return ((this.#slots[slot + KIND] as number) & STARTS_PHRASE) !== 0
  }

  markPhraseStart(slot: number, starts: boolean): void {
    const k = this.#slots[slot + KIND] as number
    this.#slots[slot + KIND] = starts ? k | STARTS_PHRASE : k & ~STARTS_PHRASE
  }

  /** The slots and the sentiment parts within them: the part of the token in `slot` starts at `slot + PART`. */
  get parts(): Int32Array {
    return this.#slots
  }

  /** Whether the sentiment part of the token in `slot` has been measured. */
  measured(slot: number): boolean {
    return ((this.#slots[slot + KIND] as number) & MEASURED) !== 0
  }

  markMeasured(slot: number): void {
    this.#slots[slot + KIND] = (this.#slots[slot + KIND] as number) | MEASURED
  }

  /** The token's FNV-1a state over its code points (the sentiment walk's state for the word). */
  state(slot: number): number {
    return this.#slots[slot] as number
  }

  idf(slot: number): number {
    return this.#idf[(slot + IDF) >> 1] as number
  }

  /**
   * Counts one occurrence of the token in post `stamp`; returns true on its first in that post.
   * (Stamps are the caller's post numbers: a count from an earlier post is reset, no table sweep.)
   */
  count(slot: number, stamp: number): boolean {
    const slots = this.#slots
    if (slots[slot + STAMP] !== stamp) {
      slots[slot + STAMP] = stamp
      slots[slot + TF] = 1
      return true
    }
    slots[slot + TF] = (slots[slot + TF] as number) + 1
    return false
  }

  /** The token's count in the post of the last `count`. */
  tf(slot: number): number {
    return this.#slots[slot + TF] as number
  }

  /** Forgets every token. */
  clear(): void {
    this.#slots.fill(0)
    this.#words = []
    this.#size = 0
    this.#free = -1
  }

  #rehash(bits: number): void {
    const old = this.#slots
    const slots = new Int32Array(SLOT << bits)
    const mask = (1 << bits) - 1
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + ID] === 0) continue
      let slot = Math.imul((old[from] as number) ^ (old[from + 1] as number), GOLDEN) >>> (32 - bits)
      while (slots[slot * SLOT + ID] !== 0) slot = (slot + 1) & mask
      // Word by word: a subarray per slot made a view object each (12 MB over 41,002 posts).
      for (let w = 0; w < SLOT; w++) slots[slot * SLOT + w] = old[from + w] as number
    }
    this.#slots = slots
    this.#idf = new Float64Array(slots.buffer)
    this.#bits = bits
    this.#free = -1
  }
}

/**
 * A slot's 32-bit words: the key's two halves, id + 1 (0: empty), kind and flags, stamp, count, two
 * for the IDF, then the token's sentiment part (TOKEN_PART words, see PostScorer.measure).
 */
const SLOT = 16
export const PART = 8
if (PART + TOKEN_PART > SLOT) throw new Error('a token table slot cannot hold a sentiment part')
const ID = 2
const KIND = 3
const STAMP = 4
const TF = 5
const IDF = 6
const STARTS_PHRASE = 0x100
const MEASURED = 0x200

/** FNV-1a, as sentiment-features.ts steps a word's code points. */
const FNV_SEED = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193
const SECOND_SEED = 0x2545f491
const SECOND_PRIME = 0x5bd1e995
const GOLDEN = 0x9e3779b1

/** The FNV-1a state of a single UTF-16 unit, as `find` computes it for a one-unit token. */
export const unitState = (code: number): number => Math.imul(FNV_SEED ^ code, FNV_PRIME)
