import { createHash } from 'node:crypto'
import { STATE_NAMES, STATE_NAMES_EN } from '@yuqing/api'
import type { AlertMessage, AlertRecord } from '@yuqing/core'
import type { Store } from '@yuqing/store'

/** The pseudo-rule under which overdue-task reminders (督办) go through the alert outbox. */
export const OVERDUE_RULE = 'task-overdue'

/**
 * Queues one reminder (督办) for each open task past its due time, through the same outbox and
 * channels as alerts. One reminder per task and due time: a task whose due time moves is reminded
 * again at the new one. Returns the messages queued now.
 */
export async function remindOverdue(store: Store, channels: readonly string[], timezone: string, now: Date): Promise<AlertMessage[]> {
  const queued: AlertMessage[] = []
  const overdue = await store.tasks.overdueTasks(now)
  // A reminder whose task is done (or due later now) is over: the alert list stops showing it as firing.
  for (const record of await store.alerts.records()) {
    if (record.ruleId !== OVERDUE_RULE || record.state !== 'firing' || overdue.some((t) => t.id === record.group)) continue
    await store.alerts.commit({ ...record, state: 'resolved', endsAt: now.toISOString(), updatedAt: now.toISOString() })
  }
  for (const task of overdue) {
    const dueAt = task.dueAt ?? now.toISOString()
    const alertId = createHash('sha256').update(`${OVERDUE_RULE}\u0000${task.id}\u0000${dueAt}`).digest('hex').slice(0, 24)
    const previous = await store.alerts.record(OVERDUE_RULE, task.id)
    if (previous?.alertId === alertId) continue
    const at = now.toISOString()
    const hours = Math.max(1, Math.round((now.getTime() - Date.parse(dueAt)) / 3_600_000))
    const summary = `督办：任务「${task.title}」（${STATE_NAMES[task.state]}${task.department ? `，${task.department}` : ''}${task.assignee ? `，${task.assignee}` : ''}）已超期约 ${hours} 小时。`
    const who = [STATE_NAMES_EN[task.state], task.department, task.assignee].filter(Boolean).join(', ')
    const summaryEn = `Overdue: task “${task.title}” (${who}) is about ${hours} h past its due time.`
    const record: AlertRecord = {
      ruleId: OVERDUE_RULE,
      group: task.id,
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
      last: { summary, summaryEn, stats: { count: 1, baseline: null, from: dueAt, to: at }, matchedTerms: [] },
      updatedAt: at,
    }
    const message: AlertMessage = {
      alertId,
      sequence: 1,
      event: 'firing',
      ruleId: OVERDUE_RULE,
      ruleName: '任务超期督办',
      severity: 'warning',
      summary,
      summaryEn,
      matchedTerms: [],
      evidence: [],
      stats: record.last?.stats ?? { count: 1, baseline: null, from: dueAt, to: at },
      startsAt: at,
      timezone,
    }
    await store.alerts.commit(record, { message, channels, suppressed: false })
    queued.push(message)
  }
  return queued
}
