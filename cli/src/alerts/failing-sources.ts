import type { AlertMessage } from '@yuqing/core'
import { describeSpan } from '@yuqing/rules'
import type { CrawlStatus, Store } from '@yuqing/store'
import { fireSystemAlert, resolveSystemAlerts } from './system-alerts.ts'

/** The pseudo-rule under which failing sources go through the alert outbox. */
export const SOURCE_FAILING_RULE = 'source-failing'

/**
 * Bad crawls in a row (failed, or nothing found) before staff are told: a single one is often a
 * passing fault, a site down for a minute; three are posts nobody sees.
 */
export const BAD_CRAWLS_TO_ALERT = 3

const STATUS: Record<CrawlStatus, [string, string]> = {
  ok: ['正常', 'ok'],
  partial: ['部分失败', 'partly failed'],
  empty: ['未找到帖子', 'found no posts'],
  failed: ['失败', 'failed'],
}

/**
 * Queues one alert for each source whose last `BAD_CRAWLS_TO_ALERT` crawls or more went wrong,
 * through the same outbox and channels as alerts: once per run of bad crawls (a source that found
 * posts again and then fails again is alerted again). A source that recovered ends its alert.
 * Returns the messages queued now.
 */
export async function alertFailingSources(store: Store, channels: readonly string[], timezone: string, now: Date): Promise<AlertMessage[]> {
  const failing = (await store.sources.list()).filter((h) => h.badRuns >= BAD_CRAWLS_TO_ALERT)
  await resolveSystemAlerts(store, SOURCE_FAILING_RULE, (group) => failing.some((h) => h.source === group), now)
  const queued: AlertMessage[] = []
  for (const { source, last, lastGoodAt, badRuns } of failing) {
    const [status, statusEn] = STATUS[last.status]
    const good = lastGoodAt ? describeSpan(new Date(lastGoodAt), new Date(lastGoodAt), timezone) : undefined
    const message = await fireSystemAlert(store, channels, timezone, now, {
      ruleId: SOURCE_FAILING_RULE,
      ruleName: '来源抓取异常',
      group: source,
      episode: lastGoodAt ?? 'never',
      summary: `来源 ${source} 已连续 ${badRuns} 次抓取${status}${last.problem ? `：${last.problem}` : ''}。${good ? `上次找到帖子是 ${good}` : '它还从未找到过帖子'}，其间的帖子都没有进来。`,
      summaryEn: `Source ${source}: ${badRuns} crawls in a row ${statusEn}${last.problem ? ` (${last.problem})` : ''}. ${good ? `It last found posts at ${good}` : 'It has never found a post'}; none have come in since.`,
      since: lastGoodAt ?? last.startedAt,
    })
    if (message) queued.push(message)
  }
  return queued
}
