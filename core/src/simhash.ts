/**
 * 64-bit SimHash of a post's words, as 16 hex digits, for near-duplicate detection: reposts and
 * lightly edited copies land within a few bits of each other. Computed on two 32-bit halves so it
 * needs no BigInt in the per-post loop.
 */
/** A 32-bit hash of the character pair (a, b), seeded; FNV-1a steps and a final avalanche. */
function pairHash(a: number, b: number, seed: number): number {
  let h = Math.imul(seed ^ a, 0x01000193)
  h = Math.imul(h ^ b, 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
}

/**
 * Features are the character bigrams of the words (each word's own, and across word joins):
 * many small features keep the hash stable when a short post gains or loses a word. Bigrams are
 * hashed from char codes directly, with no substring per feature: this runs once per post.
 */
export function simhash(words: readonly string[]): string {
  shared.reset()
  for (const word of words) shared.add(word)
  return shared.digest()
}

/**
 * `simhash` fed one word at a time, for a caller that meets the words in a loop of its own (the
 * analyzer's token loop) and need not collect them first. Reusable: `reset` starts a new hash.
 *
 * Column counters sit four to an Int32 in 8-bit lanes: lane k of counter j counts the set bits of
 * column 8k + j, so adding one 32-bit hash costs 8 masked adds instead of 32. Lanes are emptied
 * into `totals` before they can overflow.
 */
export class SimHasher {
  readonly #lanes = new Int32Array(16)
  readonly #totals = new Int32Array(64)
  #features = 0
  #pending = 0
  #previous = -1

  reset(): void {
    this.#lanes.fill(0)
    this.#totals.fill(0)
    this.#features = 0
    this.#pending = 0
    this.#previous = -1
  }

  add(word: string): void {
    const lanes = this.#lanes
    let a = this.#previous
    for (let i = 0; i < word.length; i++) {
      const b = word.charCodeAt(i)
      if (a !== -1) {
        const lo = pairHash(a, b, 0x811c9dc5)
        const hi = pairHash(a, b, 0x9747b28c)
        for (let j = 0; j < 8; j++) {
          lanes[j] = (lanes[j] as number) + ((lo >>> j) & 0x01010101)
          lanes[j + 8] = (lanes[j + 8] as number) + ((hi >>> j) & 0x01010101)
        }
        this.#features++
        if (++this.#pending === LANE_LIMIT) this.#emptyLanes()
      }
      a = b
    }
    this.#previous = a
  }

  /** 16 hex digits: a column is set when more than half of the features set it. */
  digest(): string {
    const n = this.#features
    if (n === 0) return '0000000000000000'
    this.#emptyLanes()
    const totals = this.#totals
    let lo = 0
    let hi = 0
    for (let bit = 0; bit < 32; bit++) {
      if ((totals[bit] as number) * 2 > n) lo |= 1 << bit
      if ((totals[32 + bit] as number) * 2 > n) hi |= 1 << bit
    }
    return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
  }

  #emptyLanes(): void {
    const lanes = this.#lanes
    const totals = this.#totals
    for (let j = 0; j < 16; j++) {
      const v = lanes[j] as number
      const column = (j & 8 ? 32 : 0) + (j & 7)
      totals[column] = (totals[column] as number) + (v & 0xff)
      totals[column + 8] = (totals[column + 8] as number) + ((v >>> 8) & 0xff)
      totals[column + 16] = (totals[column + 16] as number) + ((v >>> 16) & 0xff)
      totals[column + 24] = (totals[column + 24] as number) + ((v >>> 24) & 0xff)
      lanes[j] = 0
    }
    this.#pending = 0
  }
}

const LANE_LIMIT = 255
const shared = new SimHasher()

/** Set bits of a 32-bit integer. */
export function popcount32(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

/** Bits in which two SimHashes differ. */
export function hammingDistance(a: string, b: string): number {
  const hi = Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16)
  const lo = Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16)
  return popcount32(hi) + popcount32(lo)
}

/**
 * The four 16-bit bands of a SimHash. Two hashes within 3 bits share at least one band exactly
 * (pigeonhole), so a store finds near-duplicate candidates by band equality.
 */
export function simhashBands(hash: string): [number, number, number, number] {
  return [0, 4, 8, 12].map((at) => Number.parseInt(hash.slice(at, at + 4), 16)) as [number, number, number, number]
}
