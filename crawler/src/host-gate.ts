/** Time as the gate sees it; tests pass a virtual clock. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

interface HostState {
  active: number
  waiting: (() => void)[]
  /** Earliest start of the next request to this host. */
  nextStart: number
}

/**
 * Politeness per host: at most `concurrency` requests in flight to one host, and request starts
 * spaced `delayMs` apart (a source may ask for a longer delay for its own host).
 */
export class HostGate {
  private readonly hosts = new Map<string, HostState>()

  constructor(
    private readonly options: { concurrency: number; delayMs: number },
    private readonly clock: Clock = realClock,
  ) {}

  async run<T>(host: string, task: () => Promise<T>, delayMs = this.options.delayMs): Promise<T> {
    const state = this.state(host)
    // A finishing request hands its slot straight to the next waiter, so no newcomer slips in between.
    if (state.active >= this.options.concurrency) await new Promise<void>((resolve) => state.waiting.push(resolve))
    else state.active++
    try {
      const now = this.clock.now()
      const start = Math.max(now, state.nextStart)
      state.nextStart = start + delayMs
      if (start > now) await this.clock.sleep(start - now)
      return await task()
    } finally {
      const next = state.waiting.shift()
      if (next) next()
      else state.active--
    }
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host)
    if (!state) {
      state = { active: 0, waiting: [], nextStart: 0 }
      this.hosts.set(host, state)
    }
    return state
  }
}
