import { STATE_NAMES, STATE_NAMES_EN } from '@yuqing/api'
import { SYSTEM_RULES, type AlertMessage } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import { fireSystemAlert, resolveSystemAlerts } from './system-alerts.ts'

/** The pseudo-rule under which overdue-task reminders (督办) go through the alert outbox. */
export const OVERDUE_RULE = SYSTEM_RULES.taskOverdue

/**
 * Queues one reminder (督办) for each open task past its due time, through the same outbox and
 * channels as alerts. One reminder per task and due time: a task whose due time moves is reminded
 * again at the new one. Returns the messages queued now.
 */
export async function remindOverdue(store: Store, channels: readonly string[], timezone: string, now: Date): Promise<AlertMessage[]> {
  const queued: AlertMessage[] = []
  const overdue = await store.tasks.overdueTasks(now)
  // A reminder whose task is done (or due later now) is over.
  await resolveSystemAlerts(store, OVERDUE_RULE, (group) => overdue.some((t) => t.id === group), now)
  for (const task of overdue) {
    const dueAt = task.dueAt ?? now.toISOString()
    const hours = Math.max(1, Math.round((now.getTime() - Date.parse(dueAt)) / 3_600_000))
    const who = [STATE_NAMES_EN[task.state], task.department, task.assignee].filter(Boolean).join(', ')
    const message = await fireSystemAlert(store, channels, timezone, now, {
      ruleId: OVERDUE_RULE,
      ruleName: '任务超期督办',
      group: task.id,
      episode: dueAt,
      summary: `督办：任务「${task.title}」（${STATE_NAMES[task.state]}${task.department ? `，${task.department}` : ''}${task.assignee ? `，${task.assignee}` : ''}）已超期约 ${hours} 小时。`,
      summaryEn: `Overdue: task “${task.title}” (${who}) is about ${hours} h past its due time.`,
      since: dueAt,
    })
    if (message) queued.push(message)
  }
  return queued
}
