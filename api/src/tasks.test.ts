import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertMessage, AlertRecord } from '@yuqing/core'
import type { TaskEvent } from '@yuqing/store'
import { memoryLiveFeed, type LiveEvent } from './live-feed.ts'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

interface TaskBody {
  id: string
  origin: { kind: string; id: string }
  title: string
  state: string
  version: number
  overdue: boolean
  next: string[]
  evidence: { text: string; postIds: string[]; urls: string[] }
  history?: TaskEvent[]
}
interface ErrorBody {
  error: { code: string; message: string }
}

let db: TestStore
let now = new Date('2026-11-26T04:00:00Z')
const live = memoryLiveFeed()
const published: LiveEvent[] = []
let analyst: Client
let handler: Client
let viewer: Client

const startsAt = '2026-11-26T02:00:00.000Z'
const alertMessage: AlertMessage = {
  alertId: 'ep1',
  sequence: 1,
  event: 'firing',
  ruleId: 'water',
  ruleName: '停水投诉',
  severity: 'warning',
  summary: '溪口镇 1 小时内 3 条停水投诉',
  matchedTerms: ['停水'],
  evidence: [{ postId: 'p0', source: 'forum', url: 'http://forum.test/t/1', sentiment: 'negative', snippet: '溪口镇停水两天了', highlights: [[3, 5]] }],
  stats: { count: 3, baseline: null, from: startsAt, to: startsAt },
  startsAt,
  timezone: 'Asia/Shanghai',
}
const alertRecord: AlertRecord = {
  ruleId: 'water',
  group: '',
  state: 'firing',
  breaches: 1,
  alertId: 'ep1',
  sequence: 1,
  startsAt,
  endsAt: null,
  lastSentAt: startsAt,
  acknowledgedAt: null,
  acknowledgedBy: null,
  unsent: [],
  sent: ['p0'],
  last: { summary: alertMessage.summary, stats: alertMessage.stats, matchedTerms: ['停水'] },
  updatedAt: startsAt,
}

beforeAll(async () => {
  db = await openTestStore()
  await db.store.savePosts([
    analyzer.analyze({ id: 'p0', source: 'forum', url: 'http://forum.test/t/1', title: '溪口镇停水两天了', content: '溪口镇停水两天了，自来水公司电话打不通，太气人了！', day: '2026-11-26', fetchedAt: startsAt }),
  ])
  await db.store.alerts.commit(alertRecord, { message: alertMessage, channels: [], suppressed: false })
  await addRoleUsers(db.store)
  live.subscribe(undefined, (e) => published.push(e))
  analyst = await signIn(app(), 'analyst')
  handler = await signIn(app(), 'handler')
  viewer = await signIn(app(), 'viewer')
})
afterAll(async () => {
  await db.close()
})

function app() {
  return testApp(db.store, { live, now: () => now })
}

async function newTask(from: { post: string } | { alert: string } = { post: 'p0' }): Promise<TaskBody> {
  const res = await analyst.json<TaskBody>('POST', '/api/tasks', { from })
  expect(res.status).toBe(201)
  return res.body
}

describe('handling tasks', () => {
  it('opens a task from a post in one call, with the post’s title, text and link as evidence', async () => {
    const task = await newTask()
    expect(task).toMatchObject({ title: '溪口镇停水两天了', state: 'triage', version: 1, overdue: false, next: ['assigned'] })
    expect(task.evidence).toEqual({ text: expect.stringContaining('自来水公司'), postIds: ['p0'], urls: ['http://forum.test/t/1'] })
  })

  it('lists the tasks already opened from a post or an alert, so a second one is not opened unawares', async () => {
    const fromAlert = await newTask({ alert: 'ep1' })
    const before = await viewer.json<{ items: TaskBody[] }>('GET', '/api/tasks?post=p0&limit=200')
    const task = await newTask()
    const after = await viewer.json<{ total: number; items: TaskBody[] }>('GET', '/api/tasks?post=p0&limit=200')
    expect(after.body.items.map((t) => t.id).sort()).toEqual([task.id, ...before.body.items.map((t) => t.id)].sort())
    expect(after.body.items.every((t) => t.origin.kind === 'post' && t.origin.id === 'p0')).toBe(true)
    expect((await viewer.json<{ items: TaskBody[] }>('GET', '/api/tasks?alert=ep1&limit=200')).body.items.map((t) => t.id)).toContain(fromAlert.id)
    expect((await viewer.json<{ total: number }>('GET', '/api/tasks?post=nothing')).body.total).toBe(0)
  })

  it('opens a task from an alert with its summary and evidence posts', async () => {
    const task = await newTask({ alert: 'ep1' })
    expect(task.title).toBe('停水投诉：溪口镇 1 小时内 3 条停水投诉')
    expect(task.evidence).toEqual({ text: alertMessage.summary, postIds: ['p0'], urls: ['http://forum.test/t/1'] })
  })

  it('answers 404 for a post or alert that does not exist', async () => {
    expect((await analyst.json('POST', '/api/tasks', { from: { post: 'nope' } })).status).toBe(404)
    expect((await analyst.json('POST', '/api/tasks', { from: { alert: 'nope' } })).status).toBe(404)
  })

  it('goes through the whole loop: assigned, in progress, resolved, evaluated, with every step in its history', async () => {
    const task = await newTask()
    const assigned = await analyst.json<TaskBody>('POST', `/api/tasks/${task.id}/assign`, { version: 1, department: '水务局', assignee: 'handler', dueAt: '2026-11-27T12:00:00+08:00' })
    expect(assigned.body).toMatchObject({ state: 'assigned', version: 2, department: '水务局', assignee: 'handler', dueAt: '2026-11-27T04:00:00.000Z' })
    expect(assigned.headers.get('etag')).toBe('"2"')
    const started = await handler.json<TaskBody>('POST', `/api/tasks/${task.id}/start`, {}, { 'if-match': '"2"' })
    expect(started.body).toMatchObject({ state: 'in_progress', version: 3 })
    expect((await handler.json('POST', `/api/tasks/${task.id}/comments`, { text: '已联系自来水公司，今晚恢复' })).status).toBe(201)
    const resolved = await handler.json<TaskBody>('POST', `/api/tasks/${task.id}/resolve`, { version: 3, resolution: '管道抢修完毕', publicReply: '溪口镇供水已恢复，感谢监督。' })
    expect(resolved.body).toMatchObject({ state: 'resolved', next: ['evaluated', 'in_progress'] })
    const evaluated = await analyst.json<TaskBody>('POST', `/api/tasks/${task.id}/evaluate`, { version: 4, rating: 5, remark: '处置及时' })
    expect(evaluated.body).toMatchObject({ state: 'evaluated', rating: 5, version: 5, next: [] })

    const read = await viewer.json<TaskBody>('GET', `/api/tasks/${task.id}`)
    expect(read.body.history?.map((e) => [e.kind, e.to, e.by])).toEqual([
      ['created', 'triage', 'analyst'],
      ['transition', 'assigned', 'analyst'],
      ['transition', 'in_progress', 'handler'],
      ['comment', null, 'handler'],
      ['transition', 'resolved', 'handler'],
      ['transition', 'evaluated', 'analyst'],
    ])
  })

  it('refuses a step the state does not allow with 409, naming where the task can go', async () => {
    const task = await newTask()
    const res = await handler.json<ErrorBody>('POST', `/api/tasks/${task.id}/start`, { version: 1 })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('invalid_transition')
    expect(res.body.error.message).toBe('cannot start a task that is 待研判 triage: from there it can go to 已交办 assigned')
  })

  it('refuses an edit made against an old version with 409 and keeps the first edit', async () => {
    const task = await newTask()
    const first = await analyst.json('POST', `/api/tasks/${task.id}/assign`, { version: 1, department: '水务局', assignee: 'handler', dueAt: '2026-11-27T04:00:00Z' })
    expect(first.status).toBe(200)
    const second = await analyst.json<ErrorBody>('POST', `/api/tasks/${task.id}/assign`, { version: 1, department: '城管局', assignee: 'zhao', dueAt: '2026-11-27T04:00:00Z' })
    expect(second.status).toBe(409)
    expect(second.body.error.code).toBe('version_conflict')
    expect((await viewer.json<TaskBody & { department: string }>('GET', `/api/tasks/${task.id}`)).body.department).toBe('水务局')
  })

  it('asks for a version (428) when neither the body nor If-Match gives one', async () => {
    const task = await newTask()
    expect((await analyst.json('POST', `/api/tasks/${task.id}/assign`, { department: '水务局', assignee: 'handler', dueAt: '2026-11-27T04:00:00Z' })).status).toBe(428)
  })

  it('names the field of a bad step body', async () => {
    const task = await newTask()
    const res = await analyst.json<ErrorBody>('POST', `/api/tasks/${task.id}/assign`, { version: 1, department: '水务局', assignee: 'handler', dueAt: 'tomorrow' })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/^dueAt: /)
  })

  it('flags an assigned task past its due time as overdue (督办) and lists it', async () => {
    const task = await newTask()
    await analyst.json('POST', `/api/tasks/${task.id}/assign`, { version: 1, department: '水务局', assignee: 'handler', dueAt: '2026-11-26T05:00:00Z' })
    now = new Date('2026-11-26T06:00:00Z')
    try {
      const overdue = await viewer.json<{ items: TaskBody[] }>('GET', '/api/tasks?overdue=true')
      expect(overdue.body.items.map((t) => t.id)).toContain(task.id)
      expect(overdue.body.items.every((t) => t.overdue)).toBe(true)
      expect((await db.store.tasks.overdueTasks(now)).map((t) => t.id)).toContain(task.id)
    } finally {
      now = new Date('2026-11-26T04:00:00Z')
    }
  })

  it('filters the task list by department and assignee on the server, overdue or not, and names every one in use', async () => {
    const assign = async (department: string, assignee: string, dueAt = '2026-11-27T04:00:00Z') => {
      const task = await newTask()
      await analyst.json('POST', `/api/tasks/${task.id}/assign`, { version: 1, department, assignee, dueAt })
      return task.id
    }
    const road = await assign('交通运输局', 'handler')
    const late = await assign('交通运输局', 'zhao', '2026-11-26T05:00:00Z')
    type List = { total: number; items: TaskBody[]; owners: { departments: string[]; assignees: string[] } }
    const list = async (query: string) => (await viewer.json<List>('GET', `/api/tasks?${query}`)).body
    const ofRoad = await list(`department=${encodeURIComponent('交通运输局')}`)
    expect(ofRoad.items.map((t) => t.id).sort()).toEqual([road, late].sort())
    expect(ofRoad.total).toBe(2)
    expect(ofRoad.owners.departments).toEqual(expect.arrayContaining(['交通运输局', '水务局']))
    expect(ofRoad.owners.assignees).toEqual(expect.arrayContaining(['handler', 'zhao']))
    expect((await list(`department=${encodeURIComponent('交通运输局')}&assignee=zhao`)).items.map((t) => t.id)).toEqual([late])
    expect((await list(`department=${encodeURIComponent('不存在的部门')}`)).total).toBe(0)
    now = new Date('2026-11-26T06:00:00Z')
    try {
      expect((await list(`department=${encodeURIComponent('交通运输局')}&overdue=true`)).items.map((t) => t.id)).toEqual([late])
    } finally {
      now = new Date('2026-11-26T04:00:00Z')
    }
  })

  it('publishes every task change to the live feed', async () => {
    const before = published.length
    const task = await newTask()
    await analyst.json('POST', `/api/tasks/${task.id}/assign`, { version: 1, department: '水务局', assignee: 'handler', dueAt: '2026-11-27T04:00:00Z' })
    const events = published.slice(before).map((e) => ({ event: e.event, ...(JSON.parse(e.data) as { id: string; action: string; state: string }) }))
    expect(events.map((e) => [e.event, e.id, e.action, e.state])).toEqual([
      ['task', task.id, 'create', 'triage'],
      ['task', task.id, 'assign', 'assigned'],
    ])
  })

  it('records a refused write too: who tried, and the 403', async () => {
    const res = await viewer.json('POST', '/api/tasks', { from: { post: 'p0' } })
    expect(res.status).toBe(403)
    const [event] = await db.store.audit.events({ limit: 1 })
    expect(event).toMatchObject({ actor: 'viewer', action: 'POST /api/tasks', status: 403 })
  })

  it('records each task write in the audit log with who, what and the address', async () => {
    const task = await newTask()
    const [event] = await db.store.audit.events({ limit: 1 })
    expect(event).toMatchObject({ actor: 'analyst', action: 'POST /api/tasks', target: '/api/tasks', status: 201, details: { task: task.id } })
  })
})
