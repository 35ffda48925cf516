import type { Clock } from '../clock.ts'

/** A clock that jumps instead of waiting: every sleep is recorded and moves time forward at once. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = []
  #now: number

  constructor(start = Date.now()) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.#now += Math.max(0, ms)
  }
}
