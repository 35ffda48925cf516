import { addDays, hammingDistance, simhashBands } from '@yuqing/core'

interface Original {
  id: string
  simhash: string
  day: string
}

/**
 * The SimHash bands of recent originals, in memory: looking a post's four bands up here costs
 * a few map reads, where the same lookup in SQLite cost more than all other writes of a post.
 * Only originals within `days` of the newest one are kept (reposts come within days, not months),
 * which bounds the memory. A second process writing the same file keeps its own index; a copy
 * written through one is then not folded by the other (nothing is lost, one fold is missed).
 */
export class BandIndex {
  readonly #bands = new Map<number, Original[]>()
  readonly #days: number
  readonly #maxEntries: number
  #newest = ''
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
    const oldest = addDays(day, -this.#days)
    let best: Original | undefined
    simhashBands(hash).forEach((value, band) => {
      for (const candidate of this.#bands.get(band * 65_536 + value) ?? []) {
        if (candidate.day < oldest || candidate.day > day) continue
        if (best && candidate.day >= best.day) continue
        if (hammingDistance(candidate.simhash, hash) <= maxBits) best = candidate
      }
    })
    return best?.id
  }

  add(original: Original): void {
    simhashBands(original.simhash).forEach((value, band) => {
      const key = band * 65_536 + value
      const list = this.#bands.get(key)
      if (list) list.push(original)
      else this.#bands.set(key, [original])
    })
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
