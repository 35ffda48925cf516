import type { AlertMessage } from '@yuqing/core'
import { viewOf } from './alert-view.ts'
import type { Channel, SendContext } from './channel.ts'
import { DeliveryRejected, channelWhere } from './channel.ts'
import { postJson, vendorFailure } from './http-post.ts'
import { renderMarkdown } from './render-markdown.ts'
import { fitMarkdown } from './truncate.ts'

export interface WeComOptions {
  id: string
  /** The receiver is on loopback or a private network: refused unless an admin allows it here (SSRF). */
  allowPrivateNetwork?: boolean | undefined
  /** The group robot's webhook, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`: the key is the only secret. */
  url: string
}

/** WeCom refuses markdown content over 4096 bytes of UTF-8 (errcode 40058). */
export const WECOM_MARKDOWN_LIMIT = 4096

/** -1 system busy, 45009 over the robot's 20 messages a minute: both pass. */
const RETRY_CODES = new Set([-1, 45009])

/** WeCom (企业微信) group robot: markdown within 4096 bytes, unsigned. */
export function wecomChannel(options: WeComOptions): Channel {
  const where = channelWhere(options.id, options.url)
  return {
    id: options.id,
    kind: 'wecom',
    async send(message: AlertMessage, context: SendContext) {
      const content = wecomContent(message)
      const raw = JSON.stringify({ msgtype: 'markdown', markdown: { content } })
      const reply = await postJson(options.url, raw, {}, context, where, options.allowPrivateNetwork ?? false)
      const answer = reply.json as { errcode?: unknown; errmsg?: unknown } | undefined
      if (typeof answer?.errcode !== 'number') {
        throw new DeliveryRejected(`not a WeCom reply (no errcode): ${reply.text.slice(0, 200)}`, { where })
      }
      if (answer.errcode !== 0) {
        throw vendorFailure('WeCom', answer.errcode, String(answer.errmsg ?? ''), RETRY_CODES, where)
      }
    },
  }
}

/** The markdown WeCom gets: whole, or cut to the limit with a note of what was left out. */
export function wecomContent(message: AlertMessage): string {
  return fitMarkdown(
    renderMarkdown(viewOf(message), { heading: true }),
    WECOM_MARKDOWN_LIMIT,
    (dropped) => `（已截断：还有 ${dropped} 篇证据未列出，企业微信消息限 ${WECOM_MARKDOWN_LIMIT} 字节，完整内容见看板）`,
  )
}
