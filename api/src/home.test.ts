import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findTopics } from '@yuqing/analyzer'
import type { AlertRecord } from '@yuqing/core'
import { steadyGrowthPosts } from './fixtures/steady-growth.ts'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

interface HomeBody {
  today: string
  day: string
  days: { day: string; posts: number }[]
  board: { term: string; rank: number; count: number; spark: number[] }[]
  places: { place: string; count: number; previous: number; negativeShare: number; spark: number[] }[]
  topics: { terms: string[]; volume: number; negativeShare: number; growth: number; representative: { id: string; text: string; snippet: string; matches: string[] } | null }[]
  alerts: { firing: number; latest: { alertId: string }[] }
  tasks: { byState: Record<string, number>; overdue: number }
}

const WATER = ['溪口镇停水两天了，自来水公司电话打不通，投诉！', '溪口镇又停水，老人没法做饭，不满！', '停水三天，溪口镇居民排队接水，太气人了', '溪口镇停水到底什么时候恢复，没人管吗']
const posts = [
  { day: '2026-11-20', content: '桂花节周末开幕，青溪公园人很多。' },
  { day: '2026-11-22', content: '昨晚溪口镇停水，今天早上才来水。' },
  { day: '2026-11-25', content: '桂花节门票免费，推荐带孩子去。' },
  ...WATER.map((content) => ({ day: '2026-11-26', content })),
  { day: '2026-11-26', content: '桂花节晚上的灯会很热闹，小吃也好吃，点赞。' },
]

const record: AlertRecord = {
  ruleId: 'water',
  group: '',
  state: 'firing',
  breaches: 1,
  alertId: 'ep-home',
  sequence: 1,
  startsAt: '2026-11-26T02:00:00.000Z',
  endsAt: null,
  lastSentAt: '2026-11-26T02:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  unsent: [],
  sent: [],
  last: null,
  updatedAt: '2026-11-26T02:00:00.000Z',
}

let db: TestStore
let viewer: Client
let analyst: Client

beforeAll(async () => {
  db = await openTestStore()
  await db.store.savePosts(posts.map((p, i) => analyzer.analyze({ id: `h${i}`, source: 'test', content: p.content, day: p.day, fetchedAt: '2026-11-26T00:00:00Z' })))
  await db.store.alerts.commit(record, {
    message: {
      alertId: 'ep-home',
      sequence: 1,
      event: 'firing',
      ruleId: 'water',
      ruleName: '停水投诉',
      severity: 'warning',
      summary: '4 条停水投诉',
      matchedTerms: ['停水'],
      evidence: [],
      stats: { count: 4, baseline: null, from: record.startsAt ?? '', to: record.startsAt ?? '' },
      startsAt: record.startsAt ?? '',
      timezone: 'Asia/Shanghai',
    },
    channels: [],
    suppressed: false,
  })
  await addRoleUsers(db.store)
  const app = testApp(db.store)
  viewer = await signIn(app, 'viewer')
  analyst = await signIn(app, 'analyst')
})
afterAll(async () => {
  await db.close()
})

describe('home page in one request', () => {
  it('gives the board with each word’s posts a day over the last 7 days, oldest first', async () => {
    const { status, body } = await viewer.json<HomeBody>('GET', '/api/home?day=2026-11-26')
    expect(status).toBe(200)
    expect(body).toMatchObject({ today: '2026-11-26', day: '2026-11-26' })
    const water = body.board.find((w) => w.term === '停水')
    expect(water?.count).toBe(4)
    expect(water?.spark).toEqual([0, 0, 1, 0, 0, 0, 4])
    const festival = body.board.find((w) => w.term === '桂花节')
    expect(festival?.spark).toEqual([1, 0, 0, 0, 0, 1, 1])
    expect(body.days.map((d) => d.day)).toEqual(['2026-11-26', '2026-11-25', '2026-11-22', '2026-11-20'])
  })

  it('counts a topic by its biggest term when grouping read fewer of its posts', async () => {
    // Two posts a term read to group them: 停水's four posts of the day still count.
    const topics = await findTopics(db.store, { kind: 'day', day: '2026-11-26' }, { postsPerTerm: 2 })
    const water = topics.find((t) => t.terms.includes('停水'))
    expect(water?.postIds.length).toBeLessThan(4)
    expect(water?.volume).toBe(4)
  })

  it('lists negative topics with volume, growth and a representative post marked with the topic’s words', async () => {
    const { body } = await viewer.json<HomeBody>('GET', '/api/home?day=2026-11-26')
    const water = body.topics.find((t) => t.terms.includes('停水'))
    expect(water).toBeDefined()
    expect(water?.volume).toBe(4)
    expect(water?.negativeShare).toBeGreaterThan(0.5)
    expect(water?.growth).toBeGreaterThan(1)
    expect(water?.representative?.text).toContain('停水')
    expect(water?.representative?.matches).toContain('停水')
    expect(water?.representative?.snippet).toContain('停水')
  })

  it('lists the places of the day (words the dictionaries tag ns), with the day before and 7 days of posts', async () => {
    const { body } = await viewer.json<HomeBody>('GET', '/api/home?day=2026-11-26')
    // 溪口镇 has the four water posts of the day and one of 11-22; 青溪公园 was not mentioned that day.
    const negative = WATER.filter((content) => analyzer.analyze({ id: 'w', source: 'test', content, fetchedAt: '2026-11-26T00:00:00Z' }).sentiment.label === 'negative')
    expect(negative.length).toBeGreaterThan(0)
    expect(body.places).toEqual([{ place: '溪口镇', count: 4, previous: 0, negativeShare: negative.length / 4, spark: [0, 0, 1, 0, 0, 0, 4] }])
    const festival = await viewer.json<HomeBody>('GET', '/api/home?day=2026-11-20')
    expect(festival.body.places).toMatchObject([{ place: '青溪公园', count: 1, previous: 0, spark: [0, 0, 0, 0, 0, 0, 1] }])
  })

  it('counts firing alerts and tasks by state, overdue ones apart', async () => {
    const created = await analyst.json<{ id: string; version: number }>('POST', '/api/tasks', { from: { post: 'h3' } })
    await analyst.json('POST', `/api/tasks/${created.body.id}/assign`, { version: created.body.version, department: '水务局', assignee: 'handler', dueAt: '2026-11-25T00:00:00Z' })
    await analyst.json('POST', '/api/tasks', { from: { post: 'h4' } })
    const { body } = await viewer.json<HomeBody>('GET', '/api/home?day=2026-11-26')
    expect(body.alerts).toEqual({ firing: 1, latest: [expect.objectContaining({ alertId: 'ep-home' })] })
    expect(body.tasks).toEqual({ byState: { triage: 1, assigned: 1, in_progress: 0, resolved: 0, evaluated: 0 }, overdue: 1 })
  })

  it('shows an empty board for a day without posts, and refuses a malformed day naming it', async () => {
    const empty = await viewer.json<HomeBody>('GET', '/api/home?day=2026-10-01')
    expect(empty.body.board).toEqual([])
    expect(empty.body.topics).toEqual([])
    expect(empty.body.places).toEqual([])
    const bad = await viewer.json<{ error: { message: string } }>('GET', '/api/home?day=26.11.2026')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBe('day: expected a day as YYYY-MM-DD')
  })
})

describe('a word’s trend', () => {
  it('gives its posts a day and the negative ones among them, oldest first, zero on days it was not mentioned', async () => {
    const { status, body } = await viewer.json<{ term: string; series: { day: string; count: number; negativeCount: number }[] }>('GET', `/api/terms/${encodeURIComponent('停水')}?day=2026-11-26&days=7`)
    expect(status).toBe(200)
    expect(body.term).toBe('停水')
    expect(body.series).toEqual([
      { day: '2026-11-20', count: 0, negativeCount: 0 },
      { day: '2026-11-21', count: 0, negativeCount: 0 },
      { day: '2026-11-22', count: 1, negativeCount: 0 },
      { day: '2026-11-23', count: 0, negativeCount: 0 },
      { day: '2026-11-24', count: 0, negativeCount: 0 },
      { day: '2026-11-25', count: 0, negativeCount: 0 },
      { day: '2026-11-26', count: 4, negativeCount: 4 },
    ])
  })
})

describe('sources’ health', () => {
  it('marks a source whose next crawl is long overdue as stalled, and counts it and a failing one on the home page', async () => {
    const run = { status: 'ok' as const, listPages: 1, postPages: 3, queued: 3, known: 0, failures: 0, skipped: 0, problem: null }
    // Every 30 minutes, last started at 01:00: overdue from 02:05 (two intervals and five minutes); the app's clock says 04:00.
    await db.store.sources.record({ ...run, source: 'county-forum', startedAt: '2026-11-26T01:00:00.000Z', finishedAt: '2026-11-26T01:00:09.000Z', intervalMs: 1_800_000 })
    await db.store.sources.record({ ...run, source: 'news', startedAt: '2026-11-26T03:55:00.000Z', finishedAt: '2026-11-26T03:55:04.000Z', intervalMs: 3_600_000 })
    const { body } = await viewer.json<{ items: { source: string; stalledSince: string | null; badRuns: number }[] }>('GET', '/api/sources')
    expect(body.items.map(({ source, stalledSince, badRuns }) => ({ source, stalledSince, badRuns }))).toEqual([
      { source: 'county-forum', stalledSince: '2026-11-26T02:05:00.000Z', badRuns: 0 },
      { source: 'news', stalledSince: null, badRuns: 0 },
    ])
    const home = await viewer.json<{ sources: { total: number; bad: number } }>('GET', '/api/home?day=2026-11-26')
    expect(home.body.sources).toEqual({ total: 2, bad: 1 })
  })
})

describe('who is signed in', () => {
  it('tells a viewer they may only read, and an analyst they may create and assign tasks', async () => {
    const seen = await viewer.json<{ user: { name: string; role: string }; permissions: string[]; timezone: string }>('GET', '/api/me')
    expect(seen.body.user).toMatchObject({ name: 'viewer', role: 'viewer' })
    expect(seen.body.permissions).toEqual(['read'])
    // The zone the dashboard shows and reads times in: the configured one.
    expect(seen.body.timezone).toBe('Asia/Shanghai')
    const studied = await analyst.json<{ permissions: string[]; csrfToken: string }>('GET', '/api/me')
    expect(studied.body.permissions).toEqual(expect.arrayContaining(['tasks:create', 'tasks:assign', 'rules:preview']))
    expect(studied.body.csrfToken).toBe(analyst.csrf)
  })
})

describe('steady growth on the home page', () => {
  const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'] as const
  let growth: TestStore
  let reader: Client

  beforeAll(async () => {
    growth = await openTestStore()
    const saved = await growth.store.savePosts(steadyGrowthPosts(days).map((p) => analyzer.analyze({ ...p, source: 'test', fetchedAt: '2026-11-26T00:00:00Z' })))
    // Every post an original: a folded near-duplicate would not count.
    expect(saved).toMatchObject({ stored: 39, folded: 0 })
    await addRoleUsers(growth.store)
    reader = await signIn(testApp(growth.store), 'viewer')
  })
  afterAll(async () => {
    await growth.close()
  })

  it('lists a word whose share of the posts rose day after day, with its posts a day', async () => {
    const { status, body } = await reader.json<{ rising: { term: string; counts: number[]; rises: number; growth: number }[] }>('GET', '/api/home?day=2026-11-26')
    expect(status).toBe(200)
    const heat = body.rising.find((r) => r.term === '供暖')
    expect(heat).toMatchObject({ counts: [0, 0, 0, 1, 2, 4, 8], rises: 3 })
    expect(heat?.growth).toBeGreaterThan(1)
    // The day before, it had risen twice only.
    const before = await reader.json<{ rising: { term: string }[] }>('GET', '/api/home?day=2026-11-25')
    expect(before.body.rising.map((r) => r.term)).not.toContain('供暖')
  })

  it('answers GET /api/rising with the same terms, best first, and refuses a malformed day naming it', async () => {
    const home = await reader.json<{ rising: { term: string }[] }>('GET', '/api/home?day=2026-11-26')
    const { status, body } = await reader.json<{ day: string; items: { term: string; counts: number[] }[] }>('GET', '/api/rising?day=2026-11-26&top=2')
    expect(status).toBe(200)
    expect(body.day).toBe('2026-11-26')
    expect(body.items.map((t) => t.term)).toEqual(home.body.rising.slice(0, 2).map((t) => t.term))
    const bad = await reader.json<{ error: { message: string } }>('GET', '/api/rising?day=11/26')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBe('day: expected a day as YYYY-MM-DD')
  })

  it('names it in the daily brief with its posts a day', async () => {
    const res = await reader.request('/api/brief?day=2026-11-26')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toContain('持续升温')
    expect(page).toMatch(/<li><a href="[^"]*term=%E4%BE%9B%E6%9A%96[^"]*">供暖<\/a>：8 条，近 7 天每天 0→0→0→1→2→4→8，连升 3 天/)
  })
})
