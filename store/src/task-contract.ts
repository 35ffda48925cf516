import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreHarness } from './contract.ts'
import type { Store } from './store.ts'
import type { Task } from './task-store.ts'

const createdAt = '2026-11-26T02:00:00.000Z'

function newTask(id: string, extra: Partial<Task> = {}): Omit<Task, 'version' | 'updatedAt'> {
  return {
    id,
    title: '溪口镇停水',
    state: 'triage',
    origin: { kind: 'post', id: 'p1' },
    evidence: { text: '溪口镇停水两天了', postIds: ['p1'], urls: ['http://forum.test/t/p1'] },
    department: null,
    assignee: null,
    dueAt: null,
    resolution: null,
    publicReply: null,
    rating: null,
    remark: null,
    createdBy: 'li',
    createdAt,
    ...extra,
  }
}

const by = (at: string, name = 'li') => ({ at, by: name })

/** The behaviour of every store's tasks, accounts and audit log. */
export function taskStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} task store contract`, () => {
    let store: Store
    beforeEach(async () => {
      store = await harness.open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('creates a task at version 1 with its creation in the history', async () => {
      const task = await store.tasks.create(newTask('t1'))
      expect(task).toMatchObject({ id: 't1', state: 'triage', version: 1, updatedAt: createdAt })
      expect(await store.tasks.task('t1')).toEqual(task)
      expect(await store.tasks.history('t1')).toEqual([expect.objectContaining({ kind: 'created', to: 'triage', by: 'li', at: createdAt })])
      expect(await store.tasks.task('nope')).toBeUndefined()
    })

    it('applies a change made against the current version and records the step', async () => {
      await store.tasks.create(newTask('t1'))
      const change = { state: 'assigned' as const, department: '水务局', assignee: 'wang', dueAt: '2026-11-27T02:00:00.000Z' }
      const result = await store.tasks.update('t1', 1, change, by('2026-11-26T03:00:00.000Z'))
      expect(result).toEqual({ task: expect.objectContaining({ ...change, version: 2, updatedAt: '2026-11-26T03:00:00.000Z' }) })
      const history = await store.tasks.history('t1')
      expect(history.map((e) => [e.kind, e.from, e.to])).toEqual([
        ['created', null, 'triage'],
        ['transition', 'triage', 'assigned'],
      ])
      expect(history[1]?.changes).toEqual(change)
    })

    it('refuses a change made against an older version and returns the current task', async () => {
      await store.tasks.create(newTask('t1'))
      await store.tasks.update('t1', 1, { state: 'assigned', assignee: 'wang' }, by('2026-11-26T03:00:00.000Z'))
      const stale = await store.tasks.update('t1', 1, { state: 'assigned', assignee: 'zhao' }, by('2026-11-26T03:01:00.000Z', 'zhang'))
      expect(stale).toEqual({ conflict: expect.objectContaining({ assignee: 'wang', version: 2 }) })
      expect((await store.tasks.task('t1'))?.assignee).toBe('wang')
      expect(await store.tasks.history('t1')).toHaveLength(2)
      expect(await store.tasks.update('nope', 1, { state: 'assigned' }, by(createdAt))).toBeUndefined()
    })

    it('keeps comments in the history in order without changing the version', async () => {
      await store.tasks.create(newTask('t1'))
      const comment = await store.tasks.comment('t1', by('2026-11-26T02:30:00.000Z', 'wang'), '已联系自来水公司')
      expect(comment).toMatchObject({ kind: 'comment', by: 'wang', comment: '已联系自来水公司' })
      expect((await store.tasks.task('t1'))?.version).toBe(1)
      expect((await store.tasks.history('t1')).map((e) => e.kind)).toEqual(['created', 'comment'])
      expect(await store.tasks.comment('nope', by(createdAt), 'x')).toBeUndefined()
    })

    it('lists tasks newest first, filtered by state and assignee', async () => {
      await store.tasks.create(newTask('t1'))
      await store.tasks.create(newTask('t2', { createdAt: '2026-11-26T05:00:00.000Z' }))
      await store.tasks.update('t1', 1, { state: 'assigned', assignee: 'wang' }, by('2026-11-26T06:00:00.000Z'))
      expect((await store.tasks.tasks({})).items.map((t) => t.id)).toEqual(['t2', 't1'])
      expect(await store.tasks.tasks({ state: 'assigned' })).toEqual({ total: 1, items: [expect.objectContaining({ id: 't1' })] })
      expect((await store.tasks.tasks({ assignee: 'wang' })).items.map((t) => t.id)).toEqual(['t1'])
      expect(await store.tasks.tasks({ limit: 1, offset: 1 })).toEqual({ total: 2, items: [expect.objectContaining({ id: 't1' })] })
    })

    it('lists the tasks opened from one post or alert', async () => {
      await store.tasks.create(newTask('first'))
      await store.tasks.create(newTask('again', { createdAt: '2026-11-26T05:00:00.000Z' }))
      await store.tasks.create(newTask('other', { origin: { kind: 'post', id: 'p2' } }))
      await store.tasks.create(newTask('alerted', { origin: { kind: 'alert', id: 'p1' } }))
      expect((await store.tasks.tasks({ origin: { kind: 'post', id: 'p1' } })).items.map((t) => t.id)).toEqual(['again', 'first'])
      expect((await store.tasks.tasks({ origin: { kind: 'alert', id: 'p1' } })).items.map((t) => t.id)).toEqual(['alerted'])
      expect(await store.tasks.tasks({ origin: { kind: 'post', id: 'p9' } })).toEqual({ total: 0, items: [] })
    })

    it('filters tasks by department, with the other filters, and names every department and assignee in use', async () => {
      expect(await store.tasks.owners()).toEqual({ departments: [], assignees: [] })
      await store.tasks.create(newTask('water', { state: 'assigned', department: '水务局', assignee: 'wang' }))
      await store.tasks.create(newTask('pipe', { state: 'in_progress', department: '水务局', assignee: 'zhao', createdAt: '2026-11-26T03:00:00.000Z' }))
      await store.tasks.create(newTask('road', { state: 'assigned', department: '交通运输局', assignee: 'wang', createdAt: '2026-11-26T04:00:00.000Z' }))
      await store.tasks.create(newTask('new', { createdAt: '2026-11-26T05:00:00.000Z' }))
      expect(await store.tasks.tasks({ department: '水务局' })).toEqual({ total: 2, items: [expect.objectContaining({ id: 'pipe' }), expect.objectContaining({ id: 'water' })] })
      expect((await store.tasks.tasks({ department: '水务局', assignee: 'wang' })).items.map((t) => t.id)).toEqual(['water'])
      expect((await store.tasks.tasks({ department: '交通运输局', state: 'in_progress' })).total).toBe(0)
      expect(await store.tasks.owners()).toEqual({ departments: ['交通运输局', '水务局'], assignees: ['wang', 'zhao'] })
    })

    it('finds open tasks past their due time, most overdue first, and leaves resolved ones out', async () => {
      await store.tasks.create(newTask('late', { state: 'assigned', dueAt: '2026-11-26T04:00:00.000Z' }))
      await store.tasks.create(newTask('later', { state: 'in_progress', dueAt: '2026-11-26T05:00:00.000Z' }))
      await store.tasks.create(newTask('done', { state: 'resolved', dueAt: '2026-11-26T01:00:00.000Z' }))
      await store.tasks.create(newTask('future', { state: 'assigned', dueAt: '2026-11-27T04:00:00.000Z' }))
      await store.tasks.create(newTask('undated', { state: 'assigned' }))
      const overdue = await store.tasks.overdueTasks(new Date('2026-11-26T06:00:00.000Z'))
      expect(overdue.map((t) => t.id)).toEqual(['late', 'later'])
    })

    it('keeps users with their password hash, one per name, and knows whether an admin exists', async () => {
      expect(await store.accounts.hasAdmin()).toBe(false)
      const li = await store.accounts.addUser({ id: 'u1', name: 'li', role: 'analyst', passwordHash: 'scrypt$x', createdAt })
      expect(li).toEqual({ id: 'u1', name: 'li', role: 'analyst', createdAt })
      expect(await store.accounts.addUser({ id: 'u2', name: 'li', role: 'admin', passwordHash: 'scrypt$y', createdAt })).toBeUndefined()
      expect(await store.accounts.hasAdmin()).toBe(false)
      await store.accounts.addUser({ id: 'u3', name: 'admin', role: 'admin', passwordHash: 'scrypt$z', createdAt })
      expect(await store.accounts.hasAdmin()).toBe(true)
      expect(await store.accounts.userByName('li')).toEqual({ ...li, passwordHash: 'scrypt$x' })
      expect(await store.accounts.user('u3')).toMatchObject({ name: 'admin', role: 'admin' })
      expect((await store.accounts.users()).map((u) => u.name)).toEqual(['admin', 'li'])
    })

    it('finds a session with its user until it expires or is removed', async () => {
      await store.accounts.addUser({ id: 'u1', name: 'li', role: 'viewer', passwordHash: 'h', createdAt })
      const session = { tokenHash: 'abc', userId: 'u1', csrfToken: 'csrf', createdAt, expiresAt: '2026-11-26T14:00:00.000Z' }
      await store.accounts.addSession(session)
      expect(await store.accounts.session('abc', new Date('2026-11-26T13:59:00Z'))).toEqual({ session, user: expect.objectContaining({ name: 'li' }) })
      expect(await store.accounts.session('abc', new Date('2026-11-26T14:00:00Z'))).toBeUndefined()
      expect(await store.accounts.session('other', new Date(createdAt))).toBeUndefined()
      await store.accounts.removeSession('abc')
      expect(await store.accounts.session('abc', new Date(createdAt))).toBeUndefined()
    })

    it('appends audit events and reads them newest first, by actor and page', async () => {
      const event = { at: createdAt, action: 'login', target: 'li', address: '10.0.0.5', status: 200, details: null }
      await store.audit.append({ ...event, actor: 'li' })
      await store.audit.append({ ...event, actor: null, action: 'login_failed', status: 401 })
      await store.audit.append({ ...event, actor: 'li', action: 'POST /api/tasks', target: 't1', details: { title: '停水' } })
      const all = await store.audit.events({})
      expect(all.map((e) => e.action)).toEqual(['POST /api/tasks', 'login_failed', 'login'])
      expect(all[0]?.details).toEqual({ title: '停水' })
      expect((await store.audit.events({ actor: 'li' })).map((e) => e.action)).toEqual(['POST /api/tasks', 'login'])
      const older = await store.audit.events({ before: all[0]?.seq, limit: 1 })
      expect(older.map((e) => e.action)).toEqual(['login_failed'])
    })

    if (harness.reopen) {
      const reopen = harness.reopen
      it('keeps tasks, users and the audit log across a restart', async () => {
        await store.tasks.create(newTask('t1'))
        await store.accounts.addUser({ id: 'u1', name: 'li', role: 'admin', passwordHash: 'h', createdAt })
        await store.audit.append({ at: createdAt, actor: 'li', action: 'login', target: 'li', address: '::1', status: 200, details: null })
        await store.close()
        store = await reopen()
        expect((await store.tasks.task('t1'))?.version).toBe(1)
        expect(await store.accounts.hasAdmin()).toBe(true)
        expect(await store.audit.events({})).toHaveLength(1)
      })
    }
  })
}
