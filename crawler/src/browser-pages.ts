import { chromium, errors, type Browser, type BrowserContext, type Frame, type Page, type Request, type Response } from 'playwright-core'
import { checkOutboundUrl, CriticalError, InputError, outboundFetch, RetryableError } from '@yuqing/core'
import type { LoadedPage, PageLoader } from './crawl-pages.ts'
import { loadHtml } from './extract.ts'
import { USER_AGENT, type Fetcher } from './fetcher.ts'
import { fetchFault, readAtMost, withDeadline, type HttpLimits } from './http-get.ts'
import type { PageSource } from './source.ts'

/** Debian's Chromium; Playwright's own browser download is unreachable where yuqing runs. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** A proxy address nothing listens on (the discard port of this machine). */
const NO_PROXY = 'http://127.0.0.1:9'

/** What a rendered page does not need to show its text. */
const SKIPPED_RESOURCES = new Set(['image', 'media', 'font', 'stylesheet'])

/** Request headers that belong to Chromium's own connection; Node's fetch sets its own (and decodes only the encodings it asked for). */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'accept-encoding'])

/** Response headers that describe the bytes on the wire, which Node's fetch has already decoded. */
const WIRE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'])

/**
 * Renders pages in one Chromium per crawl, each page under the fetcher's rules (robots.txt, the
 * host's gate, retries). The rendered DOM is then read like any HTML page.
 */
export async function openBrowserPages(source: PageSource, fetcher: Fetcher, chromiumPath?: string): Promise<{ load: PageLoader; close(): Promise<void> }> {
  const executablePath = chromiumPath ?? CHROMIUM_PATH
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  } catch (error) {
    throw new CriticalError(`cannot start Chromium at ${executablePath} (apt-get install chromium)`, { cause: error })
  }
  // Chromium gets nothing from the network itself, only what the route below fetches for it:
  // what escapes routing (WebSockets are not routed) goes to a proxy that is not there.
  const pages: BrowserContext = await browser.newContext({ userAgent: USER_AGENT, extraHTTPHeaders: source.headers, javaScriptEnabled: true, proxy: { server: NO_PROXY } })
  const { allowPrivateNetwork: allowPrivate = false, resolve } = fetcher.policy
  // Why Chromium stopped loading a page: a fault (it would only say net::ERR_FAILED), or a redirect the page then follows.
  const stops = new WeakMap<Frame, InputError | RetryableError | URL>()
  // Every request the page makes (frames, its scripts' fetch/XHR, each redirect) passes the same
  // SSRF guard as the first, and Node makes it: Chromium's own DNS lookup could answer a private
  // address after the check's lookup answered a public one (DNS rebinding).
  await pages.route('**/*', async (route) => {
    const request = route.request()
    if (SKIPPED_RESOURCES.has(request.resourceType())) return route.abort()
    const mainFrame = request.isNavigationRequest() && request.frame().parentFrame() === null ? request.frame() : undefined
    let answer: Exchange
    try {
      // Chromium would follow a redirect without routing its target, so Node follows it, or the page navigates to it.
      answer = await guardedExchange(request, fetcher.policy, { followRedirects: !mainFrame })
    } catch (error) {
      const fault = fetchFault(error)
      if (mainFrame) stops.set(mainFrame, fault)
      return route.abort(fault instanceof InputError ? 'blockedbyclient' : 'failed')
    }
    if (mainFrame && answer.location) {
      stops.set(mainFrame, answer.location)
      return route.abort('aborted')
    }
    return route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body })
  })
  const timeout = fetcher.policy.timeoutMs
  const waitOverride = source.kind === 'browser' ? source.waitFor : undefined
  const delayMs = source.delaySecs === undefined ? undefined : source.delaySecs * 1000

  const navigate = async (page: Page, url: string): Promise<Response | null> => {
    let target = url
    for (let hop = 0; ; hop++) {
      await checkOutboundUrl(target, { allowPrivate, resolve })
      stops.delete(page.mainFrame())
      try {
        return await page.goto(target, { waitUntil: 'domcontentloaded', timeout })
      } catch (error) {
        const stop = stops.get(page.mainFrame())
        if (stop === undefined) throw error
        if (!(stop instanceof URL)) throw stop
        if (hop >= fetcher.policy.maxRedirects) throw new InputError(`too many redirects (more than ${fetcher.policy.maxRedirects})`)
        target = stop.href
      }
    }
  }

  // Tabs are reused: opening one costs more than rendering a small page.
  const idle: Page[] = []
  const render = async (url: string, waitFor: string): Promise<LoadedPage> => {
    const page = idle.pop() ?? (await pages.newPage())
    let reusable = false
    try {
      const response = await navigate(page, url)
      const status = response?.status() ?? 200
      if (status >= 500) throw new RetryableError(`HTTP ${status}`)
      if (status >= 400) throw new InputError(`HTTP ${status}`)
      // A page that never shows the selector is read as it is; extraction then says what is missing.
      await page.waitForSelector(waitOverride ?? waitFor.replace(/@[\w-]+$/, ''), { timeout, state: 'attached' }).catch(() => undefined)
      const loaded = { url: page.url(), $: loadHtml(await page.content()) }
      reusable = true
      return loaded
    } catch (error) {
      if (error instanceof errors.TimeoutError) throw new RetryableError(`timed out after ${timeout} ms`, { cause: error })
      throw error
    } finally {
      if (reusable) idle.push(page)
      else await page.close()
    }
  }

  return {
    load: (url, waitFor) => fetcher.run(url, () => render(url, waitFor), delayMs),
    close: () => browser.close(),
  }
}

interface Exchange {
  status: number
  headers: Record<string, string>
  body: Buffer
  /** Where a redirect not followed points. */
  location?: URL
}

/**
 * One request of the page, made by Node through the guarded fetch under the crawl's deadline and
 * byte limit, every redirect hop checked again.
 */
async function guardedExchange(request: Request, limits: HttpLimits, options: { followRedirects: boolean }): Promise<Exchange> {
  const from = new URL(request.url())
  // HTTP/2 pseudo-headers (`:authority`) are not headers fetch can send.
  let sent = Object.entries(await request.allHeaders()).filter(([name]) => !name.startsWith(':') && !CONNECTION_HEADERS.has(name))
  let method = request.method()
  let body: Uint8Array | null = request.postDataBuffer()
  return withDeadline(limits.timeoutMs, async (controller) => {
    for (let hop = 0, url = from; ; hop++) {
      await checkOutboundUrl(url.href, { allowPrivate: limits.allowPrivateNetwork ?? false, resolve: limits.resolve })
      const init: RequestInit = { method, headers: sent, body: body && new Uint8Array(body), redirect: 'manual', signal: controller.signal }
      const response = await outboundFetch(url.href, init, limits.allowPrivateNetwork ?? false)
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null
      if (location !== null && options.followRedirects) {
        await response.body?.cancel()
        if (hop >= limits.maxRedirects) throw new InputError(`too many redirects (more than ${limits.maxRedirects})`)
        const next = new URL(location, url)
        // The page's cookies and credentials are for its own site, not for wherever it redirects.
        if (next.origin !== url.origin) sent = sent.filter(([name]) => name !== 'cookie' && name !== 'authorization')
        // As browsers do (Fetch standard, HTTP-redirect fetch).
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET'
          body = null
          sent = sent.filter(([name]) => !name.startsWith('content-'))
        }
        url = next
        continue
      }
      const headers = Object.fromEntries([...response.headers].filter(([name]) => !WIRE_HEADERS.has(name) && name !== 'set-cookie'))
      // Chromium keeps cookies for the URL it asked for: a redirect target's cookies are not that site's.
      const cookies = url.origin === from.origin ? response.headers.getSetCookie() : []
      // Playwright hands Chromium one Set-Cookie per line of this value, so each cookie is kept.
      if (cookies.length > 0) headers['set-cookie'] = cookies.join('\n')
      return { status: response.status, headers, body: await readAtMost(response, limits.maxBytes, controller), location: location === null ? undefined : new URL(location, url) }
    }
  })
}
