import { randomUUID } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ZodType } from 'zod'
import type { Store, Task, TaskChange } from '@yuqing/store'
import type { AppEnv } from '../env.ts'
import { HttpError } from '../http-error.ts'
import type { LiveFeed } from '../live-feed.ts'
import { bodyOf, ErrorBody, guardedErrors, jsonOf, router } from '../openapi.ts'
import { Task as TaskSchema, TaskEvent, TaskState } from '../schemas.ts'
import { evidenceOf } from '../task-origin.ts'
import { refusal, TASK_ACTIONS, viewOf, type TaskAction } from '../task-flow.ts'

export interface TaskDeps {
  store: Store
  live: LiveFeed
  now: () => Date
}

const Id = z.object({ id: z.string().max(100) })
const Version = z.number().int().positive().optional().openapi({ description: 'the version you edited; or send it as `If-Match`' })
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString())
const Text = (max: number) => z.string().trim().min(1).max(max)

const STEP_BODIES = {
  assign: z.object({ version: Version, department: Text(100), assignee: Text(64), dueAt: Instant }),
  start: z.object({ version: Version }),
  resolve: z.object({ version: Version, resolution: Text(5000), publicReply: Text(5000) }),
  evaluate: z.object({ version: Version, rating: z.number().int().min(1).max(5), remark: z.string().max(2000).default('') }),
  reopen: z.object({ version: Version, reason: Text(2000) }),
} as const

const STEP_SUMMARIES: Record<TaskAction, string> = {
  assign: '交办: assign to a department and person with a due time',
  start: '办理: the assignee starts work',
  resolve: '办结: the result and the reply to the public',
  evaluate: '评价: rate the result (1–5) and close the task',
  reopen: '退回: not satisfied, back to 办理中 with a reason',
}

const conflictResponses = {
  404: jsonOf(ErrorBody, 'no such task'),
  409: jsonOf(ErrorBody, 'not allowed from the task’s state, or edited meanwhile (version differs)'),
  428: jsonOf(ErrorBody, 'no version given (body `version` or `If-Match`)'),
}

/** The version the client edited: the body's, else `If-Match` (`"3"`, `W/"3"` or `3`). */
function versionOf(c: Context<AppEnv>, body: number | undefined): number {
  if (body !== undefined) return body
  const header = c.req.header('if-match')?.match(/^(?:W\/)?"?(\d+)"?$/)?.[1]
  if (header) return Number(header)
  throw new HttpError(428, 'version_required', 'send the version you edited: `version` in the body or an If-Match header')
}

/** Handling tasks: create from a post or an alert, move through the loop, comment, read with history. */
export function taskRoutes(deps: TaskDeps) {
  const { store, live } = deps

  const found = async (id: string): Promise<Task> => {
    const task = await store.tasks.task(id)
    if (!task) throw new HttpError(404, 'not_found', `no task ${id}`)
    return task
  }

  const step = async (c: Context<AppEnv>, id: string, action: TaskAction, version: number, change: Omit<TaskChange, 'state'>) => {
    const task = await found(id)
    const refused = refusal(action, task.state)
    if (refused) throw new HttpError(409, 'invalid_transition', refused, { state: task.state, next: viewOf(task, deps.now()).next })
    const by = c.get('user')?.name ?? ''
    const result = await store.tasks.update(id, version, { ...change, state: TASK_ACTIONS[action].to }, { at: deps.now().toISOString(), by })
    if (!result) throw new HttpError(404, 'not_found', `no task ${id}`)
    if ('conflict' in result) {
      throw new HttpError(409, 'version_conflict', `task ${id} was changed meanwhile (now version ${result.conflict.version}, you edited ${version}): reload and try again`, viewOf(result.conflict, deps.now()))
    }
    c.set('auditDetails', { task: id, action, from: task.state, to: result.task.state })
    live.publish('task', { id, action, state: result.task.state, version: result.task.version, title: result.task.title, by })
    c.header('ETag', `"${result.task.version}"`)
    return viewOf(result.task, deps.now())
  }

  const stepRoute = <P extends string, T extends ZodType>(action: TaskAction, path: P, body: T) =>
    createRoute({
      method: 'post',
      path,
      tags: ['tasks'],
      summary: STEP_SUMMARIES[action],
      request: { params: Id, headers: z.object({ 'if-match': z.string().max(20).optional() }), body: bodyOf(body) },
      responses: { 200: jsonOf(TaskSchema, 'the task after the step'), ...guardedErrors, ...conflictResponses },
    })

  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tasks',
        tags: ['tasks'],
        summary: 'Tasks, newest first',
        request: {
          query: z.object({
            state: TaskState.optional(),
            department: z.string().max(100).optional(),
            assignee: z.string().max(64).optional(),
            overdue: z.enum(['true']).optional().openapi({ description: '`true`: only open tasks past their due time (督办)' }),
            post: z.string().max(200).optional().openapi({ description: 'only the tasks opened from this post' }),
            alert: z.string().max(200).optional().openapi({ description: 'only the tasks opened from this alert' }),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
        responses: {
          200: jsonOf(
            z.object({
              total: z.number(),
              items: z.array(TaskSchema),
              owners: z.object({ departments: z.array(z.string()), assignees: z.array(z.string()) }).openapi({ description: 'every department and assignee of any task: the choices of the filters' }),
            }),
            'tasks',
          ),
          ...guardedErrors,
        },
      }),
      async (c) => {
        const { overdue, post, alert, ...filters } = c.req.valid('query')
        const origin = post !== undefined ? { kind: 'post' as const, id: post } : alert !== undefined ? { kind: 'alert' as const, id: alert } : undefined
        const query = { ...filters, origin }
        const now = deps.now()
        const owners = await store.tasks.owners()
        if (overdue) {
          const matches = (t: Task) =>
            (query.state ?? t.state) === t.state &&
            (query.department ?? t.department) === t.department &&
            (query.assignee ?? t.assignee) === t.assignee &&
            (origin === undefined || (origin.kind === t.origin.kind && origin.id === t.origin.id))
          const items = (await store.tasks.overdueTasks(now)).filter(matches)
          return c.json({ total: items.length, items: items.slice(query.offset, query.offset + query.limit).map((t) => viewOf(t, now)), owners }, 200)
        }
        const page = await store.tasks.tasks(query)
        return c.json({ total: page.total, items: page.items.map((t) => viewOf(t, now)), owners }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tasks/{id}',
        tags: ['tasks'],
        summary: 'A task with its full history (steps and comments); ETag is its version',
        request: { params: Id },
        responses: { 200: jsonOf(TaskSchema.extend({ history: z.array(TaskEvent) }), 'the task'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such task') },
      }),
      async (c) => {
        const task = await found(c.req.valid('param').id)
        c.header('ETag', `"${task.version}"`)
        return c.json({ ...viewOf(task, deps.now()), history: await store.tasks.history(task.id) }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tasks',
        tags: ['tasks'],
        summary: '研判: open a task from a post or an alert; title and evidence are filled in from it',
        request: {
          body: bodyOf(
            z.object({
              from: z.union([z.object({ post: z.string().max(200) }), z.object({ alert: z.string().max(200) })]),
              title: z.string().trim().min(1).max(200).optional().openapi({ description: 'default: from the post or alert' }),
            }),
          ),
        },
        responses: { 201: jsonOf(TaskSchema, 'the new task (待研判)'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such post or alert') },
      }),
      async (c) => {
        const { from, title } = c.req.valid('json')
        const origin = await evidenceOf(store, 'post' in from ? { kind: 'post', id: from.post } : { kind: 'alert', id: from.alert })
        const by = c.get('user')?.name ?? ''
        const task = await store.tasks.create({
          id: randomUUID(),
          title: title ?? origin.title,
          state: 'triage',
          origin: origin.origin,
          evidence: origin.evidence,
          department: null,
          assignee: null,
          dueAt: null,
          resolution: null,
          publicReply: null,
          rating: null,
          remark: null,
          createdBy: by,
          createdAt: deps.now().toISOString(),
        })
        c.set('auditDetails', { task: task.id, from: origin.origin })
        live.publish('task', { id: task.id, action: 'create', state: task.state, version: task.version, title: task.title, by })
        c.header('ETag', `"${task.version}"`)
        return c.json(viewOf(task, deps.now()), 201)
      },
    )
    .openapi(stepRoute('assign', '/tasks/{id}/assign', STEP_BODIES.assign), async (c) => {
      const { version, ...change } = c.req.valid('json')
      return c.json(await step(c, c.req.valid('param').id, 'assign', versionOf(c, version), change), 200)
    })
    .openapi(stepRoute('start', '/tasks/{id}/start', STEP_BODIES.start), async (c) => {
      const { version } = c.req.valid('json')
      return c.json(await step(c, c.req.valid('param').id, 'start', versionOf(c, version), {}), 200)
    })
    .openapi(stepRoute('resolve', '/tasks/{id}/resolve', STEP_BODIES.resolve), async (c) => {
      const { version, ...change } = c.req.valid('json')
      return c.json(await step(c, c.req.valid('param').id, 'resolve', versionOf(c, version), change), 200)
    })
    .openapi(stepRoute('evaluate', '/tasks/{id}/evaluate', STEP_BODIES.evaluate), async (c) => {
      const { version, ...change } = c.req.valid('json')
      return c.json(await step(c, c.req.valid('param').id, 'evaluate', versionOf(c, version), change), 200)
    })
    .openapi(stepRoute('reopen', '/tasks/{id}/reopen', STEP_BODIES.reopen), async (c) => {
      const { version, reason } = c.req.valid('json')
      const { id } = c.req.valid('param')
      const task = await step(c, id, 'reopen', versionOf(c, version), {})
      await store.tasks.comment(id, { at: deps.now().toISOString(), by: c.get('user')?.name ?? '' }, `退回：${reason}`)
      return c.json(task, 200)
    })
    .openapi(
      createRoute({
        method: 'post',
        path: '/tasks/{id}/comments',
        tags: ['tasks'],
        summary: 'Comment on a task (kept in its history; does not change its version)',
        request: { params: Id, body: bodyOf(z.object({ text: Text(5000) })) },
        responses: { 201: jsonOf(TaskEvent, 'the comment'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such task') },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        const by = c.get('user')?.name ?? ''
        const event = await store.tasks.comment(id, { at: deps.now().toISOString(), by }, c.req.valid('json').text)
        if (!event) throw new HttpError(404, 'not_found', `no task ${id}`)
        c.set('auditDetails', { task: id })
        live.publish('task', { id, action: 'comment', by })
        return c.json(event, 201)
      },
    )
}
