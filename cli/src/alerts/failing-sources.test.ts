import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStore, type CrawlRun, type Store } from '@yuqing/store'
import { alertFailingSources, SOURCE_FAILING_RULE } from './failing-sources.ts'

const crawl = (finishedAt: string, extra: Partial<CrawlRun> = {}): CrawlRun => ({
  source: 'county-forum',
  startedAt: finishedAt,
  finishedAt,
  status: 'failed',
  listPages: 0,
  postPages: 0,
  queued: 0,
  known: 0,
  failures: 1,
  skipped: 0,
  problem: 'https://bbs.example.cn/forum-2-1.html: HTTP 404',
  intervalMs: 3_600_000,
  ...extra,
})

describe('failing sources told to staff', () => {
  let dir: string
  let store: Store
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-sources-alert-'))
    store = openSqliteStore({ file: path.join(dir, 'yuqing.db'), tokenize: (t) => t.split(' ') })
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('alerts once at three bad crawls in a row, ends the alert when the source finds posts again, and alerts again at the next run of three', async () => {
    const at = (n: number) => new Date(Date.UTC(2026, 10, 26, n)).toISOString()
    await store.sources.record(crawl(at(1), { status: 'ok', listPages: 1, postPages: 5, queued: 5, failures: 0, problem: null }))
    await store.sources.record(crawl(at(2)))
    await store.sources.record(crawl(at(3)))
    expect(await alertFailingSources(store, ['ding'], 'Asia/Shanghai', new Date(at(3)))).toEqual([])
    await store.sources.record(crawl(at(4)))
    const [message, ...more] = await alertFailingSources(store, ['ding'], 'Asia/Shanghai', new Date(at(4)))
    expect(more).toEqual([])
    expect(message).toMatchObject({ ruleId: SOURCE_FAILING_RULE, ruleName: '来源抓取异常', event: 'firing', severity: 'warning' })
    expect(message?.summary).toBe('来源 county-forum 已连续 3 次抓取失败：https://bbs.example.cn/forum-2-1.html: HTTP 404。上次找到帖子是 11-26 09:00，其间的帖子都没有进来。')
    expect(message?.summaryEn).toBe('Source county-forum: 3 crawls in a row failed (https://bbs.example.cn/forum-2-1.html: HTTP 404). It last found posts at 11-26 09:00; none have come in since.')
    expect((await store.alerts.pendingDeliveries(10)).map((d) => d.channel)).toEqual(['ding'])
    // The fourth bad crawl is the same run: no second message, nor while the fifth runs (its alert stays firing).
    await store.sources.record(crawl(at(5)))
    expect(await alertFailingSources(store, ['ding'], 'Asia/Shanghai', new Date(at(5)))).toEqual([])
    await store.sources.record(crawl(at(5), { status: 'running', failures: 0, problem: null }))
    expect(await alertFailingSources(store, ['ding'], 'Asia/Shanghai', new Date(at(5)))).toEqual([])
    expect((await store.alerts.alerts({ state: 'firing' })).map((a) => a.alertId)).toEqual([message?.alertId])

    await store.sources.record(crawl(at(6), { status: 'ok', listPages: 1, postPages: 2, queued: 2, failures: 0, problem: null }))
    expect(await alertFailingSources(store, ['ding'], 'Asia/Shanghai', new Date(at(6)))).toEqual([])
    expect(await store.alerts.alerts({ state: 'firing' })).toEqual([])

    for (const n of [7, 8, 9]) await store.sources.record(crawl(at(n), { status: 'empty', listPages: 1, failures: 0, problem: null }))
    const [again] = await alertFailingSources(store, [], 'Asia/Shanghai', new Date(at(9)))
    expect(again?.summary).toBe('来源 county-forum 已连续 3 次抓取未找到帖子。上次找到帖子是 11-26 14:00，其间的帖子都没有进来。')
    expect((await store.alerts.alerts({ state: 'firing' })).map((a) => a.alertId)).toEqual([again?.alertId])

    // First seen while a crawl runs after three bad ones: the streak is told, not the running crawl.
    for (const n of [6, 7, 8]) await store.sources.record(crawl(at(n), { source: 'other-forum' }))
    await store.sources.record(crawl(at(9), { source: 'other-forum', status: 'running', failures: 0, problem: null }))
    const [other, ...rest] = await alertFailingSources(store, [], 'Asia/Shanghai', new Date(at(9)))
    expect(rest).toEqual([])
    expect(other?.summary).toBe('来源 other-forum 已连续 3 次抓取出错。它还从未找到过帖子，其间的帖子都没有进来。')
  })

  it('alerts a source whose next crawl is long overdue (a crawler that stopped records no bad crawl), and ends it at the next crawl', async () => {
    await store.sources.record(crawl('2026-11-26T01:00:00.000Z', { name: '某县论坛', status: 'ok', listPages: 1, postPages: 5, queued: 5, failures: 0, problem: null }))
    // Hourly: overdue after two hours and five minutes.
    expect(await alertFailingSources(store, [], 'Asia/Shanghai', new Date('2026-11-26T03:04:00Z'))).toEqual([])
    const [stalled] = await alertFailingSources(store, [], 'Asia/Shanghai', new Date('2026-11-26T03:06:00Z'))
    // Named as its definition names it.
    expect(stalled?.summary).toBe('来源 某县论坛（county-forum） 自 11-26 09:00 起没有再抓取（应每 60 分钟一次）：抓取进程还在运行吗？上次找到帖子是 11-26 09:00。')
    expect(stalled?.summaryEn).toBe('Source 某县论坛（county-forum） has not been crawled since 11-26 09:00 (due every 60 min): is the crawler running? It last found posts at 11-26 09:00.')
    expect(await alertFailingSources(store, [], 'Asia/Shanghai', new Date('2026-11-26T04:00:00Z'))).toEqual([])
    await store.sources.record(crawl('2026-11-26T04:10:00.000Z', { status: 'ok', listPages: 1, postPages: 1, queued: 1, failures: 0, problem: null }))
    expect(await alertFailingSources(store, [], 'Asia/Shanghai', new Date('2026-11-26T04:11:00Z'))).toEqual([])
    expect(await store.alerts.alerts({ state: 'firing' })).toEqual([])
  })
})
