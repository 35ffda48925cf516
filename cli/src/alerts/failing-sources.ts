import { SYSTEM_RULES, type AlertMessage } from '@yuqing/core'
import { describeSpan } from '@yuqing/rules'
import { stalledSince, type CrawlStatus, type Store } from '@yuqing/store'
import { fireSystemAlert, resolveSystemAlerts } from './system-alerts.ts'

/** The pseudo-rule under which failing sources go through the alert outbox. */
export const SOURCE_FAILING_RULE = SYSTEM_RULES.sourceFailing

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
  // The streak's crawls went wrong; the one running now has not ended yet.
  running: ['出错', 'went wrong'],
}

/**
 * Queues one alert for each source whose last `BAD_CRAWLS_TO_ALERT` crawls or more went wrong, or
 * whose next crawl is long overdue (stalledSince: a crawler that stopped records no bad crawl),
 * through the same outbox and channels as alerts: once per run of bad crawls or per stall. A source
 * that recovered ends its alert. Returns the messages queued now.
 */
export async function alertFailingSources(store: Store, channels: readonly string[], timezone: string, now: Date): Promise<AlertMessage[]> {
  const problems = (await store.sources.list()).flatMap((health) => {
    const stalled = stalledSince(health, now)
    return stalled || health.badRuns >= BAD_CRAWLS_TO_ALERT ? [{ health, stalled }] : []
  })
  await resolveSystemAlerts(store, SOURCE_FAILING_RULE, (group) => problems.some((p) => p.health.source === group), now)
  const queued: AlertMessage[] = []
  const at = (iso: string) => describeSpan(new Date(iso), new Date(iso), timezone)
  for (const { health, stalled } of problems) {
    const { source: id, last, lastGoodAt, badRuns } = health
    const source = last.name ? `${last.name}（${id}）` : id
    const good = lastGoodAt ? at(lastGoodAt) : undefined
    const since = good ? `上次找到帖子是 ${good}` : '它还从未找到过帖子'
    const sinceEn = good ? `It last found posts at ${good}` : 'It has never found a post'
    const [status, statusEn] = STATUS[last.status]
    const every = Math.round(last.intervalMs / 60_000)
    const message = await fireSystemAlert(store, channels, timezone, now, {
      ruleId: SOURCE_FAILING_RULE,
      ruleName: '来源抓取异常',
      group: id,
      episode: stalled ? `stalled ${last.startedAt}` : (lastGoodAt ?? 'never'),
      summary: stalled
        ? `来源 ${source} 自 ${at(last.startedAt)} 起没有再抓取（应每 ${every} 分钟一次）：抓取进程还在运行吗？${since}。`
        : `来源 ${source} 已连续 ${badRuns} 次抓取${status}${last.problem ? `：${last.problem}` : ''}。${since}，其间的帖子都没有进来。`,
      summaryEn: stalled
        ? `Source ${source} has not been crawled since ${at(last.startedAt)} (due every ${every} min): is the crawler running? ${sinceEn}.`
        : `Source ${source}: ${badRuns} crawls in a row ${statusEn}${last.problem ? ` (${last.problem})` : ''}. ${sinceEn}; none have come in since.`,
      since: stalled ? stalled.toISOString() : (lastGoodAt ?? last.startedAt),
    })
    if (message) queued.push(message)
  }
  return queued
}
