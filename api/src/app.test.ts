import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HotWord } from '@yuqing/core'
import type { PostPage, SaveResult } from '@yuqing/store'
import { createApp } from './app.ts'
import type { ErrorBody } from './http-error.ts'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, timezone, type Client, type TestStore } from './test-kit.ts'

let db: TestStore
let saved: SaveResult
let viewer: Client

const posts = [
  { day: '2026-11-26', content: '溪口镇停水两天了，自来水公司电话打不通，太气人了，投诉！' },
  { day: '2026-11-26', content: '溪口镇又停水，家里老人没法做饭，不满！' },
  { day: '2026-11-26', content: '桂花节晚上的灯会很热闹，小吃也好吃，点赞。' },
  { day: '2026-11-25', content: '桂花节周末开幕，青溪公园人很多。' },
  { day: '2026-11-25', content: '桂花节门票免费，推荐带孩子去。' },
  { day: '2026-11-25', content: '<b>溪口镇</b>停水通知<script>alert(1)</script>' },
  // A bare repost of p1: folded into it.
  { day: '2026-11-26', content: '//@网友:溪口镇又停水，家里老人没法做饭，不满！' },
]

beforeAll(async () => {
  db = await openTestStore()
  saved = await db.store.savePosts(
    posts.map((p, i) => {
      const post = analyzer.analyze({ id: `p${i}`, source: 'test', content: p.content, day: p.day, fetchedAt: '2026-11-26T00:00:00Z' })
      // The water rule hit every post that says 停水, as the ingest path records it.
      const at = post.text.indexOf('停水')
      return at < 0 ? post : { ...post, ruleHits: [{ ruleId: 'water', spans: [[at, at + 2] as [number, number]], terms: ['停水'] }] }
    }),
  )
  await addRoleUsers(db.store)
  viewer = await signIn(app(), 'viewer')
})
afterAll(async () => {
  await db.close()
})

function app() {
  return testApp(db.store)
}

describe('API', () => {
  it('serves the day’s hot-word board with counts, negative share and rank changes', async () => {
    const res = await viewer.request('/api/hotwords?day=2026-11-26&top=20')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { day: string; items: HotWord[] }
    expect(body.day).toBe('2026-11-26')
    const water = body.items.find((w) => w.term === '停水')
    expect(water).toMatchObject({ count: 2, negativeCount: 2, negativeShare: 1 })
    const festival = body.items.find((w) => w.term === '桂花节')
    expect(festival?.count).toBe(1)
    // 桂花节 led the day before; on the 26th it fell behind 停水 and 溪口镇.
    expect(festival?.rankChange).toBeLessThan(0)
    expect(body.items.map((w) => w.rank)).toEqual(body.items.map((_, i) => i + 1))
  })

  it('defaults to today in the configured zone', async () => {
    const body = (await (await viewer.request('/api/hotwords')).json()) as { day: string }
    expect(body.day).toBe('2026-11-26')
  })

  it('lists the posts behind a hot word, with the word to highlight', async () => {
    const res = await viewer.request(`/api/posts?term=${encodeURIComponent('停水')}&day=2026-11-26&fold=true`)
    const body = (await res.json()) as PostPage
    expect(body.total).toBe(2)
    expect(body.items.every((p) => p.matches.includes('停水') && p.snippet.includes('停水'))).toBe(true)
  })

  it('folds near-duplicates on request, showing each repost wave once', async () => {
    expect(saved).toMatchObject({ stored: 7, folded: 1, duplicates: 0 })
    const all = (await (await viewer.request(`/api/posts?term=${encodeURIComponent('停水')}&day=2026-11-26`)).json()) as PostPage
    const folded = (await (await viewer.request(`/api/posts?term=${encodeURIComponent('停水')}&day=2026-11-26&fold=true`)).json()) as PostPage
    expect(all.total).toBe(3)
    expect(folded.total).toBe(2)
    expect(folded.items.find((p) => p.id === 'p1')?.reposts).toBe(1)
  })

  it('lists the posts a rule hit, newest first, its terms to highlight, by day, folding and sentiment', async () => {
    const all = (await (await viewer.request('/api/posts?rule=water')).json()) as PostPage
    // Newest day first; posts of one day (no time given) in id order, as every post list.
    expect(all.items.map((p) => p.id)).toEqual(['p0', 'p1', 'p6', 'p5'])
    expect(all.total).toBe(4)
    expect(all.items.every((p) => p.matches.includes('停水') && p.snippet.includes('停水'))).toBe(true)
    const folded = (await (await viewer.request('/api/posts?rule=water&day=2026-11-26&fold=true')).json()) as PostPage
    expect(folded.items.map((p) => p.id).sort()).toEqual(['p0', 'p1'])
    const negative = (await (await viewer.request('/api/posts?rule=water&sentiment=negative')).json()) as PostPage
    expect(negative.items.length).toBeGreaterThan(0)
    expect(negative.items.every((p) => p.sentiment.label === 'negative')).toBe(true)
    expect(((await (await viewer.request('/api/posts?rule=other')).json()) as PostPage).total).toBe(0)
  })

  it('filters any search by sentiment, and combines a rule with free text', async () => {
    const negative = (await (await viewer.request('/api/posts?sentiment=negative')).json()) as PostPage
    expect(negative.total).toBeGreaterThan(0)
    expect(negative.items.every((p) => p.sentiment.label === 'negative')).toBe(true)
    const both = (await (await viewer.request(`/api/posts?rule=water&q=${encodeURIComponent('老人')}`)).json()) as PostPage
    expect(both.items.map((p) => p.id)).toEqual(['p1', 'p6'])
    expect(both.items[0]?.matches).toEqual(expect.arrayContaining(['老人', '停水']))
    const bad = await viewer.request('/api/posts?sentiment=angry')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/^sentiment: /)
  })

  it('searches a range of days, both ends included, and keeps day as the one-day shorthand', async () => {
    const ids = async (query: string) => ((await (await viewer.request(`/api/posts?${query}`)).json()) as PostPage).items.map((p) => p.id).sort()
    expect(await ids('from=2026-11-25&to=2026-11-26')).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'])
    expect(await ids('from=2026-11-25&to=2026-11-25')).toEqual(['p3', 'p4', 'p5'])
    expect(await ids('day=2026-11-25')).toEqual(['p3', 'p4', 'p5'])
    expect(await ids('from=2026-11-26')).toEqual(['p0', 'p1', 'p2', 'p6'])
    expect(await ids(`to=2026-11-25&q=${encodeURIComponent('停水')}`)).toEqual(['p5'])
    expect(await ids('from=2026-11-27&to=2026-12-31')).toEqual([])
  })

  it('refuses a day range that ends before it starts, or a day given with a range, with 400 naming the parameter', async () => {
    const backwards = await viewer.request('/api/posts?from=2026-11-26&to=2026-11-25')
    expect(backwards.status).toBe(400)
    expect(((await backwards.json()) as ErrorBody).error).toMatchObject({ code: 'invalid_request', message: 'from: 2026-11-26 is after to (2026-11-25); give the earlier day as from' })
    const both = await viewer.request('/api/posts?day=2026-11-26&from=2026-11-25')
    expect(both.status).toBe(400)
    expect(((await both.json()) as ErrorBody).error.message).toMatch(/^day: give either day/)
    const malformed = await viewer.request('/api/posts?from=yesterday')
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as ErrorBody).error.message).toMatch(/^from: expected a day as YYYY-MM-DD/)
  })

  it('reads one post by id: a repost names its original, the original counts its wave, and the wave lists it', async () => {
    const repost = await viewer.request('/api/posts/p6')
    expect(repost.status).toBe(200)
    expect(await repost.json()).toMatchObject({ id: 'p6', duplicateOf: 'p1', reposts: 0 })
    const original = (await (await viewer.request('/api/posts/p1')).json()) as PostPage['items'][number] & { ruleHits: unknown[] }
    expect(original).toMatchObject({ id: 'p1', duplicateOf: null, reposts: 1, text: expect.stringContaining('老人') })
    // The rules that hit it, by id: no alert engine runs in this app to name them.
    expect(original.ruleHits).toEqual([{ ruleId: 'water', name: null, terms: ['停水'] }])
    expect(((await (await viewer.request('/api/posts/p2')).json()) as { ruleHits: unknown[] }).ruleHits).toEqual([])
    const wave = (await (await viewer.request('/api/posts?duplicateOf=p1')).json()) as PostPage
    expect(wave.items.map((p) => p.id)).toEqual(['p6'])
  })

  it('answers an unknown post id with 404 in the one error shape, and a post to nobody signed out', async () => {
    const res = await viewer.request('/api/posts/nope')
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^no post nope/) })
    expect((await app().request('/api/posts/p1')).status).toBe(401)
  })

  it('searches free text across days', async () => {
    const body = (await (await viewer.request(`/api/posts?q=${encodeURIComponent('桂花节 免费')}`)).json()) as PostPage
    expect(body.items.map((p) => p.id)).toEqual(['p4'])
  })

  it('stores and returns a hostile body as inert text', async () => {
    const body = (await (await viewer.request(`/api/posts?q=${encodeURIComponent('停水通知')}`)).json()) as PostPage
    const hostile = body.items.find((p) => p.id === 'p5')
    expect(hostile?.text).toBe('溪口镇 停水通知')
    expect(JSON.stringify(hostile)).not.toMatch(/<script|alert/)
  })

  it('answers a bad query with 400 and the one error shape', async () => {
    const res = await viewer.request('/api/hotwords?day=2026-02-30x&top=0')
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.message).toMatch(/^day: expected a day as YYYY-MM-DD/)
  })

  it('answers a body that is not JSON with 400, and a form post (a cross-site form’s only way in) with 415, in the same shape', async () => {
    const post = (type: string, body: string) => app().request('/api/login', { method: 'POST', headers: { 'content-type': type }, body })
    const broken = await post('application/json', '{"name": ')
    const form = await post('application/x-www-form-urlencoded', 'name=a&password=b')
    expect([broken.status, form.status]).toEqual([400, 415])
    for (const res of [broken, form]) expect(((await res.json()) as ErrorBody).error.message).toMatch(/^body: /)
  })

  it('answers an unknown route with 404 in the same shape', async () => {
    const res = await viewer.request('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found')
  })

  it('lists the days with posts, their originals and negative ones, and says which day is today', async () => {
    const body = await (await viewer.request('/api/days')).json()
    // The 26th's repost is folded: one of its four posts is not an original.
    expect(body).toEqual({
      today: '2026-11-26',
      days: [
        { day: '2026-11-26', posts: 4, originals: 3, negative: 2 },
        { day: '2026-11-25', posts: 3, originals: 3, negative: 1 },
      ],
    })
  })
})

describe('dashboard files', () => {
  it('serves index.html for client routes and refuses a malformed path with 400, not a crash', async () => {
    const dist = path.join(tmpdir(), `yuqing-dist-${process.pid}`)
    mkdirSync(dist, { recursive: true })
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>yuqing</title>')
    const withDashboard = createApp({ store: db.store, analyzer, timezone, dashboardDir: dist })
    expect(await (await withDashboard.request('/topics/today')).text()).toContain('<title>yuqing</title>')
    expect(await (await withDashboard.request('/../../etc/passwd')).text()).toContain('<title>yuqing</title>')
    expect(await (await withDashboard.request('/%2e%2e/%2e%2e/etc/passwd')).text()).toContain('<title>yuqing</title>')
    const bad = await withDashboard.request('/%E0%A4%A')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).error.code).toBe('invalid_request')
  })
})

describe('trend windows', () => {
  it('rejects a trend window that is neither a day nor an instant with 1h or 1d', async () => {
    const res = await viewer.request('/api/trends?at=yesterday&window=1h')
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/^at: expected an ISO 8601 instant/)
    const both = await viewer.request('/api/trends?day=2026-11-26&at=2026-11-26T08:00:00Z')
    expect(both.status).toBe(400)
  })
})
