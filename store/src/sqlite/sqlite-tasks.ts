import type Database from 'better-sqlite3'
import { OPEN_TASK_STATES, type Task, type TaskChange, type TaskEvent, type TaskState, type TaskStore } from '../task-store.ts'

interface TaskRow {
  id: string
  title: string
  state: TaskState
  origin_kind: Task['origin']['kind']
  origin_id: string
  evidence: string
  department: string | null
  assignee: string | null
  due_at: string | null
  resolution: string | null
  public_reply: string | null
  rating: number | null
  remark: string | null
  created_by: string
  created_at: string
  updated_at: string
  version: number
}

interface EventRow {
  seq: number
  task_id: string
  at: string
  by: string
  kind: TaskEvent['kind']
  from_state: TaskState | null
  to_state: TaskState | null
  changes: string
  comment: string | null
}

const taskOf = (r: TaskRow): Task => ({
  id: r.id,
  title: r.title,
  state: r.state,
  origin: { kind: r.origin_kind, id: r.origin_id },
  evidence: JSON.parse(r.evidence) as Task['evidence'],
  department: r.department,
  assignee: r.assignee,
  dueAt: r.due_at,
  resolution: r.resolution,
  publicReply: r.public_reply,
  rating: r.rating,
  remark: r.remark,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
})

const eventOf = (r: EventRow): TaskEvent => ({
  seq: r.seq,
  taskId: r.task_id,
  at: r.at,
  by: r.by,
  kind: r.kind,
  from: r.from_state,
  to: r.to_state,
  changes: JSON.parse(r.changes) as TaskChange,
  comment: r.comment,
})

/** Column of each changeable field. */
const COLUMNS: Record<keyof TaskChange, string> = {
  state: 'state',
  department: 'department',
  assignee: 'assignee',
  dueAt: 'due_at',
  resolution: 'resolution',
  publicReply: 'public_reply',
  rating: 'rating',
  remark: 'remark',
}

/** Handling tasks in the embedded database (schema migration 2). */
export function sqliteTasks(db: Database.Database): TaskStore {
  const byId = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?')
  const insertEvent = db.prepare(
    'INSERT INTO task_events (task_id, at, by, kind, from_state, to_state, changes, comment) VALUES (@taskId, @at, @by, @kind, @from, @to, @changes, @comment)',
  )

  const create = db.transaction((t: Omit<Task, 'version' | 'updatedAt'>): Task => {
    db.prepare(`
      INSERT INTO tasks (id, title, state, origin_kind, origin_id, evidence, department, assignee, due_at, resolution,
                         public_reply, rating, remark, created_by, created_at, updated_at, version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`).run(
      t.id, t.title, t.state, t.origin.kind, t.origin.id, JSON.stringify(t.evidence), t.department, t.assignee, t.dueAt,
      t.resolution, t.publicReply, t.rating, t.remark, t.createdBy, t.createdAt, t.createdAt,
    )
    insertEvent.run({ taskId: t.id, at: t.createdAt, by: t.createdBy, kind: 'created', from: null, to: t.state, changes: '{}', comment: null })
    return { ...t, updatedAt: t.createdAt, version: 1 }
  })

  const update = db.transaction((id: string, version: number, change: TaskChange, by: { at: string; by: string }) => {
    const row = byId.get(id)
    if (!row) return undefined
    const fields = Object.keys(change) as (keyof TaskChange)[]
    const sets = fields.map((f) => `${COLUMNS[f]} = @${f}`)
    // The version test sits in the UPDATE itself: two writers racing cannot both pass it.
    const result = db
      .prepare(`UPDATE tasks SET ${[...sets, 'updated_at = @at', 'version = version + 1'].join(', ')} WHERE id = @id AND version = @version`)
      .run({ ...change, at: by.at, id, version })
    if (result.changes === 0) return { conflict: taskOf(row) }
    insertEvent.run({
      taskId: id,
      at: by.at,
      by: by.by,
      kind: 'transition',
      from: row.state,
      to: change.state ?? row.state,
      changes: JSON.stringify(change),
      comment: null,
    })
    const updated = byId.get(id)
    return updated ? { task: taskOf(updated) } : undefined
  })

  return {
    async create(task) {
      return create.immediate(task)
    },
    async task(id) {
      const row = byId.get(id)
      return row ? taskOf(row) : undefined
    },
    async tasks({ state, department, assignee, origin, limit, offset }) {
      // Each filter given is one equality on its column.
      const given = Object.entries({ state, department, assignee, origin_kind: origin?.kind, origin_id: origin?.id }).filter((entry): entry is [string, string] => Boolean(entry[1]))
      const where = given.map(([column]) => `${column} = ?`)
      const params = given.map(([, value]) => value)
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM tasks ${filter}`).get(...params) as { n: number }).n
      const rows = db.prepare(`SELECT * FROM tasks ${filter} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`).all(...params, limit ?? 50, offset ?? 0) as TaskRow[]
      return { total, items: rows.map(taskOf) }
    },
    async update(id, version, change, by) {
      return update.immediate(id, version, change, by)
    },
    async comment(id, by, text) {
      if (!byId.get(id)) return undefined
      const result = insertEvent.run({ taskId: id, at: by.at, by: by.by, kind: 'comment', from: null, to: null, changes: '{}', comment: text })
      const row = db.prepare('SELECT * FROM task_events WHERE seq = ?').get(result.lastInsertRowid) as EventRow
      return eventOf(row)
    },
    async history(id) {
      return (db.prepare('SELECT * FROM task_events WHERE task_id = ? ORDER BY seq').all(id) as EventRow[]).map(eventOf)
    },
    async overdueTasks(now) {
      const open = OPEN_TASK_STATES.map(() => '?').join(', ')
      const rows = db
        .prepare(`SELECT * FROM tasks WHERE state IN (${open}) AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at, id`)
        .all(...OPEN_TASK_STATES, now.toISOString()) as TaskRow[]
      return rows.map(taskOf)
    },
    async owners() {
      const distinct = (column: 'department' | 'assignee') =>
        (db.prepare(`SELECT DISTINCT ${column} AS v FROM tasks WHERE ${column} IS NOT NULL ORDER BY 1`).all() as { v: string }[]).map((r) => r.v)
      return { departments: distinct('department'), assignees: distinct('assignee') }
    },
  }
}
