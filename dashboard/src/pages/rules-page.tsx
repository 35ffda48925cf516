import { useState, type FormEvent } from 'react'
import { client, messageOf, unwrap, type RulePreview, type RulesResponse } from '../api.ts'
import { formatTime } from '../format.ts'
import { kindLabel, severityLabel, stateLabel, useSummary, useT } from '../i18n.tsx'
import { useSession } from '../session.ts'
import { useFetch } from '../use-fetch.ts'

const TEMPLATE = `id: water-outage
name: 停水投诉
kind: match
query: (停水 | 断水) + -演练
severity: warning
window: 1h
tests:
  match: [溪口镇停水三天了]
  noMatch: [消防停水演练]
`

/** The rules as loaded with their state and last firing, and the back-test preview for whoever may change them. */
export function RulesPage() {
  const t = useT()
  const { can } = useSession()
  const rules = useFetch<RulesResponse>('rules', () => unwrap(client.api.rules.$get()))
  return (
    <main className={can('rules:preview') ? 'grid' : 'single'}>
      <section className="card">
        <h2>{t('rules')}</h2>
        {rules.error ? <p className="muted">{rules.error.includes('not running') ? t('rulesOffline') : rules.error}</p> : null}
        {rules.data ? (
          <>
            <table className="rules" data-testid="rules">
              <thead>
                <tr>
                  <th>{t('rule')}</th>
                  <th>{t('state')}</th>
                  <th>{t('lastFired')}</th>
                  <th className="rule-file">{t('ruleFile')}</th>
                </tr>
              </thead>
              <tbody>
                {rules.data.rules.map((r) => (
                  <tr key={r.id} className={r.enabled ? '' : 'disabled'}>
                    <td>
                      <b>{r.name}</b>
                      <br />
                      <small className="muted">
                        {r.id} · <span title={`kind: ${r.kind}`}>{kindLabel(t, r.kind)}</span> · {severityLabel(t, r.severity)}
                      </small>
                    </td>
                    <td>
                      <span className={`state ${r.state ?? 'inactive'}`}>{r.enabled ? stateLabel(t, r.state ?? 'inactive') : t('disabled')}</span>
                    </td>
                    <td>{r.lastFiredAt ? formatTime(r.lastFiredAt) : t('never')}</td>
                    <td className="muted rule-file">{r.line ? `${r.file}:${r.line}` : r.file}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rules.data.errors.length > 0 ? (
              <>
                <h3>{t('ruleErrors')}</h3>
                <ul className="plain errors">
                  {rules.data.errors.map((e) => (
                    <li key={`${e.file}:${e.line}:${e.message}`} className="error">
                      {e.file}:{e.line}: {e.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : null}
      </section>
      {can('rules:preview') ? <PreviewPanel /> : null}
    </main>
  )
}

function PreviewPanel() {
  const t = useT()
  const summaryOf = useSummary()
  const [yaml, setYaml] = useState(TEMPLATE)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<RulePreview | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const run = (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    unwrap(client.api.rules.preview.$post({ json: { yaml } }))
      .then(setResult, (err: unknown) => setError(messageOf(err)))
      .finally(() => setBusy(false))
  }
  return (
    <section className="card">
      <h2>{t('preview')}</h2>
      <p className="muted">{t('previewHint')}</p>
      <form onSubmit={run} className="preview-form">
        <textarea className="code" value={yaml} onChange={(e) => setYaml(e.target.value)} rows={12} spellCheck={false} aria-label="YAML" />
        <button type="submit" disabled={busy}>
          {busy ? t('loading') : t('runPreview')}
        </button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {result ? (
        <div data-testid="preview-result">
          {result.errors.map((e) => (
            <p key={`${e.line}:${e.message}`} className="error">
              {t('line')} {e.line}: {e.message}
            </p>
          ))}
          {result.rules.map((r) => (
            <div key={r.id} className="preview-rule">
              <h3>
                {r.name} <small className="muted">{r.id}</small>
              </h3>
              <p className={r.tests.passed ? 'ok' : 'error'}>
                {r.tests.passed ? `✓ ${t('testsPassed')} (${r.tests.cases.length})` : `✗ ${t('testsFailed')}`}
              </p>
              {r.tests.failures.map((f) => (
                <p key={f} className="error">
                  {f}
                </p>
              ))}
              {r.backTest ? (
                <>
                  <p data-testid="would-fire">
                    {t('wouldFire')} <b>{r.backTest.firings.length}</b> {t('times')} · {r.backTest.posts} {t('postsRead')} {r.backTest.hits}
                  </p>
                  <ul className="plain">
                    {r.backTest.firings.map((f) => (
                      <li key={`${f.group}:${f.startsAt}`}>
                        {formatTime(f.startsAt)} – {f.endsAt ? formatTime(f.endsAt) : '…'} · {summaryOf(f)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : result.backTestAvailable ? null : (
                <p className="muted">{t('noBackTest')}</p>
              )}
            </div>
          ))}
        </div>
      ) : null}
    </section>
  )
}
