import type { AlertMessage } from '@yuqing/core'
import { RetryableError, YuqingError } from '@yuqing/core'

export type ChannelKind = 'webhook' | 'dingtalk' | 'wecom' | 'feishu' | 'email' | 'sse'

/** What one attempt to send knows besides the message. */
export interface SendContext {
  /** The idempotency key (`alertId/sequence/channel`), passed on where the receiver can use it. */
  key: string
  /** Aborts the attempt when its time is up. */
  signal: AbortSignal
  /** The attempt's time limit, for messages and for transports that take a timeout, not a signal. */
  timeoutMs: number
}

/**
 * One place alerts go. `send` resolves once the receiver has accepted the message, and throws
 * `RetryableError` for a passing fault (network, timeout, 5xx, 429, a vendor's "too fast") or
 * `DeliveryRejected` when sending the same thing again would get the same refusal.
 */
export interface Channel {
  readonly id: string
  readonly kind: ChannelKind
  send(message: AlertMessage, context: SendContext): Promise<void>
  /** Releases connections (SMTP), if the channel holds any. */
  close?(): Promise<void>
}

/** The receiver refused the message for good: a bad signature, a bad request, an unknown robot. */
export class DeliveryRejected extends YuqingError {
  /** The vendor's error code or the HTTP status, when there is one. */
  readonly code: number | string | undefined

  constructor(message: string, options: { where?: string; cause?: unknown; code?: number | string } = {}) {
    super(message, options)
    this.code = options.code
  }
}

/** A passing fault, with the receiver's own hint (Retry-After) of when to try again. */
export class RetryLater extends RetryableError {
  readonly retryAfterMs: number | undefined

  constructor(message: string, options: { where?: string; cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, options)
    this.retryAfterMs = options.retryAfterMs
  }
}

/**
 * Where a channel's errors say they happened: its id and host. Robot URLs carry their secret
 * (DingTalk's access_token, WeCom's key, Feishu's hook id), so a path never goes into a log.
 */
export function channelWhere(id: string, url?: string): string {
  if (!url) return `channel ${id}`
  try {
    return `channel ${id} (${new URL(url).host})`
  } catch {
    return `channel ${id}`
  }
}
