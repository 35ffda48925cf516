import { afterEach, describe, expect, it } from 'vitest'
import { BullQueue } from '@yuqing/core'
import { effectJobs, parseEffectJob } from './effect-job.ts'
import { effectCount, effects, ownRedis, runs, scratch, startWorker, waitUntil } from './harness.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('a Redis restart in the middle of a run', () => {
  it('loses no job: the worker and the producer wait for Redis and carry on', async () => {
    const total = 6000
    const files = scratch()
    cleanups.push(files.remove)
    const redis = await ownRedis()
    cleanups.push(redis.remove)
    await redis.start()
    cleanups.push(() => redis.kill('SIGKILL'))
    const producer = new BullQueue('posts', { redisUrl: redis.url, schema: parseEffectJob, jobId: (job) => job.id })
    cleanups.push(() => producer.close())
    const worker = await startWorker({
      redisUrl: redis.url,
      queue: 'posts',
      effectsDir: files.effectsDir,
      runsFile: files.runsFile,
      concurrency: 8,
      workMs: 1,
      lockMs: 30_000,
      stalledCheckMs: 30_000,
    })
    cleanups.push(async () => {
      worker.kill('SIGKILL')
      await worker.exited
    })

    const [firstHalf, secondHalf] = [effectJobs(total / 2), effectJobs(total / 2, total / 2)]
    await producer.addBulk(firstHalf)
    await waitUntil('a fifth of the effects', () => effectCount(files.effectsDir) >= total / 5)
    // A crash, not a shutdown: only what the append-only file holds survives.
    await redis.kill('SIGKILL')
    const addedWhileDown = producer.addBulk(secondHalf)
    await redis.start()
    await addedWhileDown
    await waitUntil(`${total} effects`, () => effectCount(files.effectsDir) === total, 240_000)
    await producer.idle()

    const stored = effects(files.effectsDir)
    expect(stored.size).toBe(total)
    expect([...stored.keys()].sort()).toEqual([...firstHalf, ...secondHalf].map((job) => job.id).sort())
    expect(new Set(runs(files.runsFile)).size).toBe(total)
    expect(await producer.failedJobs()).toEqual([])
    expect(await producer.refreshCounts()).toEqual({ waiting: 0, active: 0, completed: total, failed: 0 })
  }, 300_000)
})
