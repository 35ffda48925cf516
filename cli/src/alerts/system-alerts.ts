import { createHash } from 'node:crypto'
import type { AlertMessage, AlertRecord } from '@yuqing/core'
import type { Store } from '@yuqing/store'

/**
 * An alert yuqing raises itself, outside the rules (督办 reminders, failing sources), through the
 * same outbox and channels as the rules' alerts, under a pseudo-rule of its own.
 */
export interface SystemAlert {
  ruleId: string
  ruleName: string
  /** What it is about (a task, a source): one firing alert per group. */
  group: string
  /** Names the episode: an episode fires once; a new one (a new due time, a new run of bad crawls) fires again. */
  episode: string
  summary: string
  summaryEn: string
  /** When what it reports began (ISO 8601). */
  since: string
}

/** Queues the alert unless its episode fired already; the message queued, or undefined. */
export async function fireSystemAlert(store: Store, channels: readonly string[], timezone: string, now: Date, alert: SystemAlert): Promise<AlertMessage | undefined> {
  const alertId = createHash('sha256').update(`${alert.ruleId}\u0000${alert.group}\u0000${alert.episode}`).digest('hex').slice(0, 24)
  const previous = await store.alerts.record(alert.ruleId, alert.group)
  if (previous?.alertId === alertId) return undefined
  const at = now.toISOString()
  const { summary, summaryEn } = alert
  const stats = { count: 1, baseline: null, from: alert.since, to: at }
  const record: AlertRecord = {
    ruleId: alert.ruleId,
    group: alert.group,
    state: 'firing',
    breaches: 1,
    alertId,
    sequence: 1,
    startsAt: at,
    endsAt: null,
    lastSentAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    unsent: [],
    sent: [],
    last: { summary, summaryEn, stats, matchedTerms: [] },
    updatedAt: at,
  }
  const message: AlertMessage = {
    alertId,
    sequence: 1,
    event: 'firing',
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    severity: 'warning',
    summary,
    summaryEn,
    matchedTerms: [],
    evidence: [],
    stats,
    startsAt: at,
    timezone,
  }
  await store.alerts.commit(record, { message, channels, suppressed: false })
  return message
}

/** Ends the firing alerts of the pseudo-rule whose group no longer reports a problem: the alert list stops showing them as firing. */
export async function resolveSystemAlerts(store: Store, ruleId: string, stillFiring: (group: string) => boolean, now: Date): Promise<void> {
  for (const record of await store.alerts.records()) {
    if (record.ruleId !== ruleId || record.state !== 'firing' || stillFiring(record.group)) continue
    await store.alerts.commit({ ...record, state: 'resolved', endsAt: now.toISOString(), updatedAt: now.toISOString() })
  }
}
