/** 待研判 → 已交办 → 办理中 → 已办结 → 已评价: the handling loop of a flagged post or alert. */
export const TASK_STATES = ['triage', 'assigned', 'in_progress', 'resolved', 'evaluated'] as const
export type TaskState = (typeof TASK_STATES)[number]

/** What a task was opened from. */
export interface TaskOrigin {
  kind: 'post' | 'alert'
  id: string
}

export interface Task {
  id: string
  title: string
  state: TaskState
  origin: TaskOrigin
  /** Filled in from the origin: the post's snippet or the alert's summary, and the posts behind it. */
  evidence: { text: string; postIds: string[]; urls: string[] }
  department: string | null
  assignee: string | null
  /** ISO instant; a task still open after it is overdue (督办). */
  dueAt: string | null
  resolution: string | null
  /** The reply published to the people who raised it. */
  publicReply: string | null
  /** 1–5, given when the result is evaluated. */
  rating: number | null
  remark: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  /** Bumped by every change: an edit made against an older version is refused, not merged. */
  version: number
}

/** Fields a step of the loop sets. */
export type TaskChange = Partial<Pick<Task, 'state' | 'department' | 'assignee' | 'dueAt' | 'resolution' | 'publicReply' | 'rating' | 'remark'>>

export interface TaskEvent {
  seq: number
  taskId: string
  at: string
  /** User name. */
  by: string
  kind: 'created' | 'transition' | 'comment'
  from: TaskState | null
  to: TaskState | null
  changes: TaskChange
  comment: string | null
}

export interface TaskQuery {
  state?: TaskState | undefined
  department?: string | undefined
  assignee?: string | undefined
  /** The tasks opened from this post or alert (a second one from the same post is allowed, and shown). */
  origin?: TaskOrigin | undefined
  limit?: number | undefined
  offset?: number | undefined
}

/** The outcome of a versioned update: the new task, the current one when the version was stale, or undefined (no such task). */
export type TaskUpdate = { task: Task } | { conflict: Task } | undefined

/** States a task is still being worked in: past its due time, it is overdue. */
export const OPEN_TASK_STATES: readonly TaskState[] = ['assigned', 'in_progress']

/** Handling tasks with their full history. Every change writes the task and its event together. */
export interface TaskStore {
  create(task: Omit<Task, 'version' | 'updatedAt'>): Promise<Task>
  task(id: string): Promise<Task | undefined>
  /** Newest first. */
  tasks(query: TaskQuery): Promise<{ total: number; items: Task[] }>
  /** Applies `change` when the task is still at `version`; records the step in its history. */
  update(id: string, version: number, change: TaskChange, by: { at: string; by: string }): Promise<TaskUpdate>
  /** Adds a comment to the history; undefined when there is no such task. */
  comment(id: string, by: { at: string; by: string }, text: string): Promise<TaskEvent | undefined>
  /** Oldest first. */
  history(id: string): Promise<TaskEvent[]>
  /** Open tasks (assigned, in progress) whose due time is before `now`, most overdue first. */
  overdueTasks(now: Date): Promise<Task[]>
  /** Every department and assignee some task has, each sorted: the choices of the board's filters. */
  owners(): Promise<{ departments: string[]; assignees: string[] }>
}
