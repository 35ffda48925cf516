import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryQueue, silentLogger, type RawPost } from '@yuqing/core'
import { checkSource } from './check-source.ts'
import { crawlSource } from './crawl.ts'
import { startDemoForum, type DemoForum } from './demo/forum-server.ts'
import type { HtmlSource } from './source.ts'

const timezone = 'Asia/Shanghai'
// Mid-afternoon in Shanghai, so every demo post keeps its written time.
const now = new Date('2026-11-26T07:00:00Z')

function collector() {
  const queue = new MemoryQueue<RawPost>('posts')
  const posts: RawPost[] = []
  queue.process(async (post) => {
    posts.push(post)
  })
  return { queue, posts }
}

describe('crawler on the demo forum', () => {
  let forum: DemoForum
  beforeAll(async () => {
    forum = await startDemoForum({ timezone, now })
  })
  afterAll(async () => {
    await forum.close()
  })

  it('follows every list page and extracts each thread exactly', async () => {
    const { queue, posts } = collector()
    const report = await crawlSource(forum.source, { queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
    await queue.idle()
    expect(report).toMatchObject({ listPages: 6, postPages: 60, queued: 60, known: 0, failures: [] })
    expect(new Set(posts.map((p) => p.id)).size).toBe(60)
    const first = posts.find((p) => p.url?.endsWith('/thread/1001'))
    expect(first).toMatchObject({
      source: 'demo-qingxi-forum',
      title: '农贸市场要改造了，我们摊位咋办？',
      author: '卖豆腐的王姐',
      // 3 days before 2026-11-26, 07:25 in Shanghai.
      publishedAt: '2026-11-22T23:25:00.000Z',
    })
    expect(first?.content.startsWith('早上去农贸市场买菜，看到大门口贴了通知')).toBe(true)
    expect(first?.content.split('\n')).toHaveLength(2)
    // A netizens' forum, not an official source: its posts carry no such mark.
    expect(posts.some((p) => 'official' in p)).toBe(false)
  })

  it('fetches nothing again that is stored already and stops paging at a known page', async () => {
    const first = collector()
    await crawlSource(forum.source, { queue: first.queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
    await first.queue.idle()
    const stored = new Set(first.posts.map((p) => p.id))

    const second = collector()
    const report = await crawlSource(forum.source, {
      queue: second.queue,
      knownPostIds: async (ids) => new Set(ids.filter((id) => stored.has(id))),
      timezone,
      logger: silentLogger,
      delaySecs: 0,
    })
    expect(report).toMatchObject({ listPages: 1, postPages: 0, queued: 0, known: 10 })
    expect(second.posts).toEqual([])

    // After a crawl that never finished, every list page is read: a post missed on page 5 is found.
    const missed = [...stored][45] as string
    const third = collector()
    const deep = await crawlSource(forum.source, {
      queue: third.queue,
      knownPostIds: async (ids) => new Set(ids.filter((id) => stored.has(id) && id !== missed)),
      timezone,
      logger: silentLogger,
      delaySecs: 0,
      stopAtKnownPage: false,
    })
    await third.queue.idle()
    expect(deep).toMatchObject({ listPages: 6, postPages: 1, queued: 1, known: 59 })
    expect(third.posts.map((p) => p.id)).toEqual([missed])
  })

  it('reads the demo county’s news feed beside the forum: every item a post, with its publisher and time', async () => {
    const { queue, posts } = collector()
    const report = await crawlSource(forum.newsSource, { queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger })
    await queue.idle()
    expect(report).toMatchObject({ listPages: 1, postPages: 0, queued: forum.newsSize, known: 0, failures: [] })
    expect(forum.newsSize).toBe(13)
    const closure = posts.find((p) => p.title === '青溪大桥下周一起封闭施工')
    expect(closure).toMatchObject({
      source: 'demo-qingxi-news',
      author: '县交通运输局',
      url: `${forum.url}/news/501`,
      // 3 days before 2026-11-26, 09:00 in Shanghai.
      publishedAt: '2026-11-23T01:00:00.000Z',
    })
    expect(closure?.content.startsWith('县交通运输局通告：青溪大桥因桥面修复')).toBe(true)
    // An official source (its definition says so): every post carries it, the forum's none.
    expect(posts.every((p) => p.official === true)).toBe(true)
    // Each item's page exists, for the link staff follow.
    expect((await fetch(`${forum.url}/news/501`)).status).toBe(200)
  })

  it('keeps a post’s id when the forum moves to another port', async () => {
    const moved = await startDemoForum({ timezone, now })
    try {
      const a = collector()
      const b = collector()
      await crawlSource({ ...forum.source, maxPages: 1 }, { queue: a.queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
      await crawlSource({ ...moved.source, maxPages: 1 }, { queue: b.queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
      await Promise.all([a.queue.idle(), b.queue.idle()])
      expect(a.posts.map((p) => p.id).sort()).toEqual(b.posts.map((p) => p.id).sort())
      expect(a.posts).toHaveLength(10)
    } finally {
      await moved.close()
    }
  })
})

describe('crawler on awkward pages', () => {
  let server: Server
  let base = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      const html = (body: string) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(body)
      }
      switch (req.url) {
        case '/robots.txt':
          res.writeHead(200, { 'content-type': 'text/plain' })
          return res.end('User-agent: *\nDisallow: /private\n')
        case '/list':
          return html('<a class="t" href="/t/1">one</a><a class="t" href="/t/2">two</a><a class="t" href="/private/3">three</a><a class="t" href="http://[bad">bad</a>')
        case '/t/1':
          return html('<h1>标题一<div class="body"><p>第一段</p><p>第二段<script>x()</script>')
        case '/t/2':
          return html('<h1>没有正文</h1>')
        case '/lying/list':
          return html('<a class="t" href="/lying/1">one</a><a class="t" href="/lying/2">two</a>')
        case '/lying/1':
        case '/lying/2':
          // GBK bytes under a header that says UTF-8: read as the header says, the text is wrecked.
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          return res.end(iconv.encode('<div class="body">青溪镇自来水公司通知：明天上午停水检修，请居民提前储水。</div>', 'gbk'))
        default:
          res.writeHead(404)
          return res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('extracts from malformed HTML, reports a post without content and skips what robots.txt disallows', async () => {
    const source: HtmlSource = {
      id: 'awkward',
      name: 'awkward',
      kind: 'html',
      startUrls: [`${base}/list`],
      maxPages: 1,
      headers: {},
      list: { postLinks: 'a.t' },
      post: { title: 'h1', content: '.body' },
      allowPrivateNetwork: true,
    }
    const { queue, posts } = collector()
    const report = await crawlSource(source, { queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
    await queue.idle()
    expect(posts).toHaveLength(1)
    expect(posts[0]?.content).toBe('第一段\n第二段')
    expect(report.failures).toEqual([{ url: `${base}/t/2`, reason: 'no content at selector ".body"' }])
    expect(report.skipped).toEqual([{ url: `${base}/private/3`, reason: 'disallowed by robots.txt (Disallow: /private)' }])
  })

  it('refuses text wrecked by a charset the site names wrongly, pointing at the source setting; the setting reads it', async () => {
    const source: HtmlSource = {
      id: 'lying',
      name: 'lying',
      kind: 'html',
      startUrls: [`${base}/lying/list`],
      maxPages: 1,
      headers: {},
      list: { postLinks: 'a.t' },
      post: { content: '.body' },
      allowPrivateNetwork: true,
    }
    const wrecked = collector()
    const report = await crawlSource(source, { queue: wrecked.queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
    await wrecked.queue.idle()
    expect(wrecked.posts).toEqual([])
    expect(report.failures.map((f) => f.url)).toEqual([`${base}/lying/1`, `${base}/lying/2`])
    expect(report.failures[0]?.reason).toMatch(/^content garbled: \d+ of \d+ characters are U\+FFFD.*set "encoding" in the source$/)

    const fixed = collector()
    const again = await crawlSource({ ...source, encoding: 'gbk' }, { queue: fixed.queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
    await fixed.queue.idle()
    expect(again.failures).toEqual([])
    expect(fixed.posts.map((p) => p.content)).toEqual(['青溪镇自来水公司通知：明天上午停水检修，请居民提前储水。', '青溪镇自来水公司通知：明天上午停水检修，请居民提前储水。'])

    // `yuqing sources check` says so before a crawl does.
    const check = await checkSource(source, { timezone })
    expect(check.problems).toEqual([expect.stringMatching(new RegExp(`^post\\.content on ${base}/lying/1: garbled: \\d+ of \\d+ characters are U\\+FFFD.*set "encoding" in the source$`))])
    expect((await checkSource({ ...source, encoding: 'gbk' }, { timezone })).problems).toEqual([])
  })

  it('refuses a site on loopback or a private network unless an admin allowed it (SSRF)', async () => {
    const source: HtmlSource = {
      id: 'intranet',
      name: 'intranet',
      kind: 'html',
      startUrls: [`${base}/list`],
      maxPages: 1,
      headers: {},
      list: { postLinks: 'a.t' },
      post: { content: '.body' },
    }
    const { queue, posts } = collector()
    const report = await crawlSource(source, { queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0 })
    expect(posts).toEqual([])
    expect(report.listPages).toBe(0)
    expect(report.failures).toHaveLength(1)
    expect(report.failures[0]?.reason).toContain('a private or loopback address (127.0.0.1)')
    const allowed = await crawlSource(source, { queue, knownPostIds: async () => new Set(), timezone, logger: silentLogger, delaySecs: 0, allowPrivateNetworks: true })
    expect(allowed.listPages).toBe(1)
  })
})
