import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalyzedPost } from '@yuqing/core'
import type { PostQuery, Store } from '@yuqing/store'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

// A notice of a water cut that the model reads as a complaint, beside two real complaints.
const posts = [
  { id: 'notice', content: '溪口镇明天停水，上午八点到下午五点检修管道，请提前储水。' },
  { id: 'angry1', content: '溪口镇停水两天了，自来水公司电话打不通，太气人了，投诉！' },
  { id: 'angry2', content: '溪口镇又停水，家里老人没法做饭，不满！' },
]

let db: TestStore
let analyst: Client
let viewer: Client
let analyzed: AnalyzedPost[]

beforeAll(async () => {
  db = await openTestStore()
  analyzed = posts.map((p) => analyzer.analyze({ ...p, source: 'forum', day: '2026-11-26', fetchedAt: '2026-11-26T00:00:00Z' }))
  await db.store.savePosts(analyzed)
  await addRoleUsers(db.store)
  const app = testApp(db.store)
  analyst = await signIn(app, 'analyst')
  viewer = await signIn(app, 'viewer')
})
afterAll(async () => {
  await db.close()
})

const waterDay = async () => (await analyst.json<{ series: { count: number; negativeCount: number }[] }>('GET', `/api/terms/${encodeURIComponent('停水')}?day=2026-11-26&days=2`)).body.series[1]

describe('relabelling a post’s sentiment', () => {
  it('changes the post and the negative counts the board reads, keeps the analyzer’s label, and is audited', async () => {
    // The analyzer's reading of the fixture, which the counts below rest on.
    expect(analyzed.map((p) => [p.id, p.sentiment.label, p.terms.includes('停水')])).toEqual([
      ['notice', 'negative', true],
      ['angry1', 'negative', true],
      ['angry2', 'negative', true],
    ])
    expect(await waterDay()).toEqual({ day: '2026-11-26', count: 3, negativeCount: 3 })

    const res = await analyst.json<{ id: string; sentiment: { label: string; corrected?: { by: string; at: string; was: string } } }>('POST', '/api/posts/notice/sentiment', { label: 'neutral' })
    expect(res.status).toBe(200)
    expect(res.body.sentiment).toMatchObject({ label: 'neutral', corrected: { by: 'analyst', at: '2026-11-26T04:00:00.000Z', was: 'negative' } })
    expect(await waterDay()).toEqual({ day: '2026-11-26', count: 3, negativeCount: 2 })
    const page = await analyst.json<{ sentiment: { label: string; corrected?: { was: string } } }>('GET', '/api/posts/notice')
    expect(page.body.sentiment).toMatchObject({ label: 'neutral', corrected: { was: 'negative' } })
    const home = await analyst.json<{ board: { term: string; negativeCount: number }[] }>('GET', '/api/home?day=2026-11-26')
    expect(home.body.board.find((w) => w.term === '停水')?.negativeCount).toBe(2)

    const audit = await signIn(testApp(db.store), 'admin')
    const events = await audit.json<{ items: { actor: string; action: string; details: unknown }[] }>('GET', '/api/audit?limit=10')
    expect(events.body.items.filter((e) => e.action === 'POST /api/posts/:id/sentiment')).toMatchObject([{ actor: 'analyst', action: 'POST /api/posts/:id/sentiment', details: { post: 'notice', from: 'negative', to: 'neutral', analyzer: 'negative' } }])

    // A colleague who reads it as positive: the audit keeps both people's labels apart from the analyzer's.
    const lead = await signIn(testApp(db.store), 'admin')
    expect((await lead.json('POST', '/api/posts/notice/sentiment', { label: 'positive' })).status).toBe(200)
    const later = await audit.json<{ items: { actor: string; action: string; details: unknown }[] }>('GET', '/api/audit?limit=1')
    expect(later.body.items).toMatchObject([{ actor: 'admin', details: { post: 'notice', from: 'neutral', to: 'positive', analyzer: 'negative' } }])
    expect((await analyst.json<{ sentiment: { corrected: { by: string } } }>('GET', '/api/posts/notice')).body.sentiment.corrected.by).toBe('admin')

    // Back to the analyzer's label: the correction goes, and the post counts as negative again.
    const undone = await analyst.json<{ sentiment: Record<string, unknown> }>('POST', '/api/posts/notice/sentiment', { label: 'negative' })
    expect(undone.body.sentiment).not.toHaveProperty('corrected')
    expect(await waterDay()).toEqual({ day: '2026-11-26', count: 3, negativeCount: 3 })
  })

  it('is refused to a viewer, names a post it does not hold, and refuses a label it does not know', async () => {
    expect((await viewer.json('POST', '/api/posts/notice/sentiment', { label: 'positive' })).status).toBe(403)
    // A handler works the tasks; the labels are the analysts' call.
    const handler = await signIn(testApp(db.store), 'handler')
    expect((await handler.json('POST', '/api/posts/notice/sentiment', { label: 'positive' })).status).toBe(403)
    const missing = await analyst.json<{ error: { message: string } }>('POST', '/api/posts/nope/sentiment', { label: 'positive' })
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toMatch(/^no post nope/)
    const bad = await analyst.json<{ error: { message: string } }>('POST', '/api/posts/notice/sentiment', { label: 'angry' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('label')
    expect(await waterDay()).toEqual({ day: '2026-11-26', count: 3, negativeCount: 3 })
  })
})

describe('the posts staff relabelled', () => {
  it('are listed by the post search and exported beside the analyzer’s label, and leave the list once undone', async () => {
    await analyst.json('POST', '/api/posts/notice/sentiment', { label: 'neutral' })
    const listed = await analyst.json<{ total: number; items: { id: string }[] }>('GET', '/api/posts?corrected=true')
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: 'notice' }] })
    const csv = await (await analyst.request('/api/exports/relabelled?format=csv')).text()
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]).toBe('帖子,日期,来源,标题,正文,模型原判,人工改判,改判人,改判时间')
    // The stored text (normalised: its commas half-width), quoted as CSV quotes a cell with a comma.
    const text = analyzed[0]?.text ?? ''
    const cell = /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
    expect(lines.slice(1)).toEqual([`notice,2026-11-26,forum,,${cell},负面,中性,analyst,2026-11-26T04:00:00.000Z`])
    await analyst.json('POST', '/api/posts/notice/sentiment', { label: 'negative' })
    expect((await analyst.json<{ total: number }>('GET', '/api/posts?corrected=true')).body.total).toBe(0)
  })

  it('refuses a backwards range, and a range with more than one file holds rather than cutting it short', async () => {
    const backwards = await analyst.json<{ error: { message: string } }>('GET', '/api/exports/relabelled?from=2026-11-26&to=2026-11-01')
    expect(backwards.status).toBe(400)
    expect(backwards.body.error.message).toBe('from: 2026-11-26 is after to (2026-11-01); give the earlier day as from')
    // A stand-in for 10,001 stored corrections (too slow to make here): the real store, its search's total raised.
    const crowded: Store = Object.create(db.store, {
      searchPosts: { value: async (q: PostQuery) => ({ ...(await db.store.searchPosts(q)), total: 10_001 }) },
    })
    const client = await signIn(testApp(crowded), 'analyst')
    const tooMany = await client.json<{ error: { message: string } }>('GET', '/api/exports/relabelled?from=2026-11-01&to=2026-11-26')
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.message).toBe('from: 10001 relabelled posts 2026-11-01 to 2026-11-26, more than the 10000 one file holds; export a shorter range of days')
  })
})

describe('a repost wave', () => {
  it('follows its original’s relabel, and the response and the audit say how many followed', async () => {
    const notice = '青溪路明晚施工封闭，公交改道绕行，请市民提前安排出行。'
    const wave = ['road', 'road-repost1', 'road-repost2'].map((id, i) => analyzer.analyze({ id, source: 'weibo', content: notice, publishedAt: `2026-11-26T0${i + 1}:00:00+08:00`, fetchedAt: '2026-11-26T02:00:00Z' }))
    expect((await db.store.savePosts(wave)).folded).toBe(2)
    const to = wave[0]?.sentiment.label === 'positive' ? 'negative' : 'positive'
    const res = await analyst.json<{ wave: number; sentiment: { label: string } }>('POST', '/api/posts/road/sentiment', { label: to })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ wave: 2, sentiment: { label: to } })
    const repost = await analyst.json<{ sentiment: { label: string; corrected?: { by: string; was: string; of?: string } } }>('GET', '/api/posts/road-repost1')
    expect(repost.body.sentiment).toEqual(expect.objectContaining({ label: to, corrected: expect.objectContaining({ by: 'analyst', was: wave[1]?.sentiment.label, of: 'road' }) }))
    const audit = await signIn(testApp(db.store), 'admin')
    const events = await audit.json<{ items: { action: string; details: { post?: string; wave?: number } }[] }>('GET', '/api/audit?limit=5')
    expect(events.body.items.find((e) => e.action === 'POST /api/posts/:id/sentiment')?.details).toMatchObject({ post: 'road', to, wave: 2 })
    // The export and the search list the decision once, not each copy that followed it.
    const csv = await (await analyst.request('/api/exports/relabelled?format=csv')).text()
    expect(csv.trimEnd().split('\r\n').flatMap((line) => (line.startsWith('road') ? [line.split(',')[0]] : []))).toEqual(['road'])
    const listed = await analyst.json<{ items: { id: string }[] }>('GET', '/api/posts?corrected=true')
    expect(listed.body.items.map((p) => p.id)).toContain('road')
    expect(listed.body.items.map((p) => p.id)).not.toContain('road-repost1')
  })
})
