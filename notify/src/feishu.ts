import type { AlertMessage } from '@yuqing/core'
import { viewOf } from './alert-view.ts'
import type { Channel, SendContext } from './channel.ts'
import { DeliveryRejected, channelWhere } from './channel.ts'
import { postJson, vendorFailure } from './http-post.ts'
import { joinMarkdown, renderMarkdown } from './render-markdown.ts'
import { feishuSign } from './signing.ts'

export interface FeishuOptions {
  id: string
  /** The receiver is on loopback or a private network: refused unless an admin allows it here (SSRF). */
  allowPrivateNetwork?: boolean | undefined
  /** The bot's webhook, `https://open.feishu.cn/open-apis/bot/v2/hook/…` (Lark: open.larksuite.com). */
  url: string
  /** The bot's 签名校验 secret. */
  secret?: string
}

/**
 * 11232 and 99991400 are Feishu's rate limits; 19021 (signature or timestamp), 19024 (keyword)
 * and 9499 (bad request) will not change on a retry.
 */
const RETRY_CODES = new Set([11232, 99991400])

const HEADER_COLOR = { critical: 'red', warning: 'orange', info: 'blue', resolved: 'green' } as const

/** Feishu/Lark custom bot: a card with a coloured header and `lark_md` body, signed in the body. */
export function feishuChannel(options: FeishuOptions): Channel {
  const where = channelWhere(options.id, options.url)
  return {
    id: options.id,
    kind: 'feishu',
    async send(message: AlertMessage, context: SendContext) {
      const markdown = renderMarkdown(viewOf(message), { heading: false })
      const card = {
        header: {
          title: { tag: 'plain_text', content: markdown.title },
          template: HEADER_COLOR[message.event === 'resolved' ? 'resolved' : message.severity],
        },
        elements: [{ tag: 'div', text: { tag: 'lark_md', content: joinMarkdown(markdown) } }],
      }
      const seconds = Math.floor(Date.now() / 1000)
      const signature = options.secret === undefined ? {} : { timestamp: String(seconds), sign: feishuSign(options.secret, seconds) }
      const raw = JSON.stringify({ ...signature, msg_type: 'interactive', card })
      const reply = await postJson(options.url, raw, {}, context, where, options.allowPrivateNetwork ?? false)
      // Older bots answer `{StatusCode, StatusMessage}`, newer ones `{code, msg}`.
      const answer = reply.json as { code?: unknown; msg?: unknown; StatusCode?: unknown; StatusMessage?: unknown } | undefined
      const code = answer?.code ?? answer?.StatusCode
      if (typeof code !== 'number') {
        throw new DeliveryRejected(`not a Feishu reply (no code): ${reply.text.slice(0, 200)}`, { where })
      }
      if (code !== 0) {
        throw vendorFailure('Feishu', code, String(answer?.msg ?? answer?.StatusMessage ?? ''), RETRY_CODES, where)
      }
    },
  }
}
