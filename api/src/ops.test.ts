import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type TestStore } from './test-kit.ts'

let db: TestStore
/** The server's view of a request from `address` (what @hono/node-server passes as env). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
beforeAll(async () => {
  db = await openTestStore()
  await db.store.savePosts(['溪口镇停水', '桂花节热闹'].map((content, i) => analyzer.analyze({ id: `p${i}`, source: 'forum', content, day: '2026-11-26', fetchedAt: '2026-11-26T00:00:00Z' })))
  await addRoleUsers(db.store)
})
afterAll(async () => {
  await db.close()
})

describe('operations', () => {
  it('answers health without a session', async () => {
    const res = await testApp(db.store).request('/api/health')
    expect(await res.json()).toEqual({ ok: true })
  })

  it('exposes Prometheus metrics: requests by route pattern and status, posts stored, alerts firing, overdue tasks', async () => {
    const app = testApp(db.store)
    const viewer = await signIn(app, 'viewer')
    await viewer.request('/api/tasks/abc')
    await viewer.request('/api/tasks/def')
    const res = await app.request('/metrics', {}, from('127.0.0.1'))
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await res.text()
    expect(text).toContain('yuqing_http_requests_total{method="GET",route="/api/tasks/:id",status="404"} 2')
    expect(text).toContain('yuqing_http_requests_total{method="POST",route="/api/login",status="200"} 1')
    expect(text).toMatch(/yuqing_http_request_duration_seconds_count\{method="GET",route="\/api\/tasks\/:id"\} 2/)
    expect(text).toContain('yuqing_posts_stored 2')
    expect(text).toContain('yuqing_alerts_firing 0')
    expect(text).toContain('yuqing_tasks_overdue 0')
  })

  it('exposes each source’s bad crawls in a row and when its latest crawl started', async () => {
    const run = { startedAt: '2026-11-26T03:50:00.000Z', finishedAt: '2026-11-26T03:50:04.000Z', listPages: 0, postPages: 0, queued: 0, known: 0, failures: 1, skipped: 0, intervalMs: 600_000 }
    await db.store.sources.record({ ...run, source: 'gone', status: 'failed', problem: 'http://gone.test/list: HTTP 404' })
    const text = await (await testApp(db.store).request('/metrics', {}, from('127.0.0.1'))).text()
    expect(text).toContain('yuqing_source_bad_crawls{source="gone"} 1')
    expect(text).toContain(`yuqing_source_last_crawl_timestamp_seconds{source="gone"} ${Date.parse(run.startedAt) / 1000}`)
  })

  it('lets only this machine read the metrics, or a remote Prometheus with the bearer token', async () => {
    const open = testApp(db.store)
    expect((await open.request('/metrics', {}, from('::1'))).status).toBe(200)
    const remote = await open.request('/metrics', {}, from('10.0.0.8'))
    expect(remote.status).toBe(401)
    expect(((await remote.json()) as { error: { message: string } }).error.message).toMatch(/YUQING_METRICS_TOKEN/)
    const token = 'prometheus-secret-0123456789'
    const guarded = testApp(db.store, { metricsToken: token })
    expect((await guarded.request('/metrics', { headers: { authorization: `Bearer ${token}` } }, from('10.0.0.8'))).status).toBe(200)
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer wrong' } }, from('10.0.0.8'))).status).toBe(401)
    // With a token set, loopback needs it too: one rule, whoever asks.
    expect((await guarded.request('/metrics', {}, from('127.0.0.1'))).status).toBe(401)
  })

  it('describes every route in an OpenAPI 3 document generated from the zod schemas, with a docs page', async () => {
    const app = testApp(db.store)
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>>
      components: { securitySchemes: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.0.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/hotwords', '/api/posts', '/api/posts/{id}', '/api/tasks/{id}/assign', '/api/alerts/{id}', '/api/live', '/api/brief', '/metrics']))
    expect(doc.paths['/api/posts']?.get?.parameters?.map((p) => p.name)).toEqual(['q', 'term', 'day', 'from', 'to', 'source', 'duplicateOf', 'rule', 'sentiment', 'corrected', 'fold', 'limit', 'offset'])
    expect(doc.paths['/api/tasks/{id}/assign']?.post?.requestBody).toBeDefined()
    expect(Object.keys(doc.paths['/api/tasks/{id}/assign']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '409', '428']))
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'yuqing_session' })
    const docs = await app.request('/api/docs')
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('/api/openapi.json')
  })
})
