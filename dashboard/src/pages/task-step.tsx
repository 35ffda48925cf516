import { useState, type FormEvent } from 'react'
import { client, messageOf, unwrap, type TaskDetail } from '../api.ts'
import { departmentFor } from '../departments.ts'
import { fromZoneInput, tomorrowAtFive, zoneInputValue } from '../format.ts'
import { useT } from '../i18n.tsx'

export type StepAction = 'assign' | 'start' | 'resolve' | 'evaluate' | 'reopen'

/** One step of the loop as a small form; the task's version goes with it, so a stale page gets a clear 409. */
export function TaskStep({ task, action, onDone }: { task: TaskDetail; action: StepAction; onDone: () => void }) {
  const t = useT()
  // A task assigned again keeps its department, assignee and deadline unless changed (times on the
  // configured zone's clock); a new one starts from the department suggested when it was opened.
  const [fields, setFields] = useState<Record<string, string>>(() => ({
    department: departmentFor(task),
    assignee: task.assignee ?? '',
    dueAt: task.dueAt ? zoneInputValue(new Date(task.dueAt)) : tomorrowAtFive(),
    rating: '5',
  }))
  const [error, setError] = useState<string | undefined>(undefined)
  const field = (name: string, label: string, type = 'text') => (
    <label>
      {label}
      {type === 'textarea' ? (
        <textarea value={fields[name] ?? ''} onChange={(e) => setFields({ ...fields, [name]: e.target.value })} required />
      ) : (
        <input type={type} value={fields[name] ?? ''} min={type === 'number' ? 1 : undefined} max={type === 'number' ? 5 : undefined} onChange={(e) => setFields({ ...fields, [name]: e.target.value })} required={name !== 'remark'} />
      )}
    </label>
  )
  const param = { id: task.id }
  const version = task.version
  const value = (name: string) => fields[name]?.trim() ?? ''
  const send = (): Promise<unknown> => {
    switch (action) {
      case 'assign': {
        const dueAt = fromZoneInput(value('dueAt'))
        if (!dueAt) return Promise.reject(new Error(t('dueMissing')))
        return unwrap(client.api.tasks[':id'].assign.$post({ param, header: {}, json: { version, department: value('department'), assignee: value('assignee'), dueAt } }))
      }
      case 'start':
        return unwrap(client.api.tasks[':id'].start.$post({ param, header: {}, json: { version } }))
      case 'resolve':
        return unwrap(client.api.tasks[':id'].resolve.$post({ param, header: {}, json: { version, resolution: value('resolution'), publicReply: value('publicReply') } }))
      case 'evaluate':
        return unwrap(client.api.tasks[':id'].evaluate.$post({ param, header: {}, json: { version, rating: Number(value('rating')), remark: value('remark') } }))
      case 'reopen':
        return unwrap(client.api.tasks[':id'].reopen.$post({ param, header: {}, json: { version, reason: value('reason') } }))
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    send().then(onDone, (err: unknown) => setError(messageOf(err)))
  }
  return (
    <form className="step" onSubmit={submit} aria-label={t(action)}>
      {action === 'assign' ? (
        <>
          {field('department', t('department'))}
          {field('assignee', t('assignee'))}
          {field('dueAt', t('due'), 'datetime-local')}
        </>
      ) : null}
      {action === 'resolve' ? (
        <>
          {field('resolution', t('resolution'), 'textarea')}
          {field('publicReply', t('publicReply'), 'textarea')}
        </>
      ) : null}
      {action === 'evaluate' ? (
        <>
          {field('rating', t('rating'), 'number')}
          {field('remark', t('remark'))}
        </>
      ) : null}
      {action === 'reopen' ? field('reason', t('reason'), 'textarea') : null}
      <button type="submit" className={action === 'reopen' ? 'secondary' : ''}>
        {t(action)}
      </button>
      {error ? <p className="error">{error}</p> : null}
    </form>
  )
}
