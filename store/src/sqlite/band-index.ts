import { addDays, popcount32 } from '@yuqing/core'

interface Original {
  id: string
  simhash: string
  day: string
}

/** An original as held: its hash as two 32-bit halves, read once rather than at every comparison. */
interface Entry {
  id: string
  day: string
  hi: number
  lo: number
}

/** A 64-bit SimHash (16 hex digits) as two 32-bit halves. */
function halves(hash: string): { hi: number; lo: number } {
  return { hi: Number.parseInt(hash.slice(0, 8), 16), lo: Number.parseInt(hash.slice(8), 16) }
}

/** The map key of a hash's band (0–3: its four 16-bit quarters, high first, as `simhashBands`). */
function bandKey(hi: number, lo: number, band: number): number {
  const half = band < 2 ? hi : lo
  return band * 65_536 + (band % 2 === 0 ? half >>> 16 : half & 0xffff)
}

/**
 * The SimHash bands of recent originals, in memory: looking a post's four bands up here costs
 * a few map reads, where the same lookup in SQLite cost more than all other writes of a post.
 * Only originals within `days` of the newest one are kept (reposts come within days, not months),
 * which bounds the memory. A second process writing the same file keeps its own index; a copy
 * written through one is then not folded by the other (nothing is lost, one fold is missed).
 */
export class BandIndex {
  readonly #bands = new Map<number, Entry[]>()
  readonly #days: number
  readonly #maxEntries: number
  #newest = ''
  // The window's start for the day last asked about (a batch's posts share a few days).
  #lastDay = ''
  #oldest = ''
  #entries = 0
  // Entries at which the next eviction runs. It doubles past what an eviction keeps: when more
  // originals than the limit are within the window, evicting on every add would rescan them all.
  #evictAt: number

  /** `maxEntries`: band entries (four an original) held before old originals are dropped. */
  constructor(days = 30, maxEntries = 4_000_000) {
    this.#days = days
    this.#maxEntries = maxEntries
    this.#evictAt = maxEntries
  }

  /** The earliest indexed original within `maxBits` of this hash and `days` of `day`, if any. */
  find(hash: string, day: string, maxBits: number): string | undefined {
    if (day !== this.#lastDay) {
      this.#lastDay = day
      this.#oldest = addDays(day, -this.#days)
    }
    const oldest = this.#oldest
    const { hi, lo } = halves(hash)
    let best: Entry | undefined
    for (let band = 0; band < 4; band++) {
      const list = this.#bands.get(bandKey(hi, lo, band))
      if (!list) continue
      for (const candidate of list) {
        if (candidate.day < oldest || candidate.day > day) continue
        if (best && candidate.day >= best.day) continue
        if (popcount32(candidate.hi ^ hi) + popcount32(candidate.lo ^ lo) <= maxBits) best = candidate
      }
    }
    return best?.id
  }

  add(original: Original): void {
    const entry: Entry = { id: original.id, day: original.day, ...halves(original.simhash) }
    for (let band = 0; band < 4; band++) {
      const key = bandKey(entry.hi, entry.lo, band)
      const list = this.#bands.get(key)
      if (list) list.push(entry)
      else this.#bands.set(key, [entry])
    }
    this.#entries += 4
    if (original.day > this.#newest) this.#newest = original.day
    if (this.#entries > this.#evictAt) this.#evict()
  }

  /** Drops originals older than the window behind the newest day. */
  #evict(): void {
    const oldest = addDays(this.#newest, -this.#days)
    this.#entries = 0
    for (const [key, list] of this.#bands) {
      const kept = list.filter((o) => o.day >= oldest)
      if (kept.length === 0) this.#bands.delete(key)
      else this.#bands.set(key, kept)
      this.#entries += kept.length
    }
    this.#evictAt = Math.max(this.#maxEntries, this.#entries * 2)
  }
}
