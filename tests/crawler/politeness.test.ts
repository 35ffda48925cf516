import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { USER_AGENT, type Source } from '@yuqing/crawler'
import { startFixtureSite, type FixtureSite } from '../fixture-site/server.ts'
import { crawl, loadExample } from './harness.ts'

describe('crawling politely and incrementally', () => {
  let site: FixtureSite
  let forum: Source
  beforeAll(async () => {
    site = await startFixtureSite({ forumThreads: 30, forumPageSize: 3 })
    forum = { ...loadExample('discuz-forum.yaml', site.url), maxPages: 20, headers: { cookie: 'visitor=granted' } }
  })
  afterAll(async () => {
    await site.close()
  })

  it('names the project in its user agent, sends the source’s headers and keeps to two requests per host', async () => {
    const { report } = await crawl(forum, { maxConcurrency: 2 })
    expect(report).toMatchObject({ listPages: 10, postPages: 30, queued: 30, failures: [] })
    expect(USER_AGENT).toMatch(/^yuqing\/\S+ \(/)
    expect(site.headersOf('/robots.txt')?.['user-agent']).toBe(USER_AGENT)
    expect(site.headersOf('/thread-1001-1-1.html')).toMatchObject({ 'user-agent': USER_AGENT, cookie: 'visitor=granted' })
    expect(site.maxInFlight()).toBeLessThanOrEqual(2)
  })

  it('fetches no stored post again and stops paging at the first page holding only stored posts', async () => {
    const first = await crawl({ ...forum, maxPages: 1 })
    const before = { page2: site.hits('/forum-2-2.html'), page3: site.hits('/forum-2-3.html'), thread: site.hits('/thread-1006-1-1.html') }
    // Stored: the three threads of page 1.
    const stored = new Set(first.posts.map((p) => p.id))
    const again = await crawl(forum, { knownPostIds: async (ids) => new Set(ids.filter((id) => stored.has(id))) })
    expect(again.report).toMatchObject({ listPages: 1, postPages: 0, queued: 0, known: 3 })
    expect(site.hits('/forum-2-2.html')).toBe(before.page2)
    expect(site.hits('/thread-1006-1-1.html')).toBe(before.thread)

    const page2Known = await crawl({ ...forum, maxPages: 2 })
    const known = new Set(page2Known.posts.map((p) => p.id))
    const newestOnly = await crawl(forum, { knownPostIds: async (ids) => new Set(ids.filter((id) => known.has(id) && !stored.has(id))) })
    // Stored now: only page 2's threads. Page 1 brings new posts, page 2 none: page 3 is never read.
    expect(newestOnly.report).toMatchObject({ listPages: 2, postPages: 3, queued: 3 })
    expect(site.hits('/forum-2-3.html')).toBe(before.page3)
  })
})
