import { Fragment, useMemo } from 'react'
import { SYSTEM_RULES } from '@yuqing/core/system-rules'
import { dayOf } from '@yuqing/core/time'
import { AlertActions } from '../alert-actions.tsx'
import { client, unwrap, type AlertDetail } from '../api.ts'
import { Chart } from '../chart.tsx'
import { formatTime } from '../format.ts'
import { href } from '../hash-route.ts'
import { Spans } from '../highlighted.tsx'
import { severityLabel, useSummary, useT } from '../i18n.tsx'
import { useLive } from '../live.tsx'
import { OriginalLink } from '../original-link.tsx'
import { useSession } from '../session.ts'
import { SourceName } from '../source-names.tsx'
import { useTaskForm } from '../task-form.tsx'
import { useFetch } from '../use-fetch.ts'

/** One alert (`#/alerts/<id>`, the link alert messages carry): its numbers against the baseline, evidence and deliveries. */
export function AlertPage({ id }: { id: string }) {
  const t = useT()
  const summaryOf = useSummary()
  const live = useLive()
  const { can } = useSession()
  const openTaskForm = useTaskForm()
  const detail = useFetch<AlertDetail>(`${id}|${live.alerts.filter((m) => m.alertId === id).length}`, () => unwrap(client.api.alerts[':id'].$get({ param: { id } })))
  const alert = detail.data
  const option = useMemo(() => {
    const messages = alert?.messages ?? []
    return {
      animationDuration: 300,
      grid: { left: 36, right: 16, top: 28, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: messages.map((m) => `#${m.sequence} ${formatTime(m.stats.to, m.timezone)}`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('countLabel'), data: messages.map((m) => m.stats.count), color: '#dc2626', barMaxWidth: 28 },
        { type: 'line', name: t('baselineLabel'), data: messages.map((m) => m.stats.baseline ?? 0), color: '#6b7280', lineStyle: { type: 'dashed' } },
      ],
    }
  }, [alert, t])
  if (detail.error) return <p className="error">{detail.error}</p>
  if (!alert) return <p className="muted">{t('loading')}</p>
  const first = alert.messages[0]
  const evidence = alert.messages.flatMap((m) => m.evidence)
  // Each message's posts under its own summary when there are several: a later one's words (命中 2 条…) describe its posts only.
  const several = alert.messages.filter((m) => m.evidence.length > 0).length > 1
  // An alert yuqing raised itself is about a task or a source, not about posts: a link to it
  // stands where the rule's numbers and evidence would.
  const about =
    alert.ruleId === SYSTEM_RULES.taskOverdue
      ? { link: href('tasks', alert.group), label: t('openTask') }
      : alert.ruleId === SYSTEM_RULES.sourceFailing
        ? { link: href('sources'), label: `${t('sources')} · ${alert.group}` }
        : undefined
  return (
    <main className={about ? 'single' : 'grid'}>
      <section className="card">
        <div className="card-head">
          <h2 data-testid="alert-title">{first?.ruleName ?? alert.ruleId}</h2>
          <a href={href('alerts')}>← {t('alerts')}</a>
        </div>
        <p>
          <span className={`sev ${alert.severity}`}>{severityLabel(t, alert.severity)}</span> {alert.state === 'firing' ? t('firing') : t('resolved')} · {formatTime(alert.startsAt)}
          {alert.endsAt ? ` – ${formatTime(alert.endsAt)}` : ''}
        </p>
        <p className="alert-summary">{summaryOf(alert)}</p>
        {first?.matchedTerms.length ? (
          <p>
            {t('matched')}:{' '}
            {first.matchedTerms.map((term) => (
              <a key={term} className="chip" href={href('term', term, { day: dayOf(new Date(alert.startsAt), first.timezone) })} title={t('matchedTermHint')}>
                {term}
              </a>
            ))}
          </p>
        ) : null}
        <div className="actions-row">
          <AlertActions alertId={alert.alertId} ruleId={alert.ruleId} group={alert.group} acknowledged={alert.acknowledgedAt !== null} firing={alert.state === 'firing'} onDone={detail.reload} />
          {can('tasks:create') ? (
            <button type="button" className="handle" onClick={() => openTaskForm({ from: { alert: alert.alertId }, title: `${first?.ruleName ?? alert.ruleId}：${alert.summary}`, evidence: evidence.map((e) => e.snippet).join('\n') || alert.summary })}>
              {t('handle')}
            </button>
          ) : null}
        </div>
        {about ? (
          <p data-testid="alert-about">
            <a href={about.link}>{about.label} →</a>
          </p>
        ) : (
          <>
            <h3>{t('countVsBaseline')}</h3>
            <Chart option={option} height={220} testId="alert-chart" />
          </>
        )}
        <h3>{t('deliveries')}</h3>
        {alert.deliveries.length === 0 ? (
          <p className="muted" data-testid="no-deliveries">
            {t('noDeliveries')}
          </p>
        ) : null}
        <ul className="plain">
          {alert.deliveries.map((d) => (
            <li key={d.key}>
              {d.channel}: {d.deliveredAt ? `${t('delivered')} ${formatTime(d.deliveredAt)}` : `${t('pending')} (${d.attempts})`} {d.lastError ? <span className="error inline">{d.lastError}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      {about ? null : (
        <section className="card">
          <h2>{t('evidence')}</h2>
          <ul className="posts" data-testid="evidence">
            {alert.messages.map((m) => (
              <Fragment key={m.sequence}>
                {several && m.evidence.length > 0 ? (
                  <li className="evidence-of muted" data-testid="evidence-of">
                    #{m.sequence} · {summaryOf(m)}
                  </li>
                ) : null}
                {m.evidence.map((e, i) => (
                  <li key={`${e.postId}-${i}`} className="post" data-post-id={e.postId}>
                    <div className="post-head">
                      <span className={`badge ${e.sentiment}`}>{t(e.sentiment)}</span>
                      <a href={href('posts', e.postId)} className="post-title">
                        {e.title ?? t('untitled')}
                      </a>
                    </div>
                    <p className="snippet">
                      <Spans text={e.snippet} spans={e.highlights} />
                    </p>
                    <div className="post-meta">
                      <SourceName id={e.source} />
                      <span>{formatTime(e.publishedAt)}</span>
                      <OriginalLink url={e.url} />
                    </div>
                  </li>
                ))}
              </Fragment>
            ))}
          </ul>
          {/* A message carries a few posts; the rest of what the rule hit, held back or after, is a search away. */}
          <p>
            <a
              data-testid="all-rule-hits"
              href={href('search', {
                rule: alert.ruleId,
                from: dayOf(new Date(alert.startsAt), first?.timezone ?? 'UTC'),
                fold: 'true',
              })}
            >
              {t('allRuleHits')} →
            </a>
          </p>
        </section>
      )}
    </main>
  )
}
