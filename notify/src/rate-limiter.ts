import type { Clock } from './clock.ts'
import { systemClock } from './clock.ts'

/**
 * A token bucket of `limit` tokens in which a spent token comes back one window after it was
 * spent. The vendors count messages in any 60-second span (DingTalk and WeCom: 20), and a bucket
 * refilled at a steady rate would let a full bucket plus a minute's refill, nearly twice the
 * limit, through in the first minute, and earn the robot a 10-minute ban.
 */
export class RateLimiter {
  readonly #spentAt: number[] = []
  readonly #limit: number
  readonly #windowMs: number
  readonly #clock: Clock

  constructor(limit: number, options: { windowMs?: number; clock?: Clock } = {}) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`)
    this.#limit = limit
    this.#windowMs = options.windowMs ?? 60_000
    this.#clock = options.clock ?? systemClock
  }

  /** Waits until a token is free, then takes it. Resolves with the time waited (ms). */
  async acquire(): Promise<number> {
    let waited = 0
    for (;;) {
      const now = this.#clock.now()
      while (this.#spentAt.length > 0 && (this.#spentAt[0] ?? 0) + this.#windowMs <= now) this.#spentAt.shift()
      if (this.#spentAt.length < this.#limit) {
        this.#spentAt.push(now)
        return waited
      }
      const wait = (this.#spentAt[0] ?? now) + this.#windowMs - now
      await this.#clock.sleep(wait)
      waited += wait
    }
  }
}
