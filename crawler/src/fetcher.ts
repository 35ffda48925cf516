import { InputError, isRetryable, YuqingError, type Logger } from '@yuqing/core'
import { HostGate, realClock, type Clock } from './host-gate.ts'
import { httpGet, type HttpLimits, type HttpResponse } from './http-get.ts'
import { allowAll, disallowAll, parseRobots, type Robots } from './robots.ts'

/** Names the project and where to read about it, so a site owner knows who is calling. */
export const USER_AGENT = 'yuqing/0.1 (public-opinion monitor; honours robots.txt)'

/** A page not fetched on purpose (robots.txt): logged and reported, not a failure. */
export class SkippedError extends YuqingError {}

export interface FetchPolicy extends HttpLimits {
  /** Requests in flight to one host at once. */
  perHostConcurrency: number
  /** Milliseconds between two request starts to one host. */
  delayMs: number
  /** Tries after the first, for 5xx answers and timeouts only. */
  retries: number
  /** Wait before the first retry; it doubles for each one after. */
  backoffMs: number
}

export const defaultFetchPolicy: FetchPolicy = {
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 2,
  delayMs: 1000,
  retries: 2,
  backoffMs: 1000,
  allowPrivateNetwork: false,
}

const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8'

/**
 * Every request of a crawl goes through one fetcher: robots.txt first (read once per origin),
 * then the host's gate, then retries with backoff for passing faults. `attempt` lets the browser
 * render a page under the same rules as a plain GET.
 */
export class Fetcher {
  private readonly gate: HostGate
  private readonly robots = new Map<string, Promise<Robots>>()

  constructor(
    readonly policy: FetchPolicy,
    private readonly log: Logger,
    private readonly clock: Clock = realClock,
  ) {
    this.gate = new HostGate({ concurrency: policy.perHostConcurrency, delayMs: policy.delayMs }, clock)
  }

  /** GET with the project's user agent and the source's headers. */
  get(url: string, headers: Record<string, string> = {}, delayMs?: number): Promise<HttpResponse> {
    const sent = { accept: ACCEPT, 'accept-language': 'zh-CN,zh;q=0.9', ...headers, 'user-agent': USER_AGENT }
    return this.run(url, () => httpGet(url, sent, this.policy), delayMs)
  }

  async run<T>(url: string, attempt: () => Promise<T>, delayMs?: number): Promise<T> {
    const target = new URL(url)
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new InputError(`not an http(s) URL`)
    const rule = (await this.robotsFor(target.origin)).disallowedBy(url)
    if (rule) throw new SkippedError(`disallowed by robots.txt (${rule})`)
    for (let tries = 1; ; tries++) {
      try {
        return await this.gate.run(target.host, attempt, delayMs)
      } catch (error) {
        if (!isRetryable(error) || tries > this.policy.retries) throw error
        // The host's slot is free while we wait, so other pages of the host go on.
        const wait = this.policy.backoffMs * 2 ** (tries - 1)
        this.log.debug('retrying', { url, tries, waitMs: wait, reason: error instanceof Error ? error.message : String(error) })
        await this.clock.sleep(wait)
      }
    }
  }

  private robotsFor(origin: string): Promise<Robots> {
    let robots = this.robots.get(origin)
    if (!robots) {
      robots = this.readRobots(origin)
      this.robots.set(origin, robots)
    }
    return robots
  }

  private async readRobots(origin: string): Promise<Robots> {
    const url = `${origin}/robots.txt`
    try {
      const response = await this.gate.run(new URL(origin).host, () =>
        httpGet(url, { 'user-agent': USER_AGENT, accept: 'text/plain' }, { ...this.policy, maxBytes: 512 * 1024 }),
      )
      return parseRobots(response.bytes.toString('utf8'))
    } catch (error) {
      // RFC 9309: a missing robots.txt allows everything; one the server fails to give forbids everything.
      if (error instanceof InputError) return allowAll
      const reason = error instanceof Error ? error.message : String(error)
      this.log.warn('robots.txt unreadable: not crawling this site this run', { url, reason })
      return disallowAll(`robots.txt unreadable: ${reason}`)
    }
  }
}
