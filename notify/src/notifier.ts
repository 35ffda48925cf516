import type { AlertMessage, Logger } from '@yuqing/core'
import { idempotencyKey, isRetryable, messageOf, silentLogger } from '@yuqing/core'
import type { Channel } from './channel.ts'
import { RetryLater } from './channel.ts'
import type { Clock } from './clock.ts'
import { systemClock } from './clock.ts'
import type { DeliveryLog } from './delivery-log.ts'
import { MemoryDeliveryLog } from './delivery-log.ts'
import { RateLimiter } from './rate-limiter.ts'

/** A channel with the limits delivery keeps for it. */
export interface ChannelEntry {
  channel: Channel
  /** Messages a minute the receiver allows; none: no limit. */
  perMinute?: number
  /** One attempt's time limit (ms); the notifier's default otherwise. */
  timeoutMs?: number
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** Wait before the second attempt; it doubles for each one after. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 }
export const DEFAULT_TIMEOUT_MS = 10_000

/** What became of one message on one channel: for the log, the outbox and the API. */
export interface DeliveryResult {
  channel: string
  key: string
  ok: boolean
  /** Attempts made now; 0 when the key was already delivered. */
  attempts: number
  /** The last error, or why an ok delivery still needs attention; null when all went well. */
  error: string | null
  /** The delivery log already had the key: nothing was sent. */
  duplicate: boolean
  /**
   * A failure that may pass (timeouts, 5xx, "too fast" to the end): worth another try later, from
   * the outbox. False for successes and for refusals that will not change (a bad signature).
   */
  retryable: boolean
}

export interface NotifierOptions {
  channels: readonly ChannelEntry[]
  log?: DeliveryLog
  clock?: Clock
  retry?: Partial<RetryPolicy>
  timeoutMs?: number
  logger?: Logger
}

/**
 * Sends messages to channels: each at most once per idempotency key, within the channel's rate
 * limit, each attempt within a time limit, retried with exponential backoff while the failure is
 * one that passes (`RetryableError`), and given up at once when it is not.
 */
export class Notifier {
  readonly #channels = new Map<string, { entry: ChannelEntry; limiter: RateLimiter | undefined }>()
  readonly #log: DeliveryLog
  readonly #clock: Clock
  readonly #retry: RetryPolicy
  readonly #timeoutMs: number
  readonly #logger: Logger
  /** Deliveries under way, so two callers with one key share one send. */
  readonly #inFlight = new Map<string, Promise<DeliveryResult>>()

  constructor(options: NotifierOptions) {
    this.#clock = options.clock ?? systemClock
    this.#log = options.log ?? new MemoryDeliveryLog()
    this.#retry = { ...DEFAULT_RETRY, ...options.retry }
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.#logger = options.logger ?? silentLogger
    for (const entry of options.channels) {
      if (this.#channels.has(entry.channel.id)) throw new RangeError(`two channels are named ${entry.channel.id}`)
      const limiter = entry.perMinute === undefined ? undefined : new RateLimiter(entry.perMinute, { clock: this.#clock })
      this.#channels.set(entry.channel.id, { entry, limiter })
    }
  }

  get channelIds(): string[] {
    return [...this.#channels.keys()]
  }

  /** One message to the named channels (all of them by default), in parallel. */
  async deliver(message: AlertMessage, channelIds: readonly string[] = this.channelIds): Promise<DeliveryResult[]> {
    return Promise.all(channelIds.map((id) => this.deliverTo(id, message)))
  }

  async deliverTo(channelId: string, message: AlertMessage): Promise<DeliveryResult> {
    const key = idempotencyKey(message, channelId)
    const running = this.#inFlight.get(key)
    if (running) return running
    const delivery = this.#deliverOnce(channelId, key, message).finally(() => this.#inFlight.delete(key))
    this.#inFlight.set(key, delivery)
    return delivery
  }

  async close(): Promise<void> {
    await Promise.all([...this.#channels.values()].map(({ entry }) => entry.channel.close?.()))
  }

  async #deliverOnce(channelId: string, key: string, message: AlertMessage): Promise<DeliveryResult> {
    const result = (ok: boolean, attempts: number, error: string | null, more: Partial<DeliveryResult> = {}): DeliveryResult => ({
      channel: channelId,
      key,
      ok,
      attempts,
      error,
      duplicate: false,
      retryable: false,
      ...more,
    })
    const found = this.#channels.get(channelId)
    if (!found) return result(false, 0, `no channel named ${channelId}`)
    try {
      if (await this.#log.wasDelivered(key)) return result(true, 0, null, { duplicate: true })
    } catch (error) {
      // Sending without knowing could send twice; the outbox will ask again later.
      return result(false, 0, `delivery log unreadable: ${messageOf(error)}`, { retryable: true })
    }

    const { entry, limiter } = found
    const timeoutMs = entry.timeoutMs ?? this.#timeoutMs
    for (let attempt = 1; ; attempt++) {
      await limiter?.acquire()
      try {
        await attemptWithin(entry.channel, message, key, timeoutMs)
      } catch (error) {
        const retry = isRetryable(error) && attempt < this.#retry.attempts
        const fields = { channel: channelId, key, attempt, error: messageOf(error) }
        if (!retry) {
          this.#logger.error('alert not delivered', fields)
          return result(false, attempt, messageOf(error), { retryable: isRetryable(error) })
        }
        const delay = this.#backoff(attempt, error)
        this.#logger.warn('alert delivery failed, retrying', { ...fields, delayMs: delay })
        await this.#clock.sleep(delay)
        continue
      }
      this.#logger.info('alert delivered', { channel: channelId, key, attempts: attempt })
      try {
        await this.#log.markDelivered(key, new Date(this.#clock.now()))
      } catch (error) {
        this.#logger.error('alert delivered but not recorded', { channel: channelId, key, error: messageOf(error) })
        return result(true, attempt, `delivered, but the delivery log failed: ${messageOf(error)}`)
      }
      return result(true, attempt, null)
    }
  }

  /** base·2^(n-1), capped; longer when the receiver named a wait (Retry-After), within the cap. */
  #backoff(attempt: number, error: unknown): number {
    const { baseDelayMs, maxDelayMs } = this.#retry
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
    const hint = error instanceof RetryLater && error.retryAfterMs !== undefined ? Math.min(maxDelayMs, error.retryAfterMs) : 0
    return Math.max(exponential, hint)
  }
}

/**
 * One attempt under a time limit. Channels pass the signal on to their transport; the race is
 * for one that cannot (or a transport that ignores it), so no attempt hangs the outbox.
 */
async function attemptWithin(channel: Channel, message: AlertMessage, key: string, timeoutMs: number): Promise<void> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new RetryLater(`no reply within ${timeoutMs} ms`, { where: `channel ${channel.id}` }))
    }, timeoutMs)
  })
  try {
    await Promise.race([channel.send(message, { key, signal: controller.signal, timeoutMs }), expired])
  } finally {
    clearTimeout(timer)
  }
}
