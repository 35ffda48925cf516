import { createHash } from 'node:crypto'
import type { AlertMessage, AlertRecord, AlertSeverity, AlertStats } from '@yuqing/core'

/** What the lifecycle needs of a rule. */
export interface LifecycleRule {
  id: string
  name: string
  severity: AlertSeverity
  timezone: string
  /** Consecutive breaches before an alert fires (1: at the first). */
  pendingFor: number
  /** Least time between two messages of one firing episode; hits in between are grouped. */
  realertMs: number
}

/** One evaluation of a rule (one group of it): breached or not, and what it saw. */
export interface Evaluation {
  group: string
  breached: boolean
  summary: string
  /** The summary in English (the dashboard's English view). */
  summaryEn: string
  stats: AlertStats
  matchedTerms: string[]
  /** Posts behind the evaluation, newest first; those sent before in the episode are skipped. */
  evidencePostIds: string[]
}

/** A message before its evidence is rendered: post ids where the message will carry posts. */
export type DraftMessage = Omit<AlertMessage, 'evidence'> & { evidencePostIds: string[] }

export interface Transition {
  record: AlertRecord
  /** The message the transition sends, if any. */
  message?: DraftMessage
}

/** Post ids remembered per episode: enough to never repeat recent evidence, bounded for long ones. */
const SENT_MEMORY = 2_000
/** Evidence posts a message carries at most; the count in its stats says how many there were. */
export const EVIDENCE_PER_MESSAGE = 5

export function initialRecord(ruleId: string, group: string, now: Date): AlertRecord {
  return {
    ruleId,
    group,
    state: 'inactive',
    breaches: 0,
    alertId: null,
    sequence: 0,
    startsAt: null,
    endsAt: null,
    lastSentAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    unsent: [],
    sent: [],
    last: null,
    updatedAt: now.toISOString(),
  }
}

/**
 * The alert lifecycle, one evaluation at a time: pending until `pendingFor` breaches in a row,
 * then firing (a message), further hits grouped into one message per `realert` (none once
 * acknowledged), resolved when the rule no longer breaches (a message). Pure: the caller stores
 * the record and queues the message in one transaction, so a restart neither loses nor repeats one.
 */
export function advance(previous: AlertRecord | undefined, rule: LifecycleRule, evaluation: Evaluation, now: Date): Transition {
  const at = now.toISOString()
  const base = previous ?? initialRecord(rule.id, evaluation.group, now)
  // A post is evidence once per episode; an episode that ended remembers nothing for the next.
  const seen = new Set(base.state === 'firing' ? base.sent : [])
  const held = new Set(base.unsent)
  const fresh = evaluation.evidencePostIds.filter((id) => !seen.has(id) && !held.has(id))
  const last = { summary: evaluation.summary, summaryEn: evaluation.summaryEn, stats: evaluation.stats, matchedTerms: evaluation.matchedTerms }
  const record: AlertRecord = { ...base, last, updatedAt: at }

  if (!evaluation.breached) {
    if (base.state === 'firing') {
      const resolved: AlertRecord = { ...record, state: 'resolved', breaches: 0, endsAt: at, sequence: base.sequence + 1, lastSentAt: at, unsent: [] }
      return { record: resolved, message: draft(rule, resolved, 'resolved', evaluation, []) }
    }
    return { record: { ...record, state: base.state === 'pending' ? 'inactive' : base.state, breaches: 0, unsent: [] } }
  }

  const breaches = base.breaches + 1
  if (base.state !== 'firing') {
    if (breaches < rule.pendingFor) return { record: { ...record, state: 'pending', breaches, unsent: [...base.unsent, ...fresh] } }
    const evidence = [...fresh, ...base.unsent]
    const sending = evidence.slice(0, EVIDENCE_PER_MESSAGE)
    const firing: AlertRecord = {
      ...record,
      state: 'firing',
      breaches,
      alertId: episodeId(rule.id, evaluation.group, at),
      sequence: 1,
      startsAt: at,
      endsAt: null,
      lastSentAt: at,
      acknowledgedAt: null,
      acknowledgedBy: null,
      // The rest waits for the next message; only what this one carries counts as sent, so the
      // next message, which sends the rest, does not list them twice.
      unsent: evidence.slice(EVIDENCE_PER_MESSAGE),
      sent: remember([], sending),
    }
    return { record: firing, message: draft(rule, firing, 'firing', evaluation, sending) }
  }

  // Firing already: gather new evidence; send it when realert has passed, unless acknowledged.
  const unsent = [...fresh, ...base.unsent]
  const due = base.lastSentAt === null || now.getTime() - Date.parse(base.lastSentAt) >= rule.realertMs
  if (unsent.length === 0 || !due || base.acknowledgedAt !== null) return { record: { ...record, breaches, unsent } }
  const sending = unsent.slice(0, EVIDENCE_PER_MESSAGE)
  const update: AlertRecord = {
    ...record,
    breaches,
    sequence: base.sequence + 1,
    lastSentAt: at,
    unsent: [],
    sent: remember(base.sent, unsent),
  }
  return { record: update, message: draft(rule, update, 'firing', evaluation, sending) }
}

/** Marks an episode acknowledged: it sends no more updates, only its resolution. */
export function acknowledge(record: AlertRecord, by: string, now: Date): AlertRecord {
  return { ...record, acknowledgedAt: now.toISOString(), acknowledgedBy: by, updatedAt: now.toISOString() }
}

/**
 * Deterministic: the same rule, group and start give the same id, so a replayed evaluation cannot
 * open a second episode; hex, so it is safe in URLs and channel keys.
 */
export function episodeId(ruleId: string, group: string, startsAt: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${group}\u0000${startsAt}`).digest('hex').slice(0, 24)
}

function remember(sent: readonly string[], ids: readonly string[]): string[] {
  const all = [...sent, ...ids]
  return all.length > SENT_MEMORY ? all.slice(all.length - SENT_MEMORY) : all
}

function draft(rule: LifecycleRule, record: AlertRecord, event: 'firing' | 'resolved', evaluation: Evaluation, evidencePostIds: string[]): DraftMessage {
  return {
    alertId: record.alertId ?? '',
    sequence: record.sequence,
    event,
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    summary: evaluation.summary,
    summaryEn: evaluation.summaryEn,
    matchedTerms: evaluation.matchedTerms,
    evidencePostIds,
    stats: evaluation.stats,
    startsAt: record.startsAt ?? record.updatedAt,
    ...(record.endsAt ? { endsAt: record.endsAt } : {}),
    timezone: rule.timezone,
  }
}
