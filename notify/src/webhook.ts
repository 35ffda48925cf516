import type { AlertMessage } from '@yuqing/core'
import { viewOf } from './alert-view.ts'
import type { Channel, SendContext } from './channel.ts'
import { channelWhere } from './channel.ts'
import { postJson } from './http-post.ts'
import { renderEmail } from './render-email.ts'
import { webhookSignature } from './signing.ts'

export interface WebhookOptions {
  id: string
  /** The receiver is on loopback or a private network: refused unless an admin allows it here (SSRF). */
  allowPrivateNetwork?: boolean | undefined
  url: string
  /** Signs each body (`X-Yuqing-Signature`); without it the receiver cannot tell us from anyone. */
  secret?: string
  headers?: Record<string, string>
}

/** What a webhook receives: the message as data, its idempotency key, and a plain-text rendering. */
export interface WebhookBody {
  key: string
  message: AlertMessage
  text: string
}

/**
 * A generic JSON webhook, for anything that is not a chat robot (a ticket system, a relay).
 * Any 2xx is delivery; the receiver should drop a repeated `Idempotency-Key`, which a retry after
 * a lost reply carries again.
 */
export function webhookChannel(options: WebhookOptions): Channel {
  const where = channelWhere(options.id, options.url)
  return {
    id: options.id,
    kind: 'webhook',
    async send(message: AlertMessage, context: SendContext) {
      const body: WebhookBody = { key: context.key, message, text: renderEmail(viewOf(message)).text }
      const raw = JSON.stringify(body)
      const headers: Record<string, string> = { ...options.headers, 'idempotency-key': context.key }
      if (options.secret !== undefined) headers['x-yuqing-signature'] = webhookSignature(options.secret, raw)
      await postJson(options.url, raw, headers, context, where, options.allowPrivateNetwork ?? false)
    },
  }
}
