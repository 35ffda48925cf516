import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { addDays, dayOf, parseLocalTime } from '@yuqing/core'
import type { FeedSource, HtmlSource } from '../source.ts'

/**
 * 青溪论坛, the demo forum the project ships: a small fictional county forum served on loopback,
 * with list pages (10 threads each, newest first), thread pages and a robots.txt. Its posts are
 * dated relative to today, so a fresh start always has a board for today and yesterday.
 */
interface DemoPost {
  id: number
  board: string
  title: string
  content: string
  author: string
  daysAgo: number
  time: string
}

/** An item of the demo county's news feed (青溪新闻): notices of the offices and the local media. */
interface DemoNews {
  id: number
  title: string
  content: string
  /** Who published it. */
  source: string
  daysAgo: number
  time: string
}

export interface DemoForum {
  url: string
  /** The forum. */
  source: HtmlSource
  /** Number of threads the forum holds. */
  size: number
  /** The county's news feed, served beside the forum: a second kind of source (RSS). */
  newsSource: FeedSource
  /** Number of items the feed holds. */
  newsSize: number
  close(): Promise<void>
}

const PAGE_SIZE = 10
const postsFile = new URL('../../demo/forum-posts.json', import.meta.url)
const newsFile = new URL('../../demo/news-items.json', import.meta.url)

export async function startDemoForum(options: { timezone: string; port?: number; now?: Date }): Promise<DemoForum> {
  const now = options.now ?? new Date()
  const posts = (JSON.parse(readFileSync(postsFile, 'utf8')) as DemoPost[])
    .map((post) => ({ ...post, at: postTime(post, now, options.timezone) }))
    .sort((a, b) => b.at.getTime() - a.at.getTime())
  const byId = new Map(posts.map((p) => [String(p.id), p]))
  const pages = Math.ceil(posts.length / PAGE_SIZE)
  const news = (JSON.parse(readFileSync(newsFile, 'utf8')) as DemoNews[])
    .map((item) => ({ ...item, at: postTime(item, now, options.timezone) }))
    .sort((a, b) => b.at.getTime() - a.at.getTime())
  const newsById = new Map(news.map((n) => [String(n.id), n]))
  let base = ''

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` })
      res.end(body)
    }
    if (url.pathname === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow: /admin\n')
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/forum?page=1' })
      return res.end()
    }
    if (url.pathname === '/news/rss.xml') return send(200, 'application/rss+xml', newsFeed(news, base))
    const newsItem = /^\/news\/(\d+)$/.exec(url.pathname)
    const item = newsItem ? newsById.get(newsItem[1] as string) : undefined
    if (item) {
      return send(
        200,
        'text/html',
        layout(item.title, `<article><h1>${escape(item.title)}</h1><div class="meta">${escape(item.source)} ${formatLocal(item.at, options.timezone)}</div><p>${escape(item.content)}</p></article>`),
      )
    }
    if (url.pathname === '/forum') {
      const page = Math.min(Math.max(1, Number(url.searchParams.get('page')) || 1), pages)
      const items = posts.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      const rows = items
        .map(
          (p) =>
            `<li class="thread"><span class="board">[${escape(p.board)}]</span> <a class="thread-link" href="/thread/${p.id}">${escape(p.title)}</a> <span class="by">${escape(p.author)}</span> <span class="at">${formatLocal(p.at, options.timezone)}</span></li>`,
        )
        .join('\n')
      const next = page < pages ? `<a class="next" href="/forum?page=${page + 1}">下一页</a>` : ''
      return send(200, 'text/html', layout(`青溪论坛 - 第${page}页`, `<ul class="threads">\n${rows}\n</ul>\n<nav>第 ${page} / ${pages} 页 ${next}</nav>`))
    }
    const thread = /^\/thread\/(\d+)$/.exec(url.pathname)
    const post = thread ? byId.get(thread[1] as string) : undefined
    if (post) {
      const body = post.content
        .split('\n')
        .map((para) => `<p>${escape(para)}</p>`)
        .join('\n')
      return send(
        200,
        'text/html',
        layout(
          post.title,
          `<article><h1 class="title">${escape(post.title)}</h1>
<div class="meta">[${escape(post.board)}] <span class="author">${escape(post.author)}</span> 发表于 <time datetime="${formatLocal(post.at, options.timezone)}">${formatLocal(post.at, options.timezone)}</time></div>
<div class="content">${body}</div></article>`,
        ),
      )
    }
    return send(404, 'text/html', layout('404', '<p>帖子不存在或已被删除</p>'))
  })

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  base = url
  return { url, source: demoSource(url), size: posts.length, newsSource: demoNewsSource(url), newsSize: news.length, close: () => closeServer(server) }
}

/** The demo county's news feed as a source definition (`kind: rss`). */
export function demoNewsSource(baseUrl: string): FeedSource {
  return {
    id: 'demo-qingxi-news',
    name: '青溪新闻（演示）',
    kind: 'rss',
    feedUrls: [`${baseUrl}/news/rss.xml`],
    maxPages: 5,
    headers: {},
    allowPrivateNetwork: true,
    delaySecs: 0,
    // The offices' notices and the local paper: official wording.
    official: true,
  }
}

/** RSS 2.0 of the news items, newest first; every text escaped. */
function newsFeed(items: readonly (DemoNews & { at: Date })[], base: string): string {
  const entries = items
    .map(
      (n) =>
        `<item><title>${escape(n.title)}</title><link>${base}/news/${n.id}</link><guid isPermaLink="false">qingxi-news-${n.id}</guid><pubDate>${n.at.toUTCString()}</pubDate><dc:creator>${escape(n.source)}</dc:creator><description>${escape(n.content)}</description></item>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>青溪新闻</title><link>${base}/news/rss.xml</link><description>青溪县政务与本地新闻（演示）</description>\n${entries}\n</channel></rss>`
}

/** The demo forum as a source definition, the same shape a user writes in `sources/*.yaml`. */
export function demoSource(baseUrl: string): HtmlSource {
  return {
    id: 'demo-qingxi-forum',
    name: '青溪论坛（演示）',
    kind: 'html',
    startUrls: [`${baseUrl}/forum?page=1`],
    maxPages: 20,
    headers: {},
    // yuqing serves it itself, on loopback: no other site's server to be polite to, and a new user
    // sees the board seconds after the start instead of after a minute of one request a second.
    allowPrivateNetwork: true,
    delaySecs: 0,
    list: { postLinks: 'a.thread-link', nextPage: 'a.next' },
    post: { title: 'h1.title', content: '.content', author: '.author', publishedAt: 'time@datetime', idFromUrl: '/thread/(\\d+)' },
  }
}

/**
 * The post's day and time made absolute. Today's posts are spread over the part of today that has
 * passed (in order), so that early in the morning they are still today's and none is in the future.
 */
function postTime(post: Pick<DemoPost, 'daysAgo' | 'time'>, now: Date, timezone: string): Date {
  const today = dayOf(now, timezone)
  const at = parseLocalTime(`${addDays(today, -post.daysAgo)} ${post.time}`, timezone) ?? now
  if (post.daysAgo > 0) return at
  const start = (parseLocalTime(today, timezone) ?? now).getTime()
  const [hours = 0, minutes = 0] = post.time.split(':').map(Number)
  return new Date(start + ((hours * 60 + minutes) / 1440) * (now.getTime() - start))
}

function formatLocal(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short' }).format(date)
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><header><a href="/forum?page=1">青溪论坛</a></header>${body}</body></html>`
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
