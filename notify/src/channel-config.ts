import { InputError } from '@yuqing/core'
import { z } from 'zod'

/**
 * The `channels:` list of the configuration: where alerts go. Objects are strict, so a misspelt
 * field (`secert:`) is an error naming it rather than a robot that silently goes unsigned.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lower-case letters, digits, - or _ (a rule routes to it by this id)')

const httpUrl = z.string().refine((value) => {
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}, 'expected an http(s) URL')

const common = {
  id,
  /** Messages a minute the receiver allows; DingTalk and WeCom default to 20, Feishu to 100. */
  rateLimit: z.strictObject({ perMinute: z.number().int().positive() }).optional(),
  /** One attempt's time limit (ms). */
  timeoutMs: z.number().int().positive().max(300_000).optional(),
}

const secret = z.string().min(1, 'expected the secret, or leave the field out')

export const WebhookConfig = z.strictObject({
  ...common,
  kind: z.literal('webhook'),
  url: httpUrl,
  secret: secret.optional(),
  headers: z.record(z.string(), z.string()).optional(),
})

export const DingTalkConfig = z.strictObject({ ...common, kind: z.literal('dingtalk'), url: httpUrl, secret: secret.optional() })
export const WeComConfig = z.strictObject({ ...common, kind: z.literal('wecom'), url: httpUrl })
export const FeishuConfig = z.strictObject({ ...common, kind: z.literal('feishu'), url: httpUrl, secret: secret.optional() })

const mailbox = z.string().refine((value) => /^[^@\s<>]+@[^@\s<>]+$/.test(value.match(/<([^>]*)>\s*$/)?.[1] ?? value.trim()), 'expected an e-mail address (a@b.cn or 名字 <a@b.cn>)')

export const EmailConfig = z.strictObject({
  ...common,
  kind: z.literal('email'),
  smtp: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the start; defaults to true on port 465. */
    secure: z.boolean().optional(),
    requireTLS: z.boolean().optional(),
    user: z.string().optional(),
    pass: z.string().optional(),
    allowSelfSigned: z.boolean().optional(),
  }),
  from: mailbox,
  to: z.array(mailbox).min(1, 'expected at least one recipient'),
})

export const SseConfig = z.strictObject({ ...common, kind: z.literal('sse') })

export const ChannelConfig = z.discriminatedUnion('kind', [WebhookConfig, DingTalkConfig, WeComConfig, FeishuConfig, EmailConfig, SseConfig])
export type ChannelConfig = z.infer<typeof ChannelConfig>

export const ChannelsConfig = z.array(ChannelConfig).superRefine((channels, context) => {
  const seen = new Set<string>()
  channels.forEach((channel, index) => {
    if (seen.has(channel.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `a second channel is named ${channel.id}` })
    seen.add(channel.id)
  })
})

/** One problem in a channels list: its path (`[2, 'url']`, to find the YAML line) and what is wrong. */
export interface ConfigIssue {
  path: (string | number)[]
  message: string
}

/** `channels[2].smtp.host` */
export function fieldName(path: readonly (string | number)[], root = 'channels'): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : `${name}.${part}`), root)
}

/** The problems of a channels list, empty when it is valid. */
export function channelConfigIssues(input: unknown): ConfigIssue[] {
  const parsed = ChannelsConfig.safeParse(input)
  if (parsed.success) return []
  return parsed.error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }))
}

/**
 * Parses the `channels:` list (from YAML or JSON). Throws an `InputError` naming every bad
 * field, `where` being the file it came from.
 */
export function parseChannels(input: unknown, where = 'channels'): ChannelConfig[] {
  const parsed = ChannelsConfig.safeParse(input)
  if (parsed.success) return parsed.data
  const lines = channelConfigIssues(input).map((issue) => `${fieldName(issue.path)}: ${issue.message}`)
  throw new InputError(`invalid channel configuration:\n  ${lines.join('\n  ')}`, { where })
}
