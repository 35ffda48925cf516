import { useState } from 'react'
import { client, messageOf, unwrap } from './api.ts'
import { useT } from './i18n.tsx'
import { useSession } from './session.ts'

const SILENCE_HOURS = 2

/** Acknowledge and silence buttons for one alert, each shown only to roles that may use it. */
export function AlertActions({ alertId, ruleId, group, acknowledged, firing, onDone }: { alertId: string; ruleId: string; group: string; acknowledged: boolean; firing: boolean; onDone: () => void }) {
  const t = useT()
  const { can } = useSession()
  const [done, setDone] = useState<'ack' | 'silence' | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const run = (kind: 'ack' | 'silence', call: () => Promise<unknown>) => {
    setError(undefined)
    call().then(
      () => {
        setDone(kind)
        onDone()
      },
      (err: unknown) => setError(messageOf(err)),
    )
  }
  const acknowledge = () => run('ack', () => unwrap(client.api.alerts[':id'].acknowledge.$post({ param: { id: alertId } })))
  const silence = () =>
    run('silence', () =>
      unwrap(
        client.api.silences.$post({
          json: { ruleId, group: group || null, endsAt: new Date(Date.now() + SILENCE_HOURS * 3_600_000).toISOString(), comment: `从预警列表静默 ${SILENCE_HOURS} 小时（${alertId}）` },
        }),
      ),
    )
  return (
    <span className="alert-actions">
      {acknowledged || done === 'ack' ? <span className="tag">{t('acknowledged')}</span> : null}
      {done === 'silence' ? <span className="tag">{t('silenced')}</span> : null}
      {firing && !acknowledged && done !== 'ack' && can('alerts:acknowledge') ? (
        <button type="button" className="small" onClick={acknowledge}>
          {t('acknowledge')}
        </button>
      ) : null}
      {firing && done !== 'silence' && can('alerts:silence') ? (
        <button type="button" className="small secondary" onClick={silence}>
          {t('silence')}
        </button>
      ) : null}
      {error ? <span className="error inline">{error}</span> : null}
    </span>
  )
}
