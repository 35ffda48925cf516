import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { idempotencyKey } from '@yuqing/core'
import { openSqliteStore, type Store, type Task } from '@yuqing/store'
import { OVERDUE_RULE, remindOverdue } from './overdue.ts'

const created = '2026-11-26T01:00:00.000Z'

function task(id: string, extra: Partial<Task>): Omit<Task, 'version' | 'updatedAt'> {
  return {
    id,
    title: '溪口镇停水',
    state: 'assigned',
    origin: { kind: 'post', id: 'p1' },
    evidence: { text: '溪口镇停水两天了', postIds: ['p1'], urls: [] },
    department: '水务局',
    assignee: '王工',
    dueAt: '2026-11-26T04:00:00.000Z',
    resolution: null,
    publicReply: null,
    rating: null,
    remark: null,
    createdBy: 'li',
    createdAt: created,
    ...extra,
  }
}

describe('overdue task reminders (督办)', () => {
  let dir: string
  let store: Store
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-overdue-'))
    store = openSqliteStore({ file: path.join(dir, 'yuqing.db'), tokenize: (t) => t.split(' ') })
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('queues one reminder per overdue task for every channel, and none again on the next check', async () => {
    await store.tasks.create(task('t1', {}))
    await store.tasks.create(task('t2', { dueAt: '2026-11-27T04:00:00.000Z' }))
    await store.tasks.create(task('t3', { state: 'triage', dueAt: null }))
    const now = new Date('2026-11-26T07:10:00Z')
    const queued = await remindOverdue(store, ['ding'], 'Asia/Shanghai', now)
    expect(queued).toHaveLength(1)
    expect(queued[0]).toMatchObject({ ruleId: OVERDUE_RULE, ruleName: '任务超期督办', event: 'firing', sequence: 1 })
    expect(queued[0]?.summary).toBe('督办：任务「溪口镇停水」（已交办，水务局，王工）已超期约 3 小时。')
    expect((await store.alerts.pendingDeliveries(10)).map((d) => d.key)).toEqual([idempotencyKey(queued[0] ?? { alertId: '', sequence: 1 }, 'ding')])
    expect(await remindOverdue(store, ['ding'], 'Asia/Shanghai', new Date('2026-11-26T08:00:00Z'))).toEqual([])
  })

  it('reminds again when the due time moves and passes, and stops showing a finished task as firing', async () => {
    const created1 = await store.tasks.create(task('t1', {}))
    await remindOverdue(store, [], 'Asia/Shanghai', new Date('2026-11-26T05:00:00Z'))
    await store.tasks.update('t1', created1.version, { dueAt: '2026-11-26T06:00:00.000Z' }, { at: '2026-11-26T05:30:00.000Z', by: 'li' })
    expect(await remindOverdue(store, [], 'Asia/Shanghai', new Date('2026-11-26T05:45:00Z'))).toEqual([])
    expect(await remindOverdue(store, [], 'Asia/Shanghai', new Date('2026-11-26T06:30:00Z'))).toHaveLength(1)

    const current = await store.tasks.task('t1')
    await store.tasks.update('t1', current?.version ?? 0, { state: 'resolved', resolution: '已修复' }, { at: '2026-11-26T07:00:00.000Z', by: 'wang' })
    await remindOverdue(store, [], 'Asia/Shanghai', new Date('2026-11-26T07:05:00Z'))
    expect(await store.alerts.alerts({ state: 'firing' })).toEqual([])
  })
})
