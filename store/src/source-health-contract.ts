import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreHarness } from './contract.ts'
import type { CrawlRun } from './source-health.ts'
import type { Store } from './store.ts'

function run(source: string, finishedAt: string, extra: Partial<CrawlRun> = {}): CrawlRun {
  return { source, startedAt: finishedAt, finishedAt, status: 'ok', listPages: 2, postPages: 10, queued: 8, known: 2, failures: 0, skipped: 0, problem: null, intervalMs: 600_000, ...extra }
}

/** The behaviour of every store's source health. */
export function sourceHealthContract(name: string, harness: StoreHarness): void {
  describe(`${name} source health contract`, () => {
    let store: Store
    beforeEach(async () => {
      store = await harness.open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('keeps each source’s latest run, when it last found posts, and its bad runs in a row', async () => {
      expect(await store.sources.list()).toEqual([])
      const good = run('forum', '2026-11-26T02:00:00.000Z')
      expect(await store.sources.record(good)).toEqual({ source: 'forum', last: good, lastGoodAt: good.finishedAt, badRuns: 0 })
      const broken = run('forum', '2026-11-26T03:00:00.000Z', { status: 'failed', listPages: 0, postPages: 0, queued: 0, known: 0, failures: 1, problem: 'http://forum.test/list: HTTP 503' })
      await store.sources.record(broken)
      const empty = run('forum', '2026-11-26T04:00:00.000Z', { status: 'empty', postPages: 0, queued: 0, known: 0 })
      expect(await store.sources.record(empty)).toEqual({ source: 'forum', last: empty, lastGoodAt: good.finishedAt, badRuns: 2 })
      const news = run('news', '2026-11-26T04:30:00.000Z', { status: 'partial', failures: 1, problem: 'http://news.test/1: timeout' })
      await store.sources.record(news)
      expect(await store.sources.list()).toEqual([
        { source: 'forum', last: empty, lastGoodAt: good.finishedAt, badRuns: 2 },
        { source: 'news', last: news, lastGoodAt: news.finishedAt, badRuns: 0 },
      ])
      // A crawl recorded as it starts keeps the streak and the last good time as they were.
      const starting = run('forum', '2026-11-26T04:50:00.000Z', { status: 'running', listPages: 0, postPages: 0, queued: 0, known: 0 })
      expect(await store.sources.record(starting)).toEqual({ source: 'forum', last: starting, lastGoodAt: good.finishedAt, badRuns: 2 })
      // A run that finds posts again ends the bad streak.
      const back = run('forum', '2026-11-26T05:00:00.000Z')
      expect(await store.sources.record(back)).toMatchObject({ lastGoodAt: back.finishedAt, badRuns: 0 })
      if (harness.reopen) {
        const again = await harness.reopen()
        expect((await again.sources.list()).map((h) => [h.source, h.badRuns, h.last.finishedAt])).toEqual([
          ['forum', 0, back.finishedAt],
          ['news', 0, news.finishedAt],
        ])
        await again.close()
      }
    })
  })
}
