import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { InputError, RetryableError } from '../errors.ts'
import { BullQueue, encodeJobId, type BullQueueOptions } from './bullmq-queue.ts'

// The Redis server of this machine; every test works in queues of its own and deletes them after.
const redisUrl = 'redis://127.0.0.1:6379'
const Post = z.object({ id: z.string(), n: z.number() })
type Post = z.infer<typeof Post>

const opened: BullQueue<unknown>[] = []
const names: string[] = []

function uniqueName(): string {
  const name = `test-${randomUUID().slice(0, 8)}`
  names.push(name)
  return name
}

function open<T = Post>(name: string, options: Partial<BullQueueOptions<T>> = {}): BullQueue<T> {
  const queue = new BullQueue<T>(name, { redisUrl, schema: Post as unknown as z.ZodType<T>, jobId: (job) => (job as Post).id, ...options })
  opened.push(queue as BullQueue<unknown>)
  return queue
}

function posts(count: number): Post[] {
  return Array.from({ length: count }, (_, i) => ({ id: `p${i}`, n: i }))
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()))
  await Promise.all(names.splice(0).map((name) => new BullQueue(name, { redisUrl, schema: z.unknown() }).obliterate()))
})

describe('BullMQ queue', () => {
  it('hands each job to exactly one of two workers sharing the queue', async () => {
    const name = uniqueName()
    const seenBy = new Map<string, string[]>()
    for (const worker of ['a', 'b']) {
      open(name).process(
        async (post) => {
          await new Promise((resolve) => setTimeout(resolve, 1))
          seenBy.set(post.id, [...(seenBy.get(post.id) ?? []), worker])
        },
        { concurrency: 4 },
      )
    }
    const producer = open(name)
    await producer.addBulk(posts(300))
    await producer.idle()

    expect(seenBy.size).toBe(300)
    expect([...seenBy.values()].every((workers) => workers.length === 1)).toBe(true)
    const perWorker = [...seenBy.values()].flat()
    expect(perWorker.filter((w) => w === 'a').length).toBeGreaterThan(0)
    expect(perWorker.filter((w) => w === 'b').length).toBeGreaterThan(0)
    expect(await producer.refreshCounts()).toEqual({ waiting: 0, active: 0, completed: 300, failed: 0 })
    expect(producer.counts()).toEqual({ waiting: 0, active: 0, completed: 300, failed: 0 })
  })

  it('keeps one job for an id queued twice, also after that job completed', async () => {
    const queue = open(uniqueName())
    await queue.add({ id: 'same', n: 1 })
    await queue.addBulk([{ id: 'same', n: 2 }, { id: '42', n: 3 }, { id: 'a:b', n: 4 }])
    expect((await queue.refreshCounts()).waiting).toBe(3)

    const handled: Post[] = []
    queue.process(async (post) => {
      handled.push(post)
    })
    await queue.idle()
    await queue.add({ id: 'same', n: 5 })
    await queue.idle()

    // The first data wins; ids BullMQ would refuse (an integer, a colon) are escaped, not rejected.
    expect(handled.map((p) => p.n).sort()).toEqual([1, 3, 4])
    expect(encodeJobId('42')).not.toBe('42')
    expect(encodeJobId('a:b')).not.toContain(':')
  })

  it('retries a RetryableError after a delay, then succeeds', async () => {
    const queue = open(uniqueName(), { retryDelayMs: 500 })
    let tries = 0
    let firstFailure: () => void = () => {}
    const failedOnce = new Promise<void>((resolve) => (firstFailure = resolve))
    queue.process(
      async () => {
        tries++
        if (tries === 1) firstFailure()
        if (tries < 3) throw new RetryableError('database busy')
      },
      { attempts: 4 },
    )
    await queue.add({ id: 'flaky', n: 1 })
    await failedOnce
    // Between tries the job waits in BullMQ's delayed set instead of being retried at once.
    await expect.poll(async () => (await queue.refreshCounts()).waiting).toBe(1)
    await queue.idle()

    expect(tries).toBe(3)
    expect(await queue.refreshCounts()).toMatchObject({ completed: 1, failed: 0 })
    expect(await queue.failedJobs()).toEqual([])
  })

  it('fails a non-retryable error at once and shows it in the dead letters', async () => {
    const queue = open(uniqueName())
    const tries = new Map<string, number>()
    const onFailed: string[] = []
    queue.process(
      async (post) => {
        tries.set(post.id, (tries.get(post.id) ?? 0) + 1)
        if (post.id === 'bad') throw new InputError('no text in post', { where: 'https://bbs.example.cn/t/1' })
        throw new RetryableError('HTTP 503')
      },
      { attempts: 2, onFailed: (post) => onFailed.push(post.id) },
    )
    await queue.addBulk([{ id: 'bad', n: 1 }, { id: 'busy', n: 2 }])
    await queue.idle()

    expect(tries).toEqual(new Map([['bad', 1], ['busy', 2]]))
    expect(onFailed.sort()).toEqual(['bad', 'busy'])
    const dead = await queue.failedJobs(10)
    expect(dead.map((d) => d.id).sort()).toEqual([encodeJobId('bad'), encodeJobId('busy')])
    const bad = dead.find((d) => d.id === encodeJobId('bad'))
    expect(bad).toMatchObject({ data: { id: 'bad', n: 1 }, error: 'InputError: https://bbs.example.cn/t/1: no text in post', attempts: 1 })
    expect(new Date(bad?.failedAt ?? '').getTime()).not.toBeNaN()
    expect(dead.find((d) => d.id === encodeJobId('busy'))).toMatchObject({ error: 'RetryableError: HTTP 503 (after 2 attempts)', attempts: 2 })
    expect(queue.counts().failed).toBe(2)
  })

  it('sends malformed job data to the dead letters naming the field, and goes on with the next job', async () => {
    const name = uniqueName()
    // Another producer (say, an older version) that does not hold to the schema.
    const careless = open<unknown>(name, { schema: z.unknown(), jobId: undefined })
    await careless.addBulk([{ id: 'm', n: 'three' }, 'not even an object', { id: 'ok', n: 3 }])

    const queue = open(name)
    const handled: string[] = []
    queue.process(async (post) => {
      handled.push(post.id)
    })
    await queue.idle()

    expect(handled).toEqual(['ok'])
    const errors = (await queue.failedJobs()).map((d) => d.error).sort()
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^invalid job data: \(the job\): .*expected object/)
    expect(errors[1]).toMatch(/^invalid job data: n: .*expected number/)
  })

  it('puts a dead letter back in the queue on retryFailed', async () => {
    const queue = open(uniqueName())
    let broken = true
    const stored: string[] = []
    queue.process(async (post) => {
      if (broken) throw new InputError('store refused the post')
      stored.push(post.id)
    })
    await queue.add({ id: 'p1', n: 1 })
    await queue.idle()
    const [dead] = await queue.failedJobs()
    expect(dead?.id).toBe(encodeJobId('p1'))

    broken = false
    await queue.retryFailed(dead?.id ?? '')
    await queue.idle()

    expect(stored).toEqual(['p1'])
    expect(await queue.failedJobs()).toEqual([])
    await expect(queue.retryFailed(dead?.id ?? '')).rejects.toThrow(/job is completed, not failed/)
    await expect(queue.retryFailed('k-nothing')).rejects.toThrow(new RegExp(`queue ${queue.name}, job k-nothing: no such job`))
  })

  it('lets the running job finish on close and leaves the waiting ones in Redis', async () => {
    const name = uniqueName()
    const queue = open(name)
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let started: () => void = () => {}
    const running = new Promise<void>((resolve) => (started = resolve))
    const finished: string[] = []
    queue.process(async (post) => {
      started()
      await gate
      finished.push(post.id)
    })
    await queue.addBulk(posts(3))
    await running
    const closed = queue.close().then(() => finished.length)
    release()

    expect(await closed).toBe(1)
    const after = open(name)
    expect(await after.refreshCounts()).toEqual({ waiting: 2, active: 0, completed: 1, failed: 0 })
  })
})
