import { createContext, useContext, useEffect, useState, type FormEvent } from 'react'
import { client, messageOf, unwrap, type TasksResponse } from './api.ts'
import { SUGGESTION_NOTE, suggestDepartment } from './departments.ts'
import { fromZoneInput, tomorrowAtFive } from './format.ts'
import { href } from './hash-route.ts'
import { useT } from './i18n.tsx'

/** Where a new task comes from, with what the form shows before anyone types. */
export interface TaskDraft {
  from: { post: string } | { alert: string }
  title: string
  evidence: string
}

/**
 * The 处置 form: title, evidence and a suggested department filled in, so one click creates the
 * task. With an assignee and a due time it is assigned (交办) in the same click; otherwise the
 * suggested department is noted on the task for whoever studies it.
 */
export function TaskForm({ draft, onClose }: { draft: TaskDraft; onClose: () => void }) {
  const t = useT()
  const [title, setTitle] = useState(draft.title.slice(0, 100))
  const [initial] = useState(() => ({ department: suggestDepartment(`${draft.title} ${draft.evidence}`), dueAt: tomorrowAtFive() }))
  const [department, setDepartment] = useState(initial.department)
  const [assignee, setAssignee] = useState('')
  const [dueAt, setDueAt] = useState(initial.dueAt)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const [createdId, setCreatedId] = useState<string | undefined>(undefined)
  // The tasks already opened from the same post or alert: a second one is allowed, not unawares.
  const [existing, setExisting] = useState<TasksResponse['items']>([])
  useEffect(() => {
    const query = 'post' in draft.from ? { post: draft.from.post, limit: '5' } : { alert: draft.from.alert, limit: '5' }
    let current = true
    unwrap(client.api.tasks.$get({ query }))
      .then((page) => current && setExisting(page.items))
      // Only a warning: the form works without it.
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [draft.from])
  // Typed into: a click beside the form then does not throw the typing away (Esc and 取消 still do).
  const edited = title !== draft.title.slice(0, 100) || department !== initial.department || assignee !== '' || dueAt !== initial.dueAt

  // The form belongs to the page it was opened on: Esc or going elsewhere (a link, Back) closes it,
  // so a task is never created for a post no longer on screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('hashchange', onClose)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('hashchange', onClose)
    }
  }, [onClose])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const assigned = Boolean(assignee.trim() && department.trim())
    // On the configured zone's clock (the deadline staff agree on), whatever the browser's.
    const due = fromZoneInput(dueAt)
    if (assigned && !due) return setError(t('dueMissing'))
    setBusy(true)
    setError(undefined)
    try {
      const task = await unwrap(client.api.tasks.$post({ json: { from: draft.from, title: title.trim() || undefined } }))
      const param = { id: task.id }
      if (assigned && due) {
        await unwrap(client.api.tasks[':id'].assign.$post({ param, header: {}, json: { version: task.version, department: department.trim(), assignee: assignee.trim(), dueAt: due } }))
      } else if (department.trim()) {
        await unwrap(client.api.tasks[':id'].comments.$post({ param, json: { text: `${SUGGESTION_NOTE}${department.trim()}` } }))
      }
      setCreatedId(task.id)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t('createTask')}
      onClick={(e) => {
        // Not while a task is being created: its result (the link to it) would never be seen.
        if (e.target === e.currentTarget && !busy && (createdId || !edited)) onClose()
      }}
    >
      <form className="card dialog" onSubmit={(e) => void submit(e)}>
        <h2>{t('createTask')}</h2>
        {createdId ? (
          <>
            <p className="ok" data-testid="task-created">
              {t('created')} · <a href={href('tasks', createdId)} onClick={onClose}>{t('open')}</a>
            </p>
            <button type="button" onClick={onClose}>
              OK
            </button>
          </>
        ) : (
          <>
            {existing.length > 0 ? (
              <p className="warning" data-testid="existing-tasks">
                {t('alreadyHandled')}{' '}
                {existing.map((task, i) => (
                  <span key={task.id}>
                    {i > 0 ? '、' : ''}
                    <a href={href('tasks', task.id)}>
                      {task.title}（{t(`states_${task.state}`)}）
                    </a>
                  </span>
                ))}
              </p>
            ) : null}
            <label>
              {t('title')}
              <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required autoFocus />
            </label>
            <div className="evidence-box">
              <b>{t('evidence')}</b>
              <p>{draft.evidence}</p>
            </div>
            <label>
              {t('suggestedDept')}
              <input value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={100} />
            </label>
            <fieldset>
              <legend>{t('assignNow')}</legend>
              <label>
                {t('assignee')}
                <input value={assignee} onChange={(e) => setAssignee(e.target.value)} maxLength={64} />
              </label>
              <label>
                {t('due')}
                <input type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
              </label>
            </fieldset>
            {error ? <p className="error">{error}</p> : null}
            <div className="actions">
              <button type="button" className="secondary" onClick={onClose}>
                {t('cancel')}
              </button>
              <button type="submit" disabled={busy}>
                {t('create')}
              </button>
            </div>
          </>
        )}
      </form>
    </div>
  )
}

export const TaskFormContext = createContext<(draft: TaskDraft) => void>(() => undefined)

/** Opens the 处置 form from anywhere in the app. */
export function useTaskForm(): (draft: TaskDraft) => void {
  return useContext(TaskFormContext)
}
