/**
 * Time as delivery sees it. Rate limits and backoff wait through `sleep`, so a test can pass a
 * clock that jumps instead of waiting, and run a minute of throttling in no time.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
}
