import { useState, type FormEvent } from 'react'
import { client, messageOf, unwrap, type TaskDetail, type TaskState } from '../api.ts'
import { formatTime } from '../format.ts'
import { href } from '../hash-route.ts'
import { useT } from '../i18n.tsx'
import { useLive } from '../live.tsx'
import { useSession } from '../session.ts'
import { useFetch } from '../use-fetch.ts'
import { TaskStep, type StepAction } from './task-step.tsx'

/** The step that leads from `state` to `to`, as the API names it. */
function actionOf(state: TaskState, to: TaskState): StepAction {
  switch (to) {
    case 'assigned':
      return 'assign'
    case 'in_progress':
      return state === 'resolved' ? 'reopen' : 'start'
    case 'resolved':
      return 'resolve'
    case 'evaluated':
      return 'evaluate'
    case 'triage':
      return 'assign'
  }
}

const NEEDS = { assign: 'tasks:assign', start: 'tasks:handle', resolve: 'tasks:handle', evaluate: 'tasks:evaluate', reopen: 'tasks:evaluate' } as const

/** One task: its evidence, the steps the role may take from here, its history and comments. */
export function TaskPage({ id }: { id: string }) {
  const t = useT()
  const live = useLive()
  const { can } = useSession()
  const task = useFetch<TaskDetail>(`${id}|${live.taskVersion}`, () => unwrap(client.api.tasks[':id'].$get({ param: { id } })))
  const [comment, setComment] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const data = task.data
  if (task.error) return <p className="error">{task.error}</p>
  if (!data) return <p className="muted">{t('loading')}</p>
  const actions = data.next.map((to) => actionOf(data.state, to)).filter((a) => can(NEEDS[a]))
  if (data.state === 'resolved' && can('tasks:evaluate') && !actions.includes('reopen')) actions.push('reopen')

  const addComment = (e: FormEvent) => {
    e.preventDefault()
    unwrap(client.api.tasks[':id'].comments.$post({ param: { id }, json: { text: comment } })).then(
      () => {
        setComment('')
        task.reload()
      },
      (err: unknown) => setError(messageOf(err)),
    )
  }

  return (
    <main className="grid">
      <section className="card">
        <div className="card-head">
          <h2 data-testid="task-title">{data.title}</h2>
          <a href={href('tasks')}>← {t('tasks')}</a>
        </div>
        <p>
          <span className={`state ${data.state}`} data-testid="task-state">
            {t(`states_${data.state}`)}
          </span>
          {data.overdue ? <span className="tag overdue">{t('overdue')}</span> : null}
        </p>
        <dl className="facts">
          <dt>{t('department')}</dt>
          <dd>{data.department ?? '—'}</dd>
          <dt>{t('assignee')}</dt>
          <dd>{data.assignee ?? '—'}</dd>
          <dt>{t('due')}</dt>
          <dd>{formatTime(data.dueAt) || '—'}</dd>
          {data.resolution ? (
            <>
              <dt>{t('resolution')}</dt>
              <dd>{data.resolution}</dd>
              <dt>{t('publicReply')}</dt>
              <dd>{data.publicReply}</dd>
            </>
          ) : null}
          {data.rating !== null ? (
            <>
              <dt>{t('rating')}</dt>
              <dd>
                {'★'.repeat(data.rating)} {data.remark}
              </dd>
            </>
          ) : null}
        </dl>
        <div className="evidence-box">
          <b>{t('evidence')}</b>
          <p>{data.evidence.text}</p>
          {data.evidence.postIds.map((id, i) => (
            <a key={id} href={href('posts', id)} data-testid="evidence-post">
              {t('postPage')}
              {data.evidence.postIds.length > 1 ? ` ${i + 1}` : ''} →
            </a>
          ))}
          {data.evidence.urls.map((url) => (
            <a key={url} href={url} target="_blank" rel="noreferrer noopener">
              {url}
            </a>
          ))}
          {data.origin.kind === 'alert' ? <a href={href('alerts', data.origin.id)}>{t('alerts')} ↗</a> : null}
        </div>
        {actions.map((action) => (
          <TaskStep key={action} task={data} action={action} onDone={task.reload} />
        ))}
      </section>
      <section className="card">
        <h2>{t('history')}</h2>
        <ol className="history" data-testid="task-history">
          {data.history.map((event) => (
            <li key={event.seq}>
              <span className="muted">
                {formatTime(event.at)} · {event.by}
              </span>{' '}
              {event.kind === 'comment' ? <q>{event.comment}</q> : event.to ? <b>{t(`states_${event.to}`)}</b> : null}
              {event.changes.assignee ? ` → ${event.changes.department ?? ''} ${event.changes.assignee}` : ''}
            </li>
          ))}
        </ol>
        {can('tasks:comment') ? (
          <form className="comment" onSubmit={addComment}>
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} aria-label={t('comments')} required maxLength={5000} />
            <button type="submit">{t('addComment')}</button>
          </form>
        ) : null}
        {error ? <p className="error">{error}</p> : null}
      </section>
    </main>
  )
}
