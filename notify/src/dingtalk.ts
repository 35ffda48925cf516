import type { AlertMessage } from '@yuqing/core'
import { viewOf } from './alert-view.ts'
import type { Channel, SendContext } from './channel.ts'
import { DeliveryRejected, channelWhere } from './channel.ts'
import { postJson, vendorFailure } from './http-post.ts'
import { joinMarkdown, renderMarkdown } from './render-markdown.ts'
import { dingtalkSign } from './signing.ts'

export interface DingTalkOptions {
  id: string
  /** The receiver is on loopback or a private network: refused unless an admin allows it here (SSRF). */
  allowPrivateNetwork?: boolean | undefined
  /** The robot's webhook, `https://oapi.dingtalk.com/robot/send?access_token=…`. */
  url: string
  /** The robot's 加签 secret (`SEC…`); without it the robot must be secured by keyword or IP. */
  secret?: string
}

/**
 * Codes that mean "later": -1 system busy, 130101 more than 20 messages a minute (the robot is
 * then throttled for 10 minutes). Everything else, 310000 (signature, keyword or IP check failed)
 * first of all, is a configuration problem that retrying cannot fix.
 */
const RETRY_CODES = new Set([-1, 130101])

/** DingTalk group robot: markdown, signed with a timestamp and HMAC in the query string. */
export function dingtalkChannel(options: DingTalkOptions): Channel {
  const where = channelWhere(options.id, options.url)
  return {
    id: options.id,
    kind: 'dingtalk',
    async send(message: AlertMessage, context: SendContext) {
      const markdown = renderMarkdown(viewOf(message), { heading: true })
      // No `at` block: an alert never mentions anyone, whatever its posts say.
      const raw = JSON.stringify({ msgtype: 'markdown', markdown: { title: markdown.title, text: joinMarkdown(markdown) } })
      const reply = await postJson(signedUrl(options.url, options.secret, Date.now()), raw, {}, context, where, options.allowPrivateNetwork ?? false)
      const answer = reply.json as { errcode?: unknown; errmsg?: unknown } | undefined
      if (typeof answer?.errcode !== 'number') {
        throw new DeliveryRejected(`not a DingTalk reply (no errcode): ${reply.text.slice(0, 200)}`, { where })
      }
      if (answer.errcode !== 0) {
        throw vendorFailure('DingTalk', answer.errcode, String(answer.errmsg ?? ''), RETRY_CODES, where)
      }
    },
  }
}

/** Signed at each attempt with the real time: DingTalk rejects a timestamp an hour off its own clock. */
function signedUrl(url: string, secret: string | undefined, now: number): string {
  if (secret === undefined) return url
  const signed = new URL(url)
  signed.searchParams.set('timestamp', String(now))
  signed.searchParams.set('sign', dingtalkSign(secret, now))
  return signed.href
}
