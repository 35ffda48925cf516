import { createHmac } from 'node:crypto'

/** Generic webhook: `sha256=` + hex HMAC-SHA256 of the exact body bytes, keyed by the shared secret. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`
}

/**
 * DingTalk custom robot: HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret`,
 * base64. The timestamp is in milliseconds and must be within an hour of DingTalk's clock.
 * Returned un-encoded: it goes into the query string through URLSearchParams, which encodes it.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64')
}

/**
 * Feishu/Lark custom bot: the other way round from DingTalk. `timestamp + "\n" + secret` is the
 * HMAC key and the message is empty; base64. The timestamp is in seconds, within an hour.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64')
}
