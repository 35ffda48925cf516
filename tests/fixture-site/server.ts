import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { encode } from './encode.ts'
import { createForum } from './forum.ts'
import * as pages from './pages.ts'

export interface FixtureSiteOptions {
  /** Threads on the Discuz board (the six fixed ones first). */
  forumThreads?: number
  /** Threads per board page. */
  forumPageSize?: number
  /** Posts on the page built by JavaScript. */
  jsPosts?: number
  /** How long `/cases/slow.html` keeps the client waiting. */
  slowMs?: number
}

export interface FixtureSite {
  url: string
  /** Requests seen per path (with query). */
  hits(path: string): number
  /** The request headers seen for a path, last request first. */
  headersOf(path: string): IncomingMessage['headers'] | undefined
  /** The most requests that were in flight at once. */
  maxInFlight(): number
  close(): Promise<void>
}

const HUGE_BYTES = 20 * 1024 * 1024

/** The crawler's test site on loopback (port 0), counting what it is asked for. */
export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const forum = createForum(options.forumThreads ?? 6, options.forumPageSize ?? 3)
  const hits = new Map<string, number>()
  const headers = new Map<string, IncomingMessage['headers']>()
  let inFlight = 0
  let maxInFlight = 0
  const timers = new Set<NodeJS.Timeout>()
  // Encoding is the fixture's cost, not the crawler's: each page is encoded once.
  const encoded = new Map<string, Buffer>()
  const gbk = (key: string, page: string) => {
    let bytes = encoded.get(key)
    if (!bytes) {
      bytes = encode(page, 'gbk')
      encoded.set(key, bytes)
    }
    return bytes
  }

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
    res.end(body)
  }
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  const route = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture')
    const path = url.pathname
    const count = hits.get(req.url ?? '') ?? 0
    const html = (body: string) => send(res, 200, 'text/html; charset=utf-8', body)
    // Old Chinese sites send no charset; the bytes alone say what they are.
    const legacy = (body: Buffer) => send(res, 200, 'text/html', body)

    if (path === '/robots.txt') return send(res, 200, 'text/plain', pages.ROBOTS_TXT)
    const list = /^\/forum-2-(\d+)\.html$/.exec(path)
    const listPage = list ? forum.list(Number(list[1])) : undefined
    if (listPage) return legacy(gbk(path, listPage))
    const thread = /^\/thread-(\d+)-1-1\.html$/.exec(path)
    const threadPage = thread ? forum.thread(Number(thread[1])) : undefined
    if (threadPage) return legacy(gbk(path, threadPage))

    switch (path) {
      case '/news/index.html':
        return html(pages.NEWS_LIST)
      case '/news/big5.html':
        return legacy(encode(pages.NEWS_BIG5, 'big5'))
      case '/news/gb18030.html':
        return legacy(encode(pages.NEWS_GB18030, 'gb18030'))
      case '/feeds/rss.xml':
        return send(res, 200, 'application/rss+xml', encode(pages.RSS, 'gbk'))
      case '/feeds/atom.xml':
        return send(res, 200, 'application/atom+xml; charset=utf-8', pages.ATOM)
      case '/api/messages':
        return send(res, 200, 'application/json', pages.messagesPage(Number(url.searchParams.get('page') ?? 1)))
      case '/js/list.html':
        return html(pages.jsList(options.jsPosts ?? 2))
      case '/js/post.html':
        return html(pages.JS_POST)
      case '/cases/index.html':
        return html(pages.CASES_LIST)
      case '/cases/malformed.html':
        return html(pages.MALFORMED)
      case '/cases/flaky.html':
        // Fails once, then recovers: a retry must get the post.
        return count === 1 ? send(res, 500, 'text/plain', 'database busy') : html(pages.FLAKY_POST)
      case '/cases/loop.html':
      case '/cases/loop-2.html':
        res.writeHead(302, { location: path === '/cases/loop.html' ? '/cases/loop-2.html' : '/cases/loop.html' })
        return res.end()
      case '/cases/huge.html': {
        // 20 MB, streamed without a Content-Length: only counting the bytes can stop it.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        const chunk = Buffer.alloc(64 * 1024, '<p>大</p>')
        let sent = 0
        const pump = () => {
          while (sent < HUGE_BYTES && !res.destroyed) {
            sent += chunk.length
            if (!res.write(chunk)) return void res.once('drain', pump)
          }
          res.end()
        }
        return pump()
      }
      case '/cases/slow.html':
        return later(options.slowMs ?? 2000, () => {
          if (!res.destroyed) html(pages.FLAKY_POST)
        })
    }
    const data = /^\/js\/data\/(\d+)\.json$/.exec(path)
    if (data) return send(res, 200, 'application/json', pages.jsPostData(Number(data[1])))
    return send(res, 404, 'text/html; charset=utf-8', '<h1>404 页面不存在</h1>')
  }

  const server = createServer((req, res) => {
    const key = req.url ?? ''
    hits.set(key, (hits.get(key) ?? 0) + 1)
    headers.set(key, req.headers)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.once('close', () => inFlight--)
    route(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    hits: (path) => hits.get(path) ?? 0,
    headersOf: (path) => headers.get(path),
    maxInFlight: () => maxInFlight,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
