import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@yuqing/api'
import { dayOf, type HotWord } from '@yuqing/core'
import type { PostPage } from '@yuqing/store'
import { startDeployment, type Deployment } from './harness.ts'

describe('from crawl to the hot-word board', () => {
  let deployment: Deployment
  beforeAll(async () => {
    deployment = await startDeployment()
  })
  afterAll(async () => {
    await deployment.close()
  })

  it('crawls the demo forum, analyses and stores every thread, and ranks today’s words', async () => {
    const [report] = await deployment.pipeline.crawlAll()
    expect(report).toMatchObject({ queued: deployment.forum.size, failures: [] })
    expect(deployment.pipeline.status()).toMatchObject({ postsStored: deployment.forum.size, queued: 0, crawling: false })

    const { runtime } = deployment
    const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone })
    const today = dayOf(new Date(), runtime.config.timezone)
    const board = (await (await app.request('/api/hotwords?top=10')).json()) as { day: string; items: HotWord[] }
    expect(board.day).toBe(today)
    // The bridge closure is the story of the demo's day: nine threads about it today.
    const bridge = board.items.find((w) => w.term === '青溪大桥')
    expect(bridge).toBeDefined()
    expect(bridge?.count).toBeGreaterThanOrEqual(5)
    expect(bridge?.negativeShare).toBeGreaterThan(0)

    const behind = (await (await app.request(`/api/posts?term=${encodeURIComponent('青溪大桥')}&day=${today}`)).json()) as PostPage
    expect(behind.total).toBe(bridge?.count)
    expect(behind.items.every((p) => p.url?.startsWith(deployment.forum.url))).toBe(true)
  })

  it('stores nothing twice when the sources are crawled again', async () => {
    const before = await deployment.runtime.store.days()
    const [again] = await deployment.pipeline.crawlAll()
    expect(again).toMatchObject({ queued: 0, postPages: 0, listPages: 1 })
    expect(await deployment.runtime.store.days()).toEqual(before)
  })
})
