import { AlertActions } from '../alert-actions.tsx'
import { client, unwrap, type AlertsResponse, type RulesResponse } from '../api.ts'
import { formatTime } from '../format.ts'
import { href } from '../hash-route.ts'
import { severityLabel, useSummary, useT } from '../i18n.tsx'
import { useLive } from '../live.tsx'
import { useFetch } from '../use-fetch.ts'

interface Row {
  alertId: string
  ruleId: string
  ruleName: string
  group: string
  severity: string
  summary: string
  summaryEn: string | null
  startsAt: string
  state: 'firing' | 'resolved'
  acknowledged: boolean
  live: boolean
}

/** The live feed on top of the stored alerts, newest first; acknowledge and silence in place. */
export function AlertsPage() {
  const t = useT()
  const summaryOf = useSummary()
  const live = useLive()
  const stored = useFetch<AlertsResponse>(`alerts|${live.alerts.length}`, () => unwrap(client.api.alerts.$get({ query: { limit: '100' } })))
  // Rule names for alerts the live feed has not carried this session (the list stores rule ids);
  // without the alert engine in this process the ids stand.
  const rules = useFetch<RulesResponse>('rules', () => unwrap(client.api.rules.$get()))
  const ruleNames = new Map((rules.data?.rules ?? []).map((r) => [r.id, r.name]))
  const rows = new Map<string, Row>()
  // Live messages first: they are the newest word on an alert, and carry the rule's name.
  for (const m of live.alerts) {
    if (rows.has(m.alertId)) continue
    rows.set(m.alertId, { alertId: m.alertId, ruleId: m.ruleId, ruleName: m.ruleName, group: '', severity: m.severity, summary: m.summary, summaryEn: m.summaryEn ?? null, startsAt: m.startsAt, state: m.event, acknowledged: false, live: true })
  }
  for (const a of stored.data?.items ?? []) {
    const known = rows.get(a.alertId)
    rows.set(a.alertId, { ...a, ruleName: known?.ruleName ?? ruleNames.get(a.ruleId) ?? a.ruleId, acknowledged: a.acknowledgedAt !== null, live: known !== undefined })
  }
  const list = [...rows.values()].sort((a, b) => b.startsAt.localeCompare(a.startsAt))

  return (
    <main className="single">
      <section className="card">
        <div className="card-head">
          <h2>
            {t('liveFeed')} <span className={live.connected ? 'dot on' : 'dot'} data-testid="live-state" title={live.connected ? t('liveOn') : t('liveOff')} />
          </h2>
          <div className="toggles">
            <label className="check">
              <input type="checkbox" checked={live.sound} onChange={(e) => live.setSound(e.target.checked)} />
              {t('sound')}
            </label>
            <label className="check">
              <input type="checkbox" checked={live.desktop} onChange={(e) => live.setDesktop(e.target.checked)} />
              {t('desktop')}
            </label>
          </div>
        </div>
        {stored.error ? <p className="error">{stored.error}</p> : null}
        {list.length === 0 ? (
          <p className="empty">{t('noAlerts')}</p>
        ) : (
          <ul className="alerts" data-testid="alert-feed">
            {list.map((a) => (
              <li key={a.alertId} className={`alert ${a.severity} ${a.state}${a.live ? ' live' : ''}`} data-alert-id={a.alertId}>
                <span className={`sev ${a.severity}`}>{severityLabel(t, a.severity)}</span>
                <div className="alert-body">
                  <a href={href('alerts', a.alertId)} className="alert-title">
                    {a.ruleName}
                  </a>
                  <span className="muted">
                    {formatTime(a.startsAt)} · {a.state === 'firing' ? t('firing') : t('resolved')}
                  </span>
                  <p className="alert-summary">{summaryOf(a)}</p>
                </div>
                <AlertActions alertId={a.alertId} ruleId={a.ruleId} group={a.group} acknowledged={a.acknowledged} firing={a.state === 'firing'} onDone={stored.reload} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}
