import { describe, expect, it } from 'vitest'
import type { CrawlReport } from '@yuqing/crawler'
import { crawlRunOf } from './crawl-health.ts'

const at = new Date('2026-11-26T02:00:00Z')
const done = new Date('2026-11-26T02:00:07Z')
const report = (extra: Partial<CrawlReport>): CrawlReport => ({ source: 'forum', listPages: 2, postPages: 10, queued: 8, known: 2, failures: [], skipped: [], ...extra })

describe('a crawl as source health keeps it', () => {
  it('tells ok from partial, empty and failed, and names what went wrong first', () => {
    expect(crawlRunOf({ id: 'forum', name: '某县论坛' }, at, done, 600_000, report({}))).toEqual({
      source: 'forum',
      name: '某县论坛',
      startedAt: '2026-11-26T02:00:00.000Z',
      finishedAt: '2026-11-26T02:00:07.000Z',
      status: 'ok',
      listPages: 2,
      postPages: 10,
      queued: 8,
      known: 2,
      failures: 0,
      skipped: 0,
      problem: null,
      intervalMs: 600_000,
    })
    const slow = { url: 'http://forum.test/t/9', reason: 'timed out after 20000 ms' }
    expect(crawlRunOf({ id: 'forum', name: '某县论坛' }, at, done, 600_000, report({ failures: [slow, { url: 'http://forum.test/t/10', reason: 'HTTP 500' }] }))).toMatchObject({
      status: 'partial',
      failures: 2,
      problem: 'http://forum.test/t/9: timed out after 20000 ms',
    })
    // Nothing new and nothing known: the list pages no longer lead to posts.
    expect(crawlRunOf({ id: 'forum', name: '某县论坛' }, at, done, 600_000, report({ postPages: 0, queued: 0, known: 0 }))).toMatchObject({ status: 'empty', problem: expect.stringContaining('selectors') })
    // Kept out by robots.txt: no list page read, and the reason is the skip's.
    const robots = { url: 'http://forum.test/list', reason: 'robots.txt disallows it' }
    expect(crawlRunOf({ id: 'forum', name: '某县论坛' }, at, done, 600_000, report({ listPages: 0, postPages: 0, queued: 0, known: 0, skipped: [robots] }))).toMatchObject({
      status: 'failed',
      skipped: 1,
      problem: 'http://forum.test/list: robots.txt disallows it',
    })
  })

  it('records a crawl that threw as failed, with the error’s message', () => {
    expect(crawlRunOf({ id: 'forum', name: '某县论坛' }, at, done, 600_000, new Error('startUrls: not a web address'))).toMatchObject({ status: 'failed', listPages: 0, queued: 0, problem: 'startUrls: not a web address' })
  })
})
