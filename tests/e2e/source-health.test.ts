import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, createUser } from '@yuqing/api'
import { loadConfig, silentLogger } from '@yuqing/core'
import { demoSource, startDemoForum, type DemoForum, type HtmlSource } from '@yuqing/crawler'
import { openRuntime, startPipeline, type Pipeline, type Runtime } from '@yuqing/cli'
import type { SourceHealth } from '@yuqing/store'
import { E2E_USER, sessionCookie } from './harness.ts'

/** A site on loopback whose list page is gone (404), and one whose list page lists no thread. */
function startBrokenSites(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const empty = req.url === '/empty/forum'
    res.writeHead(empty ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    res.end(empty ? '<!doctype html><html><body><p>论坛改版中，敬请期待</p></body></html>' : '<p>页面不存在</p>')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })))
}

const sourceAt = (id: string, url: string): HtmlSource => ({ ...demoSource(''), id, name: id, startUrls: [url] })

describe('source health: every crawl recorded, a failing source named with why', () => {
  let dataDir = ''
  let runtime: Runtime
  let forum: DemoForum
  let sites: { url: string; server: Server }
  let pipeline: Pipeline
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-sources-'))
    const config = loadConfig({ dataDir, demo: false }, {})
    runtime = openRuntime(config)
    forum = await startDemoForum({ timezone: config.timezone })
    sites = await startBrokenSites()
    const sources = [forum.source, sourceAt('gone-forum', `${sites.url}/gone/forum`), sourceAt('redesigned-forum', `${sites.url}/empty/forum`)]
    pipeline = startPipeline(runtime, { sources, logger: silentLogger, delaySecs: 0 })
  })
  afterAll(async () => {
    await pipeline.stop()
    await forum.close()
    sites.server.close()
    await runtime.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('records ok, failed and empty crawls in the store, counts bad runs in a row, and serves them to staff', async () => {
    await pipeline.crawlAll()
    await pipeline.crawlAll()
    const byId = new Map((await runtime.store.sources.list()).map((h) => [h.source, h]))
    expect([...byId.keys()]).toEqual(['demo-qingxi-forum', 'gone-forum', 'redesigned-forum'])

    const demo = byId.get('demo-qingxi-forum') as SourceHealth
    // The second crawl finds every thread stored: still posts found, so still ok; its first list page was all known, so it stopped there.
    expect(demo).toMatchObject({ badRuns: 0, last: { status: 'ok', queued: 0, listPages: 1, problem: null } })
    expect(demo.last.known).toBeGreaterThan(0)
    expect(demo.lastGoodAt).toBe(demo.last.finishedAt)

    expect(byId.get('gone-forum')).toMatchObject({ badRuns: 2, lastGoodAt: null, last: { status: 'failed', listPages: 0, failures: 1 } })
    expect(byId.get('gone-forum')?.last.problem).toMatch(new RegExp(`^${sites.url}/gone/forum: .*404`))
    expect(byId.get('redesigned-forum')).toMatchObject({ badRuns: 2, last: { status: 'empty', listPages: 1, queued: 0, known: 0 } })
    expect(byId.get('redesigned-forum')?.last.problem).toContain('no post link found')

    await createUser(runtime.store, { ...E2E_USER, role: 'viewer' }, new Date())
    const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone })
    const cookie = await sessionCookie(app)
    const served = (await (await app.request('/api/sources', { headers: { cookie } })).json()) as { items: SourceHealth[] }
    // Just crawled: none stalled. Each run carries its source's interval, the configured default here.
    expect(served.items).toEqual([...byId.values()].map((h) => ({ ...h, stalledSince: null })))
    expect(served.items.map((h) => h.last.intervalMs)).toEqual([1, 2, 3].map(() => runtime.config.crawlIntervalMinutes * 60_000))
    const home = (await (await app.request('/api/home', { headers: { cookie } })).json()) as { sources: { total: number; bad: number } }
    expect(home.sources).toEqual({ total: 3, bad: 2 })
  })

  it('reads every list page after a crawl that never finished (its process died), and stops at the first known page again after one that did', async () => {
    // What a crash leaves: the crawl's start recorded, never its end (the posts it had queued in memory are gone).
    const before = (await runtime.store.sources.list()).find((h) => h.source === 'demo-qingxi-forum') as SourceHealth
    const at = new Date().toISOString()
    await runtime.store.sources.record({ ...before.last, status: 'running', startedAt: at, finishedAt: at })
    const listPages = async () => (await runtime.store.sources.list()).find((h) => h.source === 'demo-qingxi-forum')?.last.listPages
    await pipeline.crawlAll()
    expect(await listPages()).toBe(6)
    await pipeline.crawlAll()
    expect(await listPages()).toBe(1)
  })
})
