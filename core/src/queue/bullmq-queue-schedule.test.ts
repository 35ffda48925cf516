import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { BullQueue } from './bullmq-queue.ts'

const redisUrl = 'redis://127.0.0.1:6379'
const CrawlJob = z.object({ source: z.string() })
type CrawlJob = z.infer<typeof CrawlJob>
const queues: BullQueue<CrawlJob>[] = []

afterEach(async () => {
  await Promise.all(queues.slice(1).map((queue) => queue.close()))
  await queues[0]?.obliterate()
  queues.length = 0
})

describe('BullMQ queue schedules', () => {
  it('keeps one schedule per id however many processes declare it, and adds its job each interval', async () => {
    const name = `test-${randomUUID().slice(0, 8)}`
    // Two crawl processes both declare the schedule of the same source.
    const [a, b] = [new BullQueue(name, { redisUrl, schema: CrawlJob }), new BullQueue(name, { redisUrl, schema: CrawlJob })]
    queues.push(a, b)
    await a.schedule('source:county-forum', 300, { source: 'county-forum' })
    await b.schedule('source:county-forum', 300, { source: 'county-forum' })
    expect(await a.schedules()).toEqual([{ id: 'source:county-forum', everyMs: 300 }])

    const crawled: string[] = []
    a.process(async (job) => {
      crawled.push(job.source)
    })
    await expect.poll(() => crawled.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    expect(new Set(crawled)).toEqual(new Set(['county-forum']))

    await b.schedule('source:county-forum', 60_000, { source: 'county-forum' })
    expect(await a.schedules()).toEqual([{ id: 'source:county-forum', everyMs: 60_000 }])
    await b.unschedule('source:county-forum')
    expect(await a.schedules()).toEqual([])
  })
})
