import { client, unwrap, type TaskItem, type TaskState, type TasksResponse } from '../api.ts'
import { formatTime } from '../format.ts'
import { go, href, type Route } from '../hash-route.ts'
import { useT } from '../i18n.tsx'
import { useLive } from '../live.tsx'
import { useFetch } from '../use-fetch.ts'

export const STATES: readonly TaskState[] = ['triage', 'assigned', 'in_progress', 'resolved', 'evaluated']

/** The board by state (研判 → 交办 → 办理 → 办结 → 评价), filtered by department and assignee, overdue in red. */
export function TasksPage({ route }: { route: Route }) {
  const t = useT()
  const live = useLive()
  const department = route.query.get('department') ?? ''
  const assignee = route.query.get('assignee') ?? ''
  const overdueOnly = route.query.get('overdue') === 'true'
  // The server filters: the board shows the newest 200 of the department's or assignee's tasks, not of everyone's.
  const query = { limit: '200', ...(department ? { department } : {}), ...(assignee ? { assignee } : {}), ...(overdueOnly ? { overdue: 'true' as const } : {}) }
  const tasks = useFetch<TasksResponse>(`tasks|${JSON.stringify(query)}|${live.taskVersion}`, () => unwrap(client.api.tasks.$get({ query })))
  const shown = tasks.data?.items ?? []
  // A value picked from an address stays a choice even when no task has it any more.
  const choices = (known: readonly string[] | undefined, picked: string) => [...new Set([...(known ?? []), ...(picked ? [picked] : [])])].sort()
  const departments = choices(tasks.data?.owners.departments, department)
  const assignees = choices(tasks.data?.owners.assignees, assignee)
  const filter = (key: string, value: string) => go(href('tasks', { department, assignee, overdue: overdueOnly ? 'true' : undefined, [key]: value || undefined }))

  return (
    <main className="single">
      <div className="card filters">
        <label>
          {t('department')}
          <select value={department} onChange={(e) => filter('department', e.target.value)} aria-label={t('department')}>
            <option value="">{t('any')}</option>
            {departments.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          {t('assignee')}
          <select value={assignee} onChange={(e) => filter('assignee', e.target.value)} aria-label={t('assignee')}>
            <option value="">{t('any')}</option>
            {assignees.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => filter('overdue', e.target.checked ? 'true' : '')} />
          {t('onlyOverdue')}
        </label>
      </div>
      {tasks.error ? <p className="error">{tasks.error}</p> : null}
      {tasks.data && shown.length === 0 && !department && !assignee && !overdueOnly ? (
        <p className="card empty" data-testid="tasks-hint">
          {t('tasksHint')}
        </p>
      ) : null}
      <div className="kanban" data-testid="task-board">
        {STATES.map((state) => {
          const column = shown.filter((task) => task.state === state)
          return (
            <section key={state} className="lane" data-state={state}>
              <h3>
                {t(`states_${state}`)} <small>{column.length}</small>
              </h3>
              {column.length === 0 ? <p className="muted">{t('noTasks')}</p> : column.map((task) => <TaskCard key={task.id} task={task} />)}
            </section>
          )
        })}
      </div>
    </main>
  )
}

function TaskCard({ task }: { task: TaskItem }) {
  const t = useT()
  return (
    <a href={href('tasks', task.id)} className={task.overdue ? 'task-card overdue' : 'task-card'} data-task-id={task.id}>
      <b>{task.title}</b>
      <span className="muted">
        {task.department ?? '—'} · {task.assignee ?? '—'}
      </span>
      {task.dueAt ? (
        <span className={task.overdue ? 'due overdue' : 'due'}>
          {t('due')} {formatTime(task.dueAt)} {task.overdue ? `· ${t('overdue')}` : ''}
        </span>
      ) : null}
    </a>
  )
}
