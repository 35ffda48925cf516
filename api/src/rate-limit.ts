/**
 * Failed sign-ins per key (a user name, an address) in a sliding window. Only failures count, so a
 * user who types the password right is never locked out by their own successes.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Keys remembered at most; the oldest is forgotten first, so a flood of names cannot exhaust memory. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now)
    if (recent.length < this.limit) return 0
    const oldest = recent[recent.length - this.limit] ?? now
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000))
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now)
    recent.push(now)
    this.failures.delete(key)
    this.failures.set(key, recent)
    if (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next()
      if (!oldest.done) this.failures.delete(oldest.value)
    }
  }

  reset(key: string): void {
    this.failures.delete(key)
  }

  /** Takes back the newest failure of a key (an attempt counted in advance that succeeded). */
  undo(key: string): void {
    this.failures.get(key)?.pop()
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs)
  }
}
