import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findTopics } from '@yuqing/analyzer'
import type { AlertRecord } from '@yuqing/core'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

interface HomeBody {
  today: string
  day: string
  days: { day: string; posts: number }[]
  board: { term: string; rank: number; count: number; spark: number[] }[]
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

describe('who is signed in', () => {
  it('tells a viewer they may only read, and an analyst they may create and assign tasks', async () => {
    const seen = await viewer.json<{ user: { name: string; role: string }; permissions: string[] }>('GET', '/api/me')
    expect(seen.body.user).toMatchObject({ name: 'viewer', role: 'viewer' })
    expect(seen.body.permissions).toEqual(['read'])
    const studied = await analyst.json<{ permissions: string[]; csrfToken: string }>('GET', '/api/me')
    expect(studied.body.permissions).toEqual(expect.arrayContaining(['tasks:create', 'tasks:assign', 'rules:preview']))
    expect(studied.body.csrfToken).toBe(analyst.csrf)
  })
})

describe('steady growth on the home page', () => {
  // 供暖 (heating) complaints 1, 2, 4 and 8 a day over four days, among six other posts a day:
  // each day a larger share, never more than twice the day before, so no single day spikes.
  const places = ['东城', '西苑', '南湖', '北岭', '桂园', '溪口', '白沙', '青石', '柳岸', '新桥', '云台', '翠屏', '金沙', '望江', '枫林']
  const complaints = [
    '暖气片摸着冰凉，家里只有十几度',
    '物业说锅炉检修，到现在还没通暖',
    '老人孩子在家冻得睡不着觉',
    '打了热线也没人上门来看',
    '缴了全年费用却一直不热',
    '楼上楼下都在说这个事情',
    '室温连十五度都不到',
    '早晚开空调电费吃不消',
  ]
  const heating = places.map((place, i) => `${place}小区今年供暖不达标，${complaints[i % complaints.length]}。`)
  const others = [
    '图书馆周末延长开放时间到晚上九点',
    '菜市场新开了一家卖豆腐的摊位',
    '县一中篮球队拿了市里的冠军',
    '公园里的菊花展吸引了很多市民',
    '新建的自行车道下个月通车',
    '老街的修鞋师傅手艺真不错',
    '城南的夜市这周六正式营业',
    '社区组织了一场义诊活动',
    '博物馆来了一批青铜器展品',
    '滨江步道的路灯全部换成节能灯',
    '今年的柚子丰收价格也便宜',
    '少年宫开设了书法和围棋课',
    '火车站到高铁站的接驳公交开通',
    '周日早上有一场健步走比赛',
    '镇上的老茶馆重新装修后开门',
    '农贸市场的停车位增加了一倍',
    '剧院下周上演本地花鼓戏',
    '湿地公园来了好多候鸟',
    '新华书店搞了读书分享会',
    '体育馆游泳池恢复对外开放',
    '小学门口加装了护栏和斑马线',
    '河边的垂钓平台修好了',
    '文化站免费教广场舞',
    '养老院的志愿者招募开始了',
  ]
  const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']
  let growth: TestStore
  let reader: Client

  beforeAll(async () => {
    growth = await openTestStore()
    let heated = 0
    const posts = days.flatMap((day, d) => [
      ...heating.slice(heated, (heated += 2 ** d)).map((content, i) => ({ id: `heat-${d}-${i}`, day, content })),
      ...others.slice(d * 6, d * 6 + 6).map((content, i) => ({ id: `other-${d}-${i}`, day, content })),
    ])
    const saved = await growth.store.savePosts(posts.map((p) => analyzer.analyze({ ...p, source: 'test', fetchedAt: '2026-11-26T00:00:00Z' })))
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
})
