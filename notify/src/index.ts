// Channels
export type { Channel, ChannelKind, SendContext } from './channel.ts'
export { DeliveryRejected, RetryLater } from './channel.ts'
export { webhookChannel } from './webhook.ts'
export type { WebhookOptions, WebhookBody } from './webhook.ts'
export { dingtalkChannel } from './dingtalk.ts'
export type { DingTalkOptions } from './dingtalk.ts'
export { wecomChannel, wecomContent, WECOM_MARKDOWN_LIMIT } from './wecom.ts'
export type { WeComOptions } from './wecom.ts'
export { feishuChannel } from './feishu.ts'
export type { FeishuOptions } from './feishu.ts'
export { emailChannel } from './email.ts'
export type { EmailOptions, SmtpSettings } from './email.ts'
export { SseHub, sseChannel, formatSseEvent } from './sse-hub.ts'
export type { SseEvent, SseListener, Subscription } from './sse-hub.ts'

// Signing
export { webhookSignature, dingtalkSign, feishuSign } from './signing.ts'

// Delivery
export { Notifier, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from './notifier.ts'
export type { ChannelEntry, DeliveryResult, NotifierOptions, RetryPolicy } from './notifier.ts'
export { MemoryDeliveryLog } from './delivery-log.ts'
export type { DeliveryLog } from './delivery-log.ts'
export { RateLimiter } from './rate-limiter.ts'
export { systemClock } from './clock.ts'
export type { Clock } from './clock.ts'

// Configuration
export { ChannelConfig, ChannelsConfig, parseChannels, channelConfigIssues, fieldName } from './channel-config.ts'
export type { ConfigIssue } from './channel-config.ts'
export { createChannels } from './create-channels.ts'

// Rendering
export { viewOf } from './alert-view.ts'
export type { AlertView, EvidenceView, SnippetPart } from './alert-view.ts'
export { renderMarkdown, joinMarkdown } from './render-markdown.ts'
export type { MarkdownAlert } from './render-markdown.ts'
export { renderEmail } from './render-email.ts'
export type { EmailAlert } from './render-email.ts'
export { escapeMarkdown, escapeHtml, safeUrl } from './escape.ts'
export { formatTime, formatDuration, DEFAULT_TIMEZONE } from './format-time.ts'
