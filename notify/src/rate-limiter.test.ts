import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limiter.ts'
import { ManualClock } from './testing/manual-clock.ts'

describe('rate limiter', () => {
  it('lets 20 through at once and makes the 21st wait until the first is a minute old', async () => {
    const clock = new ManualClock(0)
    const limiter = new RateLimiter(20, { clock })
    const waits: number[] = []
    for (let i = 0; i < 21; i++) waits.push(await limiter.acquire())

    expect(waits.slice(0, 20)).toEqual(Array<number>(20).fill(0))
    expect(waits[20]).toBe(60_000)
  })

  it('never lets more than the limit through in any minute, however the messages come', async () => {
    const clock = new ManualClock(0)
    const limiter = new RateLimiter(20, { clock })
    const sentAt: number[] = []
    for (let i = 0; i < 100; i++) {
      await clock.sleep((i * 7919) % 5000) // uneven gaps between messages
      await limiter.acquire()
      sentAt.push(clock.now())
    }
    for (const t of sentAt) expect(sentAt.filter((s) => s >= t && s < t + 60_000).length).toBeLessThanOrEqual(20)
  })

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError)
  })
})
