import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { surelyNegative } from '@yuqing/analyzer'
import { createApp } from '@yuqing/api'
import { dayOf, type HotWord } from '@yuqing/core'
import type { PostPage } from '@yuqing/store'
import { addViewer, sessionCookie, startDeployment, type Deployment } from './harness.ts'

describe('from crawl to the hot-word board', () => {
  let deployment: Deployment
  let cookie = ''
  beforeAll(async () => {
    deployment = await startDeployment()
    await addViewer(deployment)
    const { runtime } = deployment
    cookie = await sessionCookie(createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone }))
  })
  afterAll(async () => {
    await deployment.close()
  })

  it('crawls the demo forum and news feed, analyses and stores every thread and item, and ranks today’s words', async () => {
    const [forum, news] = await deployment.pipeline.crawlAll()
    expect(forum).toMatchObject({ queued: deployment.forum.size, failures: [] })
    expect(news).toMatchObject({ queued: deployment.forum.newsSize, failures: [] })
    expect(deployment.pipeline.status()).toMatchObject({ postsStored: deployment.forum.size + deployment.forum.newsSize, queued: 0, crawling: false })

    const { runtime } = deployment
    const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone })
    const today = dayOf(new Date(), runtime.config.timezone)
    const board = (await (await app.request('/api/hotwords?top=10', { headers: { cookie } })).json()) as { day: string; items: HotWord[] }
    expect(board.day).toBe(today)
    // The bridge closure is the story of the demo's day: nine threads about it today.
    const bridge = board.items.find((w) => w.term === '青溪大桥')
    expect(bridge).toBeDefined()
    expect(bridge?.count).toBeGreaterThanOrEqual(5)
    expect(bridge?.negativeShare).toBeGreaterThan(0)

    const behind = (await (await app.request(`/api/posts?term=${encodeURIComponent('青溪大桥')}&day=${today}`, { headers: { cookie } })).json()) as PostPage
    expect(behind.total).toBe(bridge?.count)
    expect(behind.items.every((p) => p.url?.startsWith(deployment.forum.url))).toBe(true)
  })

  it('finds today’s rising terms against the days before, and groups them into topics', async () => {
    const { runtime } = deployment
    const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone })
    const trends = (await (await app.request('/api/trends?top=20', { headers: { cookie } })).json()) as {
      items: { term: string; count: number; baseline: number; isNew: boolean; samplePostIds: string[] }[]
    }
    // The incinerator planned at 白沙镇 grew from a notice or two a day to ten posts today.
    const incinerator = trends.items.find((t) => t.term === '白沙镇')
    expect(incinerator).toBeDefined()
    expect(incinerator?.count).toBe(10)
    expect(incinerator?.count).toBeGreaterThan(2 * (incinerator?.baseline ?? Infinity))
    expect(incinerator?.samplePostIds.length).toBeGreaterThan(0)

    const topics = (await (await app.request('/api/topics', { headers: { cookie } })).json()) as {
      items: { terms: string[]; negativeShare: number; representativePostId: string; postIds: string[] }[]
    }
    expect(topics.items.length).toBeGreaterThan(0)
    // Negative first: by the share their posts make sure of (3 of 3 counts for less than 10 of 13).
    const sureness = topics.items.map((t) => surelyNegative(Math.round(t.negativeShare * t.postIds.length), t.postIds.length))
    expect(sureness).toEqual([...sureness].sort((a, b) => b - a))
    for (const topic of topics.items) expect(topic.postIds).toContain(topic.representativePostId)
    expect(topics.items.some((t) => t.terms.includes('青溪大桥'))).toBe(true)

    // The incinerator planned at 白沙镇 grew day after day (its threads and notices: none three
    // days ago, then 1, 4 and 10 of each day's posts): the home page's steadily rising terms.
    const home = (await (await app.request('/api/home', { headers: { cookie } })).json()) as { rising: { term: string; counts: number[]; rises: number }[] }
    expect(home.rising.find((r) => r.term === '白沙镇')).toMatchObject({ counts: [0, 0, 0, 0, 1, 4, 10], rises: 3 })
  })

  it('stores nothing twice when the sources are crawled again', async () => {
    const before = await deployment.runtime.store.days()
    const [again] = await deployment.pipeline.crawlAll()
    expect(again).toMatchObject({ queued: 0, postPages: 0, listPages: 1 })
    expect(await deployment.runtime.store.days()).toEqual(before)
  })
})
