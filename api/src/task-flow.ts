import { TASK_STATE_NAMES } from '@yuqing/core'
import { OPEN_TASK_STATES, TASK_STATES, type Task, type TaskState } from '@yuqing/store'

const names = (lang: 0 | 1) => Object.fromEntries(TASK_STATES.map((s) => [s, TASK_STATE_NAMES[s][lang]])) as Record<TaskState, string>

/** How each state reads to staff (core's TASK_STATE_NAMES, which the dashboard shows too). */
export const STATE_NAMES: Record<TaskState, string> = names(0)

/** `STATE_NAMES` in English, as the dashboard's English view names them. */
export const STATE_NAMES_EN: Record<TaskState, string> = names(1)

export type TaskAction = 'assign' | 'start' | 'resolve' | 'evaluate' | 'reopen'

/**
 * The loop 研 → 交办 → 办 → 结 → 评: which states each step starts from and where it leads.
 * Re-assigning an assigned task is allowed (wrong department); an evaluator who is not satisfied
 * sends a resolved task back to 办理中.
 */
export const TASK_ACTIONS: Record<TaskAction, { from: readonly TaskState[]; to: TaskState }> = {
  assign: { from: ['triage', 'assigned'], to: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  evaluate: { from: ['resolved'], to: 'evaluated' },
  reopen: { from: ['resolved'], to: 'in_progress' },
}

export const label = (state: TaskState) => `${STATE_NAMES[state]} ${state}`

/** States a task may move to from `state`. */
export function nextStates(state: TaskState): TaskState[] {
  return [...new Set(Object.values(TASK_ACTIONS).filter((a) => a.from.includes(state)).map((a) => a.to))]
}

/** Why `action` cannot apply to a task in `state`, naming where it can go instead; undefined when it can. */
export function refusal(action: TaskAction, state: TaskState): string | undefined {
  if (TASK_ACTIONS[action].from.includes(state)) return undefined
  const next = nextStates(state)
  const where = next.length > 0 ? `from there it can go to ${next.map(label).join(', ')}` : 'it is closed: nothing follows'
  return `cannot ${action} a task that is ${label(state)}: ${where}`
}

export function isOverdue(task: Pick<Task, 'state' | 'dueAt'>, now: Date): boolean {
  return task.dueAt !== null && OPEN_TASK_STATES.includes(task.state) && new Date(task.dueAt).getTime() < now.getTime()
}

/** A task as the API shows it: with its overdue flag and the states it may move to. */
export function viewOf(task: Task, now: Date) {
  return { ...task, overdue: isOverdue(task, now), next: nextStates(task.state) }
}
