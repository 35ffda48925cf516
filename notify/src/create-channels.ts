import type { ChannelConfig } from './channel-config.ts'
import { dingtalkChannel } from './dingtalk.ts'
import { emailChannel } from './email.ts'
import { feishuChannel } from './feishu.ts'
import type { ChannelEntry } from './notifier.ts'
import { DEFAULT_TIMEOUT_MS } from './notifier.ts'
import type { SseHub } from './sse-hub.ts'
import { sseChannel } from './sse-hub.ts'
import { webhookChannel } from './webhook.ts'
import { wecomChannel } from './wecom.ts'

/** The vendors' documented limits, used when a channel sets none. */
const VENDOR_PER_MINUTE: Partial<Record<ChannelConfig['kind'], number>> = { dingtalk: 20, wecom: 20, feishu: 100 }

/** Channels from their configuration, with their limits, ready for a `Notifier`. */
export function createChannels(configs: readonly ChannelConfig[], deps: { hub?: SseHub; allowPrivateNetworks?: boolean } = {}): ChannelEntry[] {
  return configs.map((listed) => {
    // An admin allows private receivers per channel, or for all (YUQING_ALLOW_PRIVATE_NETWORKS).
    const config = { ...listed, allowPrivateNetwork: Boolean(listed.allowPrivateNetwork || deps.allowPrivateNetworks) }
    const perMinute = config.rateLimit?.perMinute ?? VENDOR_PER_MINUTE[config.kind]
    return {
      channel: channelOf(config, deps),
      ...(perMinute === undefined ? {} : { perMinute }),
      ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    }
  })
}

function channelOf(config: ChannelConfig, deps: { hub?: SseHub }) {
  switch (config.kind) {
    case 'webhook':
      return webhookChannel(config)
    case 'dingtalk':
      return dingtalkChannel(config)
    case 'wecom':
      return wecomChannel(config)
    case 'feishu':
      return feishuChannel(config)
    case 'email':
      return emailChannel({
        id: config.id,
        smtp: { ...config.smtp, secure: config.smtp.secure ?? config.smtp.port === 465 },
        from: config.from,
        to: config.to,
        timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      })
    case 'sse':
      if (!deps.hub) throw new Error(`channel ${config.id} is an SSE channel: pass the API's SseHub to createChannels`)
      return sseChannel(config.id, deps.hub)
  }
}
