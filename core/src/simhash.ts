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

// Bit-sliced counters: plane k holds bit k of every column's count of set bits, so adding one
// 32-bit hash costs a few bitwise operations instead of 32 additions.
const PLANES = 16
const loPlanes = new Int32Array(PLANES)
const hiPlanes = new Int32Array(PLANES)

function addTo(planes: Int32Array, hash: number): void {
  let carry = hash
  for (let k = 0; carry !== 0 && k < PLANES; k++) {
    const plane = planes[k] ?? 0
    planes[k] = plane ^ carry
    carry &= plane
  }
}

/** Bit mask of the columns whose count of set bits exceeds half of `n`. */
function majority(planes: Int32Array, n: number): number {
  let mask = 0
  for (let bit = 0; bit < 32; bit++) {
    let count = 0
    for (let k = 0; k < PLANES; k++) count |= (((planes[k] ?? 0) >>> bit) & 1) << k
    if (count * 2 > n) mask |= 1 << bit
  }
  return mask
}

/**
 * Features are the character bigrams of the words (each word's own, and across word joins):
 * many small features keep the hash stable when a short post gains or loses a word. Bigrams are
 * hashed from char codes directly, with no substring per feature: this runs once per post.
 */
export function simhash(words: readonly string[]): string {
  loPlanes.fill(0)
  hiPlanes.fill(0)
  const chars = words.join('')
  const n = Math.min(chars.length - 1, 2 ** PLANES - 1)
  for (let i = 0; i < n; i++) {
    const a = chars.charCodeAt(i)
    const b = chars.charCodeAt(i + 1)
    addTo(loPlanes, pairHash(a, b, 0x811c9dc5))
    addTo(hiPlanes, pairHash(a, b, 0x9747b28c))
  }
  if (n <= 0) return '0000000000000000'
  const lo = majority(loPlanes, n)
  const hi = majority(hiPlanes, n)
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
}

function popcount32(n: number): number {
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
