import type { estypes } from '@elastic/elasticsearch'
import { InputError, RetryableError } from '@yuqing/core'
import { OPEN_TASK_STATES, type Task, type TaskChange, type TaskEvent, type TaskStore } from '../task-store.ts'
import { MAX_PAGE, type EsContext } from './context.ts'
import { request, statusOf, storeError } from './es-errors.ts'
import type { Buckets } from './queries.ts'

/** A task with its whole history in one document: a change and its step are written together. */
type TaskDocument = Task & { history: TaskEvent[] }

interface Read {
  doc: TaskDocument
  seqNo: number
  primaryTerm: number
}

/** A comment racing another write to the same task is tried again this many times. */
const COMMENT_ATTEMPTS = 5

const taskOf = ({ history: _history, ...task }: TaskDocument): Task => task

/**
 * Handling tasks. A change is written only if the document is still the one that was read:
 * `if_seq_no` and `if_primary_term` of that read, so of two editors at the same version exactly
 * one wins and the other gets the current task back as a conflict (Elasticsearch answers 409).
 */
export function esTasks(ctx: EsContext): TaskStore {
  const { client } = ctx
  const index = ctx.names.tasks
  const refresh = ctx.recordsRefresh

  async function read(id: string): Promise<Read | undefined> {
    const response = await request(`${index}/${id}`, () => client.get<TaskDocument>({ index, id }, { ignore: [404] }))
    if (!response.found || !response._source || response._seq_no === undefined || response._primary_term === undefined) return undefined
    return { doc: response._source, seqNo: response._seq_no, primaryTerm: response._primary_term }
  }

  /** Writes the document if nobody wrote it since `read`; false when somebody did. */
  async function replace(id: string, doc: TaskDocument, since: Read): Promise<boolean> {
    try {
      await client.index({ index, id, document: doc, if_seq_no: since.seqNo, if_primary_term: since.primaryTerm, refresh })
      return true
    } catch (error) {
      if (statusOf(error) === 409) return false
      throw storeError(`${index}/${id}`, error)
    }
  }

  /**
   * One page of tasks. Past the index's result window (from + size over MAX_PAGE) it walks with
   * `search_after` in pages of MAX_PAGE, so a caller asking for every task (an export, a report)
   * gets every task rather than a 400 from the cluster.
   */
  async function list(query: estypes.QueryDslQueryContainer, sort: estypes.SortCombinations[], from: number, size: number): Promise<{ total: number; items: Task[] }> {
    const page = (body: Pick<estypes.SearchRequest, 'from' | 'size' | 'search_after'>) =>
      request(index, () => client.search<TaskDocument>({ index, query, sort, ...body, track_total_hits: true, _source: { excludes: ['history'] } }))
    const tasksOf = (hits: estypes.SearchHit<TaskDocument>[]) => hits.flatMap((h) => (h._source ? [taskOf({ ...h._source, history: [] })] : []))
    const totalOf = (response: estypes.SearchResponse<TaskDocument>) =>
      typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0)
    if (from + size <= MAX_PAGE) {
      const response = await page({ from, size })
      return { total: totalOf(response), items: tasksOf(response.hits.hits) }
    }
    const items: Task[] = []
    let after: estypes.SortResults | undefined
    for (;;) {
      const response = await page({ size: MAX_PAGE, ...(after ? { search_after: after } : {}) })
      items.push(...tasksOf(response.hits.hits))
      const last = response.hits.hits.at(-1)
      if (!last?.sort || response.hits.hits.length < MAX_PAGE || items.length >= from + size) {
        return { total: totalOf(response), items: items.slice(from, from + size) }
      }
      after = last.sort
    }
  }

  return {
    async create(t) {
      const task: Task = { ...t, updatedAt: t.createdAt, version: 1 }
      const created: TaskEvent = { seq: ctx.nextSeq(), taskId: t.id, at: t.createdAt, by: t.createdBy, kind: 'created', from: null, to: t.state, changes: {}, comment: null }
      try {
        await client.index({ index, id: t.id, document: { ...task, history: [created] } satisfies TaskDocument, op_type: 'create', refresh })
      } catch (error) {
        if (statusOf(error) === 409) throw new InputError(`a task with id ${t.id} exists already`, { where: index, cause: error })
        throw storeError(`${index}/${t.id}`, error)
      }
      return task
    },

    async task(id) {
      const found = await read(id)
      return found ? taskOf(found.doc) : undefined
    },

    async tasks({ state, department, assignee, origin, limit, offset }) {
      const filter: estypes.QueryDslQueryContainer[] = []
      if (origin) filter.push({ term: { 'origin.kind': origin.kind } }, { term: { 'origin.id': origin.id } })
      if (state) filter.push({ term: { state } })
      if (department) filter.push({ term: { department } })
      if (assignee) filter.push({ term: { assignee } })
      return list({ bool: { filter } }, [{ createdAt: 'desc' }, { id: 'asc' }], offset ?? 0, limit ?? 50)
    },

    async update(id, version, change, by) {
      const current = await read(id)
      if (!current) return undefined
      if (current.doc.version !== version) return { conflict: taskOf(current.doc) }
      const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as TaskChange
      const step: TaskEvent = {
        seq: ctx.nextSeq(),
        taskId: id,
        at: by.at,
        by: by.by,
        kind: 'transition',
        from: current.doc.state,
        to: set.state ?? current.doc.state,
        changes: set,
        comment: null,
      }
      const next: TaskDocument = { ...current.doc, ...set, updatedAt: by.at, version: version + 1, history: [...current.doc.history, step] }
      if (await replace(id, next, current)) return { task: taskOf(next) }
      // Somebody else's change landed between our read and our write: theirs stands.
      const now = await read(id)
      return now ? { conflict: taskOf(now.doc) } : undefined
    },

    async comment(id, by, text) {
      for (let attempt = 1; ; attempt++) {
        const current = await read(id)
        if (!current) return undefined
        const event: TaskEvent = { seq: ctx.nextSeq(), taskId: id, at: by.at, by: by.by, kind: 'comment', from: null, to: null, changes: {}, comment: text }
        // A comment changes no field: it is not refused for a stale version, only written on top of the latest document.
        if (await replace(id, { ...current.doc, history: [...current.doc.history, event] }, current)) return event
        if (attempt >= COMMENT_ATTEMPTS) throw new RetryableError(`the task changed under each of ${COMMENT_ATTEMPTS} attempts to add a comment`, { where: `${index}/${id}` })
      }
    },

    async history(id) {
      return (await read(id))?.doc.history ?? []
    },

    async overdueTasks(now) {
      const query = { bool: { filter: [{ terms: { state: [...OPEN_TASK_STATES] } }, { range: { dueAt: { lt: now.toISOString() } } }] } }
      return (await list(query, [{ dueAt: 'asc' }, { id: 'asc' }], 0, MAX_PAGE)).items
    },

    async owners() {
      const values = (field: string) => ({ terms: { field, size: MAX_PAGE, order: { _key: 'asc' as const } } })
      const response = await request(`${index} (departments and assignees)`, () =>
        client.search<unknown, { departments?: Buckets; assignees?: Buckets }>({ index, size: 0, aggs: { departments: values('department'), assignees: values('assignee') } }),
      )
      const keys = (agg: Buckets | undefined) => (agg?.buckets ?? []).map((b) => b.key)
      return { departments: keys(response.aggregations?.departments), assignees: keys(response.aggregations?.assignees) }
    },
  }
}
