import { z } from 'zod'
import { SentimentLabel } from './domain.ts'

/**
 * An alert as rules raise it and channels deliver it. One alert is one firing episode of one rule
 * (and one group, when the rule groups by source or term); each message about it (it fired, more
 * hits joined it, it resolved) is an `AlertMessage` with its own sequence number, so a channel's
 * idempotency key (`alertId/sequence/channel`) tells a retry from a new message.
 */
export const AlertState = z.enum(['pending', 'firing', 'resolved'])
export type AlertState = z.infer<typeof AlertState>

export const AlertSeverity = z.enum(['info', 'warning', 'critical'])
export type AlertSeverity = z.infer<typeof AlertSeverity>

/** A post behind an alert, as shown in the message: masked text, matches marked. */
export const AlertEvidence = z.object({
  postId: z.string(),
  source: z.string(),
  url: z.string().optional(),
  title: z.string().optional(),
  publishedAt: z.string().optional(),
  sentiment: SentimentLabel,
  /** A stretch of the stored (masked) text around the first matches. */
  snippet: z.string(),
  /** Matched stretches of `snippet` as [start, end) UTF-16 offsets, ascending, not overlapping. */
  highlights: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
})
export type AlertEvidence = z.infer<typeof AlertEvidence>

/** The numbers that made the rule fire. */
export const AlertStats = z.object({
  /** Matching posts in the window. */
  count: z.number().int().nonnegative(),
  /** What the window usually holds (spike, new_term), null when the rule has no baseline. */
  baseline: z.number().nullable(),
  negativeShare: z.number().min(0).max(1).optional(),
  /** The window counted, ISO instants. */
  from: z.string(),
  to: z.string(),
})
export type AlertStats = z.infer<typeof AlertStats>

export const AlertMessage = z.object({
  /** The firing episode: stable across its messages and across restarts. */
  alertId: z.string().min(1),
  /** 1 for the first message of the episode, then 2, 3…; a resend of the same message keeps it. */
  sequence: z.number().int().positive(),
  /** What this message says: the alert fires (first or grouped update) or has resolved. */
  event: z.enum(['firing', 'resolved']),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: AlertSeverity,
  /** One sentence: why it fired, with the numbers (in Chinese, as channels send it). */
  summary: z.string(),
  /** The same in English, for the dashboard's English view (absent from messages of older versions). */
  summaryEn: z.string().optional(),
  /** Terms or expression pieces that matched, to highlight and to list. */
  matchedTerms: z.array(z.string()),
  evidence: z.array(AlertEvidence),
  stats: AlertStats,
  /** When the episode started firing, and when it resolved (ISO instants). */
  startsAt: z.string(),
  endsAt: z.string().optional(),
  /** The rule's time zone: every time in a message is shown in it. */
  timezone: z.string(),
  /** The alert in the dashboard, when a public base URL is configured. */
  link: z.string().optional(),
})
export type AlertMessage = z.infer<typeof AlertMessage>

/** The key a channel uses to drop a message it has already delivered. */
export function idempotencyKey(message: Pick<AlertMessage, 'alertId' | 'sequence'>, channelId: string): string {
  return `${message.alertId}/${message.sequence}/${channelId}`
}

/**
 * Where one rule (and group) stands, kept between evaluations and across restarts: the alert
 * lifecycle's whole memory. `inactive` → `pending` (breached, fewer than `pendingFor` times in a
 * row) → `firing` → `resolved` (no longer breached) → `pending`/`firing` again as a new episode.
 */
export const AlertRecord = z.object({
  ruleId: z.string(),
  /** '' when the rule does not group; else the source or term the record is about. */
  group: z.string(),
  state: z.enum(['inactive', 'pending', 'firing', 'resolved']),
  /** Consecutive evaluations that breached. */
  breaches: z.number().int().nonnegative(),
  /** The current (or last) firing episode. */
  alertId: z.string().nullable(),
  /** The last message's sequence within the episode. */
  sequence: z.number().int().nonnegative(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  /** When the last message of the episode was queued (realert counts from it). */
  lastSentAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  /** Evidence gathered since the last message, sent with the next one (grouping). */
  unsent: z.array(z.string()),
  /** Post ids already sent in this episode: a post is evidence once. */
  sent: z.array(z.string()),
  /** The latest evaluation's figures, for the dashboard and the next message. */
  last: z
    .object({ summary: z.string(), summaryEn: z.string().optional(), stats: AlertStats, matchedTerms: z.array(z.string()) })
    .nullable(),
  updatedAt: z.string(),
})
export type AlertRecord = z.infer<typeof AlertRecord>

/** A silence: messages of matching alerts are kept, not sent, until it ends. */
export const Silence = z.object({
  id: z.string(),
  /** null: every rule. */
  ruleId: z.string().nullable(),
  /** null: every group of the rule. */
  group: z.string().nullable(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.string(),
})
export type Silence = z.infer<typeof Silence>
