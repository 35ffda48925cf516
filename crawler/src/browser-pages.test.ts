import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError, RetryableError, silentLogger } from '@yuqing/core'
import { openBrowserPages } from './browser-pages.ts'
import { defaultFetchPolicy, Fetcher, type FetchPolicy } from './fetcher.ts'
import { BrowserSource } from './source.ts'

/** A page whose text is all fetched by its script: through redirects, by POST with its cookies, gzip-encoded. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>动态</title>
<p id="moved"></p><p id="posted"></p><p id="zipped"></p><p id="away"></p>
<script>
(async () => {
  const text = async (path, init) => (await fetch(path, init)).text()
  document.getElementById('moved').textContent = await text('/old')
  document.getElementById('posted').textContent = await text('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: '青溪' }) })
  document.getElementById('zipped').textContent = await text('/zipped')
  document.getElementById('away').textContent = await text('/away')
  document.body.insertAdjacentHTML('beforeend', '<i id="done"></i>')
})()
</script>`

/** A page that opens a WebSocket to its own server, which routing does not see. */
const SOCKET_PAGE = `<!doctype html><script>
const socket = new WebSocket('ws://' + location.host + '/socket')
socket.onclose = () => document.body.insertAdjacentHTML('beforeend', '<i id="done"></i>')
</script>`

const source = BrowserSource.parse({ id: 'rendered', name: 'rendered', kind: 'browser', startUrls: ['http://127.0.0.1/'], list: { postLinks: 'a' }, post: { content: '#moved' } })

describe('the browser fetcher', () => {
  let server: Server
  let port = 0
  const hits: string[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`)
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const html = { 'content-type': 'text/html; charset=utf-8' }
        if (req.url === '/page') return res.writeHead(200, { ...html, 'set-cookie': ['session=s1; Path=/', 'lang=zh; Path=/'] }).end(PAGE)
        if (req.url === '/moved') return res.writeHead(301, { location: '/page' }).end()
        if (req.url === '/away') return res.writeHead(302, { location: `http://localhost:${port}/echo` }).end()
        if (req.url === '/old') return res.writeHead(302, { location: '/new' }).end()
        if (req.url === '/new') return res.writeHead(200, html).end('已搬到新址')
        if (req.url === '/echo') return res.writeHead(200, html).end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString(), cookie: req.headers.cookie, agent: req.headers['user-agent'] }))
        if (req.url === '/zipped') return res.writeHead(200, { ...html, 'content-encoding': 'gzip' }).end(gzipSync('压缩的数据'))
        if (req.url === '/huge') return res.writeHead(200, html).end('大'.repeat(100_000))
        if (req.url === '/dropped') return req.socket.destroy()
        if (req.url === '/socket-page') return res.writeHead(200, html).end(SOCKET_PAGE)
        return res.writeHead(404).end()
      })
    })
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      hits.push(`UPGRADE ${req.url}`)
      socket.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const browserWith = (policy: Partial<FetchPolicy>) => openBrowserPages(source, new Fetcher({ ...defaultFetchPolicy, delayMs: 0, retries: 0, maxBytes: 64 * 1024, ...policy }, silentLogger))

  describe('on a site an admin allowed on this machine', () => {
    let browser: Awaited<ReturnType<typeof openBrowserPages>>
    beforeAll(async () => {
      browser = await browserWith({ allowPrivateNetwork: true })
    })
    afterAll(() => browser.close())

    it("renders what the page's script fetches: through a redirect, by POST with the page's cookies, gzip-encoded", async () => {
      const { $ } = await browser.load(`http://127.0.0.1:${port}/page`, '#done')
      expect($('#moved').text()).toBe('已搬到新址')
      expect(JSON.parse($('#posted').text())).toEqual({ method: 'POST', body: '{"q":"青溪"}', cookie: 'session=s1; lang=zh', agent: expect.stringMatching(/^yuqing\//) })
      expect($('#zipped').text()).toBe('压缩的数据')
    })

    it("sends the page's cookies to its own site only, not to another it is redirected to", async () => {
      const { $ } = await browser.load(`http://127.0.0.1:${port}/page`, '#done')
      expect(JSON.parse($('#away').text())).toEqual({ method: 'GET', body: '', agent: expect.stringMatching(/^yuqing\//) })
    })

    it('follows a page that moved, reading it at its new address', async () => {
      hits.length = 0
      const loaded = await browser.load(`http://127.0.0.1:${port}/moved`, '#done')
      expect(loaded.url).toBe(`http://127.0.0.1:${port}/page`)
      expect(loaded.$('#moved').text()).toBe('已搬到新址')
      expect(hits.slice(0, 2)).toEqual(['GET /moved', 'GET /page'])
    })

    it('refuses a page larger than the byte limit', async () => {
      await expect(browser.load(`http://127.0.0.1:${port}/huge`, 'p')).rejects.toThrow(new InputError('response larger than 0.1 MB'))
    })

    it('fails a page whose connection the server drops as retryable', async () => {
      await expect(browser.load(`http://127.0.0.1:${port}/dropped`, 'p')).rejects.toBeInstanceOf(RetryableError)
    })

    it('opens no WebSocket, which the guard could not check', async () => {
      await browser.load(`http://127.0.0.1:${port}/socket-page`, '#done')
      expect(hits).toContain('GET /socket-page')
      expect(hits).not.toContain('UPGRADE /socket')
    })
  })

  it('refuses a name the check saw as public when the connection finds it on this machine (DNS rebinding)', async () => {
    // The check's resolver answers public, as a rebinding DNS does first; the connection's own lookup then finds loopback.
    const browser = await browserWith({ allowPrivateNetwork: false, resolve: async () => ['203.0.113.9'] })
    try {
      hits.length = 0
      const refused = browser.load(`http://localhost:${port}/page`, '#done')
      await expect(refused).rejects.toThrow(InputError)
      await expect(refused).rejects.toThrow(/refused localhost: it resolves to a private or loopback address .* at connect time/)
      expect(hits).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
