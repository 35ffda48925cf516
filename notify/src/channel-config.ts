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
  /** The receiver is on loopback or a private network (an intranet relay): refused unless allowed here. */
  allowPrivateNetwork: z.boolean().optional(),
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

/** The list; `parseChannels` also checks that ids are unique, which a rule's routing relies on. */
export const ChannelsConfig = z.array(ChannelConfig)

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
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
        // A misspelt field is reported at the field itself, which is where the YAML line is.
        if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }))
        return [{ path, message: issue.message }]
      })
  return [...issues, ...duplicateIds(input)]
}

/** Checked on the raw list, so a duplicate is reported even when other entries have errors. */
function duplicateIds(input: unknown): ConfigIssue[] {
  if (!Array.isArray(input)) return []
  const seen = new Set<string>()
  const issues: ConfigIssue[] = []
  input.forEach((entry: unknown, index) => {
    const id = typeof entry === 'object' && entry !== null && 'id' in entry ? entry.id : undefined
    if (typeof id !== 'string') return
    if (seen.has(id)) issues.push({ path: [index, 'id'], message: `a second channel is named ${id}` })
    seen.add(id)
  })
  return issues
}

/**
 * Parses the `channels:` list (from YAML or JSON). Throws an `InputError` naming every bad
 * field, `where` being the file it came from.
 */
export function parseChannels(input: unknown, where = 'channels'): ChannelConfig[] {
  const issues = channelConfigIssues(input)
  const parsed = ChannelsConfig.safeParse(input)
  if (parsed.success && issues.length === 0) return parsed.data
  const lines = issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`)
  throw new InputError(`invalid channel configuration:\n  ${lines.join('\n  ')}`, { where })
}
