import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { BullQueue } from '@yuqing/core'
import { effectJobs, parseEffectJob, type WorkerArgs } from './effect-job.ts'
import { effectCount, effects, runs, scratch, startWorker, waitUntil, type WorkerProcess } from './harness.ts'

const redisUrl = 'redis://127.0.0.1:6379'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A queue of the test's own on the machine's Redis, its folder, and the worker arguments for both. */
function setUp(overrides: Partial<WorkerArgs> = {}) {
  const files = scratch()
  const name = `scaled-${randomUUID().slice(0, 8)}`
  const producer = new BullQueue(name, { redisUrl, schema: parseEffectJob, jobId: (job) => job.id })
  cleanups.push(files.remove, () => producer.obliterate())
  const args: WorkerArgs = {
    redisUrl,
    queue: name,
    effectsDir: files.effectsDir,
    runsFile: files.runsFile,
    concurrency: 8,
    workMs: 1,
    lockMs: 30_000,
    stalledCheckMs: 30_000,
    ...overrides,
  }
  return { producer, files, args }
}

async function worker(args: WorkerArgs): Promise<WorkerProcess> {
  const started = await startWorker(args)
  cleanups.push(async () => {
    started.kill('SIGKILL')
    await started.exited
  })
  return started
}

describe('worker processes on one BullMQ queue', () => {
  it('share the work and do each job once, then stop gracefully on SIGTERM', async () => {
    const { producer, files, args } = setUp()
    const workers = [await worker(args), await worker(args)]
    await producer.addBulk(effectJobs(2000))
    await waitUntil('2,000 effects', () => effectCount(files.effectsDir) === 2000)
    await producer.idle()

    const stored = effects(files.effectsDir)
    expect([...stored.keys()].sort()).toEqual(effectJobs(2000).map((job) => job.id).sort())
    for (const { pid } of workers) expect([...stored.values()].filter((p) => p === pid).length).toBeGreaterThan(0)
    // Nobody died, so nothing was redelivered: each job ran exactly once.
    expect(runs(files.runsFile)).toHaveLength(2000)
    expect(await producer.refreshCounts()).toEqual({ waiting: 0, active: 0, completed: 2000, failed: 0 })

    for (const w of workers) w.kill('SIGTERM')
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0])
  })

  it('lose nothing and store nothing twice when a worker is killed with -9 halfway through', async () => {
    const total = 20_000
    // Short locks so that the jobs the killed worker held are handed on within seconds.
    const { producer, files, args } = setUp({ lockMs: 2000, stalledCheckMs: 500 })
    await producer.addBulk(effectJobs(total))
    const first = await worker(args)
    await waitUntil('half the effects', () => effectCount(files.effectsDir) >= total / 2)
    first.kill('SIGKILL')
    await first.exited
    // The dead worker's jobs are still active in Redis, locked until their locks expire.
    const atKill = await producer.refreshCounts()
    expect(atKill.active).toBeGreaterThan(0)
    expect(atKill.completed).toBeLessThan(total)

    const second = await worker(args)
    await waitUntil(`${total} effects`, () => effectCount(files.effectsDir) === total, 240_000)
    await producer.idle()

    const stored = effects(files.effectsDir)
    expect(stored.size).toBe(total)
    expect([...stored.keys()].sort()).toEqual(effectJobs(total).map((job) => job.id).sort())
    expect(new Set(stored.values())).toEqual(new Set([first.pid, second.pid]))
    // At least once: a job whose handler ran before the kill may have run again after it.
    const handled = runs(files.runsFile)
    expect(new Set(handled).size).toBe(total)
    expect(handled.length).toBeGreaterThanOrEqual(total)
    expect(await producer.failedJobs()).toEqual([])
    expect(await producer.refreshCounts()).toEqual({ waiting: 0, active: 0, completed: total, failed: 0 })
  }, 300_000)
})
