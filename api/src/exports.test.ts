import { existsSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostPage } from '@yuqing/store'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

const HOSTILE_TEXT = '<img src=x onerror=alert(1)>溪口镇停水<script>alert(document.cookie)</script>'
const FORMULA_TITLE = '=HYPERLINK("http://evil.test","点我")'

let db: TestStore
let analyst: Client
let hostileTask = ''

const posts = [
  { id: 'p1', content: '溪口镇停水两天了，自来水公司电话打不通，太气人了，投诉！' },
  { id: 'p2', content: '溪口镇又停水，家里老人没法做饭，不满！' },
  { id: 'p3', content: '桂花节晚上的灯会很热闹，小吃也好吃，点赞。' },
]

beforeAll(async () => {
  db = await openTestStore()
  const analysed = posts.map((p) => analyzer.analyze({ ...p, source: 'forum', url: `http://forum.test/t/${p.id}`, day: '2026-11-26', fetchedAt: '2026-11-26T00:00:00Z' }))
  // What a source could hand over as plain text (entities decoded): markup-looking text and a script URL.
  const hostile = { ...analyzer.analyze({ id: 'evil', source: 'forum', content: '溪口镇停水', day: '2026-11-26', fetchedAt: '2026-11-26T00:00:00Z' }), text: HOSTILE_TEXT, title: '<script>alert("t")</script>', url: 'javascript:alert(1)' }
  const formula = { ...analyzer.analyze({ id: 'formula', source: 'forum', content: '停水', day: '2026-11-26', fetchedAt: '2026-11-26T00:00:00Z' }), title: FORMULA_TITLE }
  await db.store.savePosts([...analysed, hostile, formula])
  await db.store.alerts.commit(
    { ruleId: 'water', group: '', state: 'firing', breaches: 1, alertId: 'ep1', sequence: 1, startsAt: '2026-11-26T02:00:00.000Z', endsAt: null, lastSentAt: null, acknowledgedAt: null, acknowledgedBy: null, unsent: [], sent: ['p1'], last: { summary: '1 小时内 2 条停水投诉', stats: { count: 2, baseline: null, from: '2026-11-26T01:00:00.000Z', to: '2026-11-26T02:00:00.000Z' }, matchedTerms: ['停水'] }, updatedAt: '2026-11-26T02:00:00.000Z' },
    {
      message: {
        alertId: 'ep1',
        sequence: 1,
        event: 'firing',
        ruleId: 'water',
        ruleName: '停水投诉',
        severity: 'warning',
        summary: '1 小时内 2 条停水投诉',
        matchedTerms: ['停水'],
        evidence: [{ postId: 'p1', source: 'forum', url: 'http://forum.test/t/p1', title: '停水两天', sentiment: 'negative', snippet: '溪口镇停水两天了', highlights: [] }],
        stats: { count: 2, baseline: null, from: '2026-11-26T01:00:00.000Z', to: '2026-11-26T02:00:00.000Z' },
        startsAt: '2026-11-26T02:00:00.000Z',
        timezone: 'Asia/Shanghai',
      },
      channels: [],
      suppressed: false,
    },
  )
  await addRoleUsers(db.store)
  analyst = await signIn(app(), 'analyst')
  for (const post of ['evil', 'formula']) {
    const created = await analyst.json<{ id: string; version: number }>('POST', '/api/tasks', { from: { post } })
    await analyst.json('POST', `/api/tasks/${created.body.id}/assign`, { version: 1, department: '水务局', assignee: 'handler', dueAt: '2026-11-26T03:00:00Z' })
    if (post === 'evil') hostileTask = created.body.id
  }
})
afterAll(async () => {
  await db.close()
})

function app() {
  return testApp(db.store)
}

describe('exports', () => {
  it('writes the hot-word board as CSV with a BOM and CRLF lines, Chinese intact', async () => {
    const res = await analyst.request('/api/exports/hotwords?day=2026-11-26&format=csv')
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hotwords-2026-11-26.csv"')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n')
    expect(lines[0]).toBe('排名,热词,帖子数,负面帖子数,负面占比%,排名变化,得分')
    const board = (await (await analyst.request('/api/hotwords?day=2026-11-26&top=100')).json()) as { items: { rank: number; term: string; count: number; negativeCount: number }[] }
    const water = board.items.find((w) => w.term === '停水')
    expect(water?.count).toBe(4)
    expect(lines.find((l) => l.split(',')[1] === '停水')?.split(',').slice(0, 4)).toEqual([water?.rank, '停水', 4, water?.negativeCount].map(String))
    expect(lines).toHaveLength(board.items.length + 2)
  })

  it('writes topics and tasks as xlsx that Excel (exceljs) reads back, values never formulas', async () => {
    const topics = await analyst.request('/api/exports/topics?day=2026-11-26&format=xlsx')
    expect(topics.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const res = await analyst.request('/api/exports/tasks?format=xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const sheet = book.getWorksheet('处置任务')
    const titles = sheet?.getColumn(2).values.slice(2)
    expect(titles).toEqual(expect.arrayContaining([FORMULA_TITLE, '<script>alert("t")</script>']))
    expect(sheet?.getRow(1).getCell(3).value).toBe('状态')
    expect(sheet?.getRow(2).getCell(3).value).toBe('已交办')
  })

  it('defuses a cell that starts like a formula in CSV (CSV injection)', async () => {
    const csv = await (await analyst.request('/api/exports/tasks?format=csv')).text()
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""点我"")"`)
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
  })
})

describe('daily brief', () => {
  it('says whether the monitoring was whole: the sources, and which of them failed with why', async () => {
    const empty = await (await analyst.request('/api/brief?day=2026-11-26')).text()
    expect(empty).toContain('<h2>六、数据来源</h2>\n<p>还没有来源的抓取记录。</p>')
    const run = { startedAt: '2026-11-26T03:55:00.000Z', finishedAt: '2026-11-26T03:55:05.000Z', listPages: 1, postPages: 4, queued: 4, known: 0, failures: 0, skipped: 0, intervalMs: 600_000 }
    await db.store.sources.record({ ...run, source: 'forum', status: 'ok', problem: null })
    await db.store.sources.record({ ...run, source: 'gone', status: 'failed', listPages: 0, postPages: 0, queued: 0, failures: 1, problem: 'http://forum.test/list: HTTP 404' })
    const page = await (await analyst.request('/api/brief?day=2026-11-26')).text()
    expect(page).toContain('<p>截至生成时共 2 个来源，<span class="neg">1 个异常</span>，其间的帖子可能缺失：</p>')
    expect(page).toContain('<li><b>gone</b>：连续 1 次抓取出错（http://forum.test/list: HTTP 404）；上次找到帖子 从未。</li>')
  })

  it('links every hot word and count to the posts behind it', async () => {
    const res = await analyst.request('/api/brief?day=2026-11-26')
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const page = await res.text()
    expect(page).toContain('<h1>舆情日报 · 2026-11-26</h1>')
    // When it was made, on the configured zone's clock as staff read it (not an ISO instant in UTC).
    expect(page).toMatch(/生成时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}。/)
    expect(page).toContain(`<a href="/api/posts?day=2026-11-26&amp;fold=true">5 条帖子</a>`)
    const term = `/api/posts?term=${encodeURIComponent('停水')}&amp;day=2026-11-26&amp;fold=true`
    expect(page).toContain(`<a href="${term}">停水</a>`)
    expect(page).toContain(`<a href="${term}">4 条</a>`)
    // The places of the day: 溪口镇 in three of the posts (the hostile one too).
    const place = `/api/posts?term=${encodeURIComponent('溪口镇')}&amp;day=2026-11-26&amp;fold=true`
    expect(page).toMatch(new RegExp(`<p>各地（词典中的地名）：<a href="${place.replace(/[?.]/g, '\\$&')}">溪口镇</a> 3 条（前一天 0 条，负面 <span class="(neg)?">\\d+%</span>）。</p>`))
    expect(page).toMatch(/<a href="\/api\/tasks\?overdue=true">超期（督办）<span class="neg">2<\/span> 件<\/a>/)
    expect(page).toContain('<a href="/api/tasks?state=assigned">已交办 2</a>')
    expect(page).toContain('<b>[warning] 停水投诉</b>：1 小时内 2 条停水投诉（进行中）')
    expect(page).toContain('依据：<a href="http://forum.test/t/p1">停水两天</a>')
  })
})

describe('event report of a word', () => {
  const url = `/api/terms/${encodeURIComponent('停水')}/report?day=2026-11-26`

  it('tells its story on the day: 30 days, the peak and the first post, sources, main posts negative first, and the tasks opened on its posts', async () => {
    const res = await analyst.request(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const page = await res.text()
    expect(page).toContain('<h1>事件报告 · “停水” · 2026-11-26</h1>')
    // The day's posts of the word as the post list counts them; all without a time, so in the day's first hour.
    const listed = await analyst.json<PostPage>('GET', `/api/posts?term=${encodeURIComponent('停水')}&day=2026-11-26&fold=true&limit=100`)
    const total = listed.body.total
    expect(total).toBeGreaterThanOrEqual(4)
    expect(page).toContain(`当日 <a href="/api/posts?term=${encodeURIComponent('停水')}&amp;day=2026-11-26&amp;fold=true">${total} 条</a>`)
    expect(page).toMatch(/<svg class="bars" viewBox="0 0 840 120" role="img" aria-label="2026-10-28 0，[^"]*2026-11-26 \d+">/)
    expect(page).toMatch(/<li>高峰：00时，\d+ 条。<\/li>/)
    expect(page).toMatch(/首发（近 30 天内最早提到它的帖子）：.+，forum，2026-11-26。/)
    expect(page).toContain(`<tr><td>forum</td><td><a href="/api/posts?term=${encodeURIComponent('停水')}&amp;source=forum&amp;day=2026-11-26&amp;fold=true">${total} 条</a></td>`)
    // Main posts: the negative ones before the others.
    const labels = [...page.matchAll(/<li><span class="(?:neg)?">\[(负面|中性|正面)\]<\/span>/g)].map((m) => m[1])
    expect(labels).toHaveLength(Math.min(total, 10))
    expect(labels.join('')).toMatch(/^(负面)*(中性|正面)*$/)
    // Both tasks were opened from posts of the word, assigned, and are past due.
    expect(page.match(/<td class="neg">已交办（超期）<\/td><td>水务局 handler<\/td>/g)).toHaveLength(2)
  })

  it('escapes a hostile post in it, drops the javascript: link, and forbids scripts by CSP', async () => {
    const res = await analyst.request(url)
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    const page = await res.text()
    expect(page).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;')
    expect(page).not.toMatch(/<script|<img|javascript:/i)
    expect(page).not.toMatch(/<[^>]*onerror=/i)
  })

  it('reports a day without the word as such, and refuses a malformed day naming it', async () => {
    const page = await (await analyst.request(`/api/terms/${encodeURIComponent('停水')}/report?day=2026-11-01`)).text()
    expect(page).toContain('<p>当日没有提到它的帖子。</p>')
    expect(page).toContain('<p>当日没有帖子。</p>')
    const bad = await analyst.json<{ error: { message: string } }>('GET', `/api/terms/${encodeURIComponent('停水')}/report?day=11-26`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('day')
  })
})

describe('daily brief as PDF', () => {
  const chromium = '/usr/bin/chromium'

  it('prints the brief with Chromium, its links made absolute', async () => {
    if (!existsSync(chromium)) throw new Error(`${chromium} is missing: install Debian's chromium (apt-get install chromium fonts-noto-cjk)`)
    const withPdf = await signIn(testApp(db.store, { chromium }), 'viewer')
    const res = await withPdf.request('http://yuqing.test/api/brief?day=2026-11-26&format=pdf')
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.toString('latin1')).toContain('http://yuqing.test/api/posts?term=')
  })

  it('prints a word’s event report the same way', async () => {
    if (!existsSync(chromium)) throw new Error(`${chromium} is missing: install Debian's chromium (apt-get install chromium fonts-noto-cjk)`)
    const withPdf = await signIn(testApp(db.store, { chromium }), 'viewer')
    const res = await withPdf.request(`http://yuqing.test/api/terms/${encodeURIComponent('停水')}/report?day=2026-11-26&format=pdf`)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="report-2026-11-26.pdf"')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.toString('latin1')).toContain(`http://yuqing.test/api/posts?term=${encodeURIComponent('停水')}`)
  })

  it('answers 501 with what to install when there is no Chromium', async () => {
    const without = await signIn(testApp(db.store, { chromium: '/nowhere/chromium' }), 'viewer')
    const res = await without.json<{ error: { code: string; message: string } }>('GET', '/api/brief?format=pdf')
    expect(res.status).toBe(501)
    expect(res.body.error.message).toMatch(/^no Chromium at \/nowhere\/chromium: install it/)
  })
})

describe('hostile input', () => {
  it('returns a post whose body holds markup as inert JSON text, nosniff', async () => {
    const res = await analyst.request(`/api/posts?q=${encodeURIComponent('停水')}&limit=100`)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const page = (await res.json()) as PostPage
    expect(page.items.find((p) => p.id === 'evil')?.text).toBe(HOSTILE_TEXT)
  })

  it('escapes it in the HTML brief, drops the javascript: link, and forbids scripts by CSP', async () => {
    const res = await analyst.request('/api/brief?day=2026-11-26')
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    const page = await res.text()
    expect(page).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;')
    expect(page).not.toMatch(/<script|<img|javascript:/i)
    expect(page).not.toMatch(/<[^>]*onerror=/i)
    const task = await analyst.json<{ title: string; evidence: { urls: string[] } }>('GET', `/api/tasks/${hostileTask}`)
    expect(task.body.title).toBe('<script>alert("t")</script>')
  })

  it('refuses a body over the limit with 413 before reading it into a route', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) })
    const res = await analyst.request('/api/tasks/x/comments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large')
    const small = testApp(db.store, { maxBodyBytes: 100 })
    const login = await small.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'a'.repeat(200), password: 'b' }) })
    expect(login.status).toBe(413)
  })
})
