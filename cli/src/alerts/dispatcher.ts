import { messageOf, type AlertMessage, type Logger } from '@yuqing/core'
import type { AlertStore, Delivery } from '@yuqing/store'

/** How one delivery went: delivered, or failed and worth trying again later, or failed for good. */
export type DeliveryOutcome = { ok: true } | { ok: false; retryable: boolean; error: string }

/** Sends one message to one channel (with its own retries and rate limit); never throws. */
export type Deliver = (channel: string, message: AlertMessage, key: string) => Promise<DeliveryOutcome>

export interface DispatcherOptions {
  alerts: AlertStore
  deliver: Deliver
  logger: Logger
  /** First wait before a failed delivery is tried again; doubles per attempt, at most an hour. */
  retryDelayMs?: number
  /** Deliveries given up after this many attempts (their error stays for the API). */
  maxAttempts?: number
  now?: () => Date
}

const MAX_RETRY_DELAY_MS = 3_600_000

/**
 * Empties the outbox: every undelivered message goes to its channel, each channel in order, the
 * channels side by side. A delivery is marked in the store only after the channel took it; a crash
 * in between sends it again after a restart with the same idempotency key, which receivers and
 * the channels' own log use to drop the repeat.
 */
export class Dispatcher {
  private readonly retryDelayMs: number
  private readonly maxAttempts: number
  private readonly now: () => Date
  /** When each failed delivery may be tried again. */
  private readonly notBefore = new Map<string, number>()
  private draining: Promise<void> | undefined
  private again = false
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly options: DispatcherOptions) {
    this.retryDelayMs = options.retryDelayMs ?? 5_000
    this.maxAttempts = options.maxAttempts ?? 12
    this.now = options.now ?? (() => new Date())
  }

  /** Drains soon: call when a message was queued. */
  wake(): void {
    if (this.stopped) return
    if (this.draining) {
      this.again = true
      return
    }
    // A store that fails now is tried again at the next wake; it must not take the process down.
    const drained = this.drain().catch((error: unknown) => this.options.logger.error('alert outbox not read', { reason: messageOf(error) }))
    this.draining = drained.finally(() => {
      this.draining = undefined
      if (this.again) {
        this.again = false
        this.wake()
      }
    })
  }

  /** Resolves once nothing deliverable is left (failed ones wait for their retry time). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.idle()
  }

  private async drain(): Promise<void> {
    for (;;) {
      const now = this.now().getTime()
      // Read past the deliveries waiting for a retry, so a dead channel's backlog cannot hide the others'.
      const due = (await this.options.alerts.pendingDeliveries(500 + this.notBefore.size)).filter((d) => (this.notBefore.get(d.key) ?? 0) <= now)
      if (due.length === 0) break
      const byChannel = new Map<string, Delivery[]>()
      for (const d of due) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d])
      await Promise.all([...byChannel.values()].map((list) => this.deliverInOrder(list)))
    }
    this.scheduleRetry()
  }

  private async deliverInOrder(deliveries: readonly Delivery[]): Promise<void> {
    for (const d of deliveries) {
      let outcome: DeliveryOutcome
      try {
        outcome = await this.options.deliver(d.channel, d.message, d.key)
      } catch (error) {
        outcome = { ok: false, retryable: true, error: messageOf(error) }
      }
      if (outcome.ok) {
        await this.options.alerts.markDelivered(d.key, this.now())
        this.notBefore.delete(d.key)
        continue
      }
      const attempts = d.attempts + 1
      const giveUp = !outcome.retryable || attempts >= this.maxAttempts
      this.options.logger.warn(giveUp ? 'alert delivery failed for good' : 'alert delivery failed; will retry', {
        channel: d.channel,
        key: d.key,
        attempts,
        error: outcome.error,
      })
      if (giveUp) {
        await this.options.alerts.markGivenUp(d.key, outcome.error)
        this.notBefore.delete(d.key)
        continue
      }
      await this.options.alerts.markFailedAttempt(d.key, outcome.error)
      this.notBefore.set(d.key, this.now().getTime() + Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * 2 ** (attempts - 1)))
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.timer || this.notBefore.size === 0) return
    const next = Math.min(...this.notBefore.values())
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        this.wake()
      },
      Math.max(0, next - this.now().getTime()),
    )
    this.timer.unref()
  }
}
