import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BullQueue, InputError, RawPost } from '@yuqing/core'
import { addRoleUsers, openTestStore, signIn, testApp, type TestStore } from './test-kit.ts'

/** A queue of its own on the local Redis (database 9), as the scaled-out posts queue is. */
const REDIS_URL = 'redis://127.0.0.1:6379/9'

describe('dead letters of the shared queue', () => {
  let t: TestStore
  let queue: BullQueue<RawPost>
  const tries = new Map<string, number>()

  beforeAll(async () => {
    t = await openTestStore()
    await addRoleUsers(t.store)
    await new BullQueue<RawPost>('dead-letter-test', { redisUrl: REDIS_URL, schema: RawPost }).obliterate()
    queue = new BullQueue<RawPost>('dead-letter-test', { redisUrl: REDIS_URL, schema: RawPost, jobId: (p) => p.id })
    queue.process(async (post) => {
      tries.set(post.id, (tries.get(post.id) ?? 0) + 1)
      throw new InputError('the analyzer refused it', { where: post.id })
    })
    await queue.add({ id: 'broken-1', source: 'forum', content: '坏帖子', fetchedAt: '2026-11-26T00:00:00.000Z' })
    for (let i = 0; (await queue.failedJobs(10)).length === 0; i++) {
      if (i > 1200) throw new Error('gave up waiting for the broken job to fail')
      await new Promise((r) => setTimeout(r, 25))
    }
  })
  afterAll(async () => {
    await queue.obliterate()
    await t.close()
  })

  it('lists what failed for good with its error, and puts a job back on request (admins only)', async () => {
    const app = testApp(t.store, { deadLetters: { list: (limit) => queue.failedJobs(limit), retry: (id) => queue.retryFailed(id) } })
    const admin = await signIn(app, 'admin')
    const listed = await admin.json<{ items: { id: string; error: string; data: { id: string } }[] }>('GET', '/api/queue/dead-letters')
    expect(listed.status).toBe(200)
    expect(listed.body.items).toHaveLength(1)
    expect(listed.body.items[0]?.error).toContain('the analyzer refused it')
    expect(listed.body.items[0]?.data.id).toBe('broken-1')

    const id = listed.body.items[0]?.id ?? ''
    expect((await admin.json('POST', `/api/queue/dead-letters/${encodeURIComponent(id)}/retry`)).status).toBe(200)
    await expect.poll(() => tries.get('broken-1'), { timeout: 30_000 }).toBe(2)
    expect((await admin.json('POST', '/api/queue/dead-letters/no-such-job/retry')).status).toBe(404)

    const analyst = await signIn(app, 'analyst')
    expect((await analyst.request('/api/queue/dead-letters')).status).toBe(403)
  })

  it('says there is no shared queue when the deployment has none', async () => {
    const admin = await signIn(testApp(t.store), 'admin')
    const res = await admin.json<{ error: { code: string } }>('GET', '/api/queue/dead-letters')
    expect([res.status, res.body.error.code]).toEqual([503, 'no_shared_queue'])
  })
})
