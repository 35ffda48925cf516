import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalyzedPost } from '@yuqing/core'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

interface ProfileBody {
  term: string
  day: string
  hours: number[]
  peak: { hour: string; count: number } | null
  first: { id: string; source: string; publishedAt: string | null } | null
  read: number
  total: number
  sources: { source: string; name: string | null; count: number; negative: number }[]
  related: { term: string; count: number }[]
}

// 停水 in 溪口镇: first posted two days before, four forum posts and a news notice on the day, in two hours.
const posts = [
  { id: 'early', source: 'forum', at: '2026-11-24T21:10:00+08:00', content: '溪口镇今晚停水，自来水公司说在抢修管道。' },
  { id: 'w1', source: 'forum', at: '2026-11-26T08:05:00+08:00', content: '溪口镇停水两天了，自来水公司电话打不通，投诉！' },
  { id: 'w2', source: 'forum', at: '2026-11-26T08:40:00+08:00', content: '溪口镇又停水，老人没法做饭，不满！' },
  { id: 'w3', source: 'news', at: '2026-11-26T09:15:00+08:00', content: '自来水公司通报：溪口镇停水因主管道抢修，预计今晚恢复供水。' },
  { id: 'w4', source: 'forum', at: '2026-11-26T09:30:00+08:00', content: '停水三天，溪口镇居民排队接水，太气人了' },
  { id: 'w5', source: 'forum', at: '2026-11-26T09:50:00+08:00', content: '溪口镇停水到底什么时候恢复，没人管吗' },
  { id: 'other', source: 'forum', at: '2026-11-26T14:00:00+08:00', content: '桂花节晚上的灯会很热闹，小吃也好吃，点赞。' },
]

let db: TestStore
let viewer: Client
let analyzed: AnalyzedPost[]

beforeAll(async () => {
  db = await openTestStore()
  analyzed = posts.map((p) => analyzer.analyze({ id: p.id, source: p.source, content: p.content, publishedAt: p.at, fetchedAt: '2026-11-26T02:00:00Z' }))
  await db.store.savePosts(analyzed)
  const run = { startedAt: '2026-11-26T01:00:00.000Z', finishedAt: '2026-11-26T01:00:05.000Z', status: 'ok', listPages: 1, postPages: 5, queued: 5, known: 0, failures: 0, skipped: 0, problem: null, intervalMs: 1_800_000 } as const
  await db.store.sources.record({ ...run, source: 'forum', name: '青溪论坛' })
  await db.store.sources.record({ ...run, source: 'news', name: '青溪新闻' })
  await addRoleUsers(db.store)
  viewer = await signIn(testApp(db.store), 'viewer')
})
afterAll(async () => {
  await db.close()
})

const profile = (term: string, query: string) => viewer.json<ProfileBody>('GET', `/api/terms/${encodeURIComponent(term)}/profile?${query}`)

describe('how a word spread on a day', () => {
  it('counts its posts an hour, finds the peak, and names the first post of the 30 days', async () => {
    // The analyzer's own reading of the fixture, which the counts below rest on.
    const mentions = analyzed.filter((p) => p.terms.includes('停水'))
    expect(mentions.map((p) => p.id)).toEqual(['early', 'w1', 'w2', 'w3', 'w4', 'w5'])
    expect(mentions.map((p) => p.hour)).toEqual(['2026-11-24T21', '2026-11-26T08', '2026-11-26T08', '2026-11-26T09', '2026-11-26T09', '2026-11-26T09'])

    const { status, body } = await profile('停水', 'day=2026-11-26')
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.hours).toHaveLength(24)
    expect(body.hours[8]).toBe(2)
    expect(body.hours[9]).toBe(3)
    expect(body.hours.reduce((a, b) => a + b, 0)).toBe(5)
    expect(body.peak).toEqual({ hour: '2026-11-26T09', count: 3 })
    expect(body.first).toMatchObject({ id: 'early', source: 'forum' })
  })

  it('gives the day’s sources by name with their negative posts, and the words that come with it', async () => {
    const { body } = await profile('停水', 'day=2026-11-26')
    expect(body.total).toBe(5)
    expect(body.read).toBe(5)
    const day = analyzed.filter((p) => p.day === '2026-11-26' && p.terms.includes('停水'))
    const negative = (source: string) => day.filter((p) => p.source === source && p.sentiment.label === 'negative').length
    expect(body.sources).toEqual([
      { source: 'forum', name: '青溪论坛', count: 4, negative: negative('forum') },
      { source: 'news', name: '青溪新闻', count: 1, negative: negative('news') },
    ])
    // 溪口镇 is a keyword of each of the day's five posts; 自来水公司 of two (the complaint and the notice).
    const keyed = (word: string) => day.filter((p) => p.keywords.some((k) => k.term === word)).length
    expect(keyed('溪口镇')).toBe(5)
    expect(keyed('自来水公司')).toBe(2)
    expect(body.related[0]).toEqual({ term: '溪口镇', count: 5 })
    expect(body.related).toContainEqual({ term: '自来水公司', count: 2 })
    // Never the word itself, and no word of a single post.
    expect(body.related.map((r) => r.term)).not.toContain('停水')
    expect(body.related.every((r) => r.count >= 2)).toBe(true)
  })

  it('starts the window at `days` days: the first post before it is not the first', async () => {
    const { body } = await profile('停水', 'day=2026-11-26&days=2')
    expect(body.first).toMatchObject({ id: 'w1' })
  })

  it('is empty on a day before the word was first posted, and refuses a malformed day naming it', async () => {
    const { status, body } = await profile('停水', 'day=2026-11-20')
    expect(status).toBe(200)
    expect(body).toMatchObject({ peak: null, first: null, read: 0, total: 0, sources: [], related: [] })
    expect(body.hours.every((n) => n === 0)).toBe(true)
    const bad = await viewer.json<{ error: { message: string } }>('GET', `/api/terms/${encodeURIComponent('停水')}/profile?day=2026-13-40`)
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('day')
  })
})

describe('the posts a profile counts', () => {
  beforeAll(async () => {
    const raw = [
      // 大桥 is a word of the second post only; the first has it inside 青溪大桥, which a word search also finds.
      { id: 'bridge1', source: 'forum', content: '青溪大桥今天又堵车了，绕行吧', publishedAt: '2026-11-26T10:05:00+08:00', fetchedAt: '2026-11-26T02:10:00Z' },
      { id: 'bridge2', source: 'news', content: '大桥上车太多了，堵了一小时', publishedAt: '2026-11-26T10:20:00+08:00', fetchedAt: '2026-11-26T02:30:00Z' },
      // 限电 first posted on the 25th in one hour: a post without a publication time counts at the hour's start.
      { id: 'cut-dated', source: 'forum', content: '溪口镇限电通知：明天上午检修线路', publishedAt: '2026-11-25T09:10:00+08:00', fetchedAt: '2026-11-25T01:40:00Z' },
      { id: 'cut-undated', source: 'news', content: '溪口镇又限电了，冰箱里的菜都坏了', fetchedAt: '2026-11-25T01:30:00Z' },
    ]
    await db.store.savePosts(raw.map((p) => analyzer.analyze(p)))
  })

  it('are the posts the hour counts count, not every post a word search finds', async () => {
    const search = await viewer.json<{ items: { id: string }[] }>('GET', `/api/posts?term=${encodeURIComponent('大桥')}&day=2026-11-26`)
    expect(search.body.items.map((p) => p.id).sort()).toEqual(['bridge1', 'bridge2'])
    const { body } = await profile('大桥', 'day=2026-11-26')
    expect(body.hours.reduce((a, b) => a + b, 0)).toBe(1)
    expect(body).toMatchObject({ total: 1, read: 1, sources: [{ source: 'news', count: 1 }] })
  })

  it('takes a post without a publication time as the first of its hour', async () => {
    const { body } = await profile('限电', 'day=2026-11-26')
    expect(body.first).toMatchObject({ id: 'cut-undated', publishedAt: null, day: '2026-11-25' })
  })
})
