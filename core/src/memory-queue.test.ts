import { describe, expect, it } from 'vitest'
import { InputError, RetryableError } from './errors.ts'
import { MemoryQueue } from './memory-queue.ts'

describe('in-process queue', () => {
  it('hands every job to the handler once and reports idle when all are done', async () => {
    const queue = new MemoryQueue<number>('t')
    const seen: number[] = []
    queue.process(async (n) => {
      await new Promise((r) => setTimeout(r, 1))
      seen.push(n)
    }, { concurrency: 3 })
    await queue.addBulk([1, 2, 3, 4, 5, 6, 7])
    await queue.idle()
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(queue.counts()).toEqual({ waiting: 0, active: 0, completed: 7, failed: 0 })
  })

  it('keeps jobs added before a handler exists until one does', async () => {
    const queue = new MemoryQueue<string>('t')
    await queue.add('early')
    expect(queue.counts().waiting).toBe(1)
    const seen: string[] = []
    queue.process(async (s) => {
      seen.push(s)
    })
    await queue.idle()
    expect(seen).toEqual(['early'])
  })

  it('tries a retryable failure again but gives up at once on bad input', async () => {
    const queue = new MemoryQueue<string>('t')
    const tries = new Map<string, number>()
    const failed: string[] = []
    queue.process(
      async (job) => {
        const n = (tries.get(job) ?? 0) + 1
        tries.set(job, n)
        if (job === 'flaky' && n < 3) throw new RetryableError('busy')
        if (job === 'bad') throw new InputError('malformed')
      },
      { attempts: 3, onFailed: (job) => failed.push(job) },
    )
    await queue.addBulk(['flaky', 'bad'])
    await queue.idle()
    expect(tries.get('flaky')).toBe(3)
    expect(tries.get('bad')).toBe(1)
    expect(failed).toEqual(['bad'])
    expect(queue.counts()).toMatchObject({ completed: 1, failed: 1 })
  })

  it('lets timers and I/O run between jobs of a long backlog (a regression: webhooks waited for the whole backlog)', async () => {
    const queue = new MemoryQueue<number>('sync')
    let done = 0
    let doneWhenTimerRan = -1
    queue.process(async () => {
      done++
    })
    setTimeout(() => {
      doneWhenTimerRan = done
    }, 0)
    await queue.addBulk(Array.from({ length: 5_000 }, (_, i) => i))
    await queue.idle()
    expect(done).toBe(5_000)
    expect(doneWhenTimerRan).toBeGreaterThanOrEqual(0)
    expect(doneWhenTimerRan).toBeLessThan(5_000)
  })

  it('takes a few hundred thousand jobs in one call (a regression: spreading them overflowed the stack)', async () => {
    const queue = new MemoryQueue<number>('big')
    let sum = 0
    queue.process(async (n) => {
      sum += n
    })
    await queue.addBulk(Array.from({ length: 300_000 }, () => 1))
    await queue.idle()
    expect(sum).toBe(300_000)
    expect(queue.counts()).toMatchObject({ waiting: 0, completed: 300_000 })
  })
})
