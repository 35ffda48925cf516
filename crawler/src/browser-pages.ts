import { chromium, errors, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { checkOutboundUrl, CriticalError, InputError, RetryableError } from '@yuqing/core'
import type { LoadedPage, PageLoader } from './crawl-pages.ts'
import { loadHtml } from './extract.ts'
import { USER_AGENT, type Fetcher } from './fetcher.ts'
import type { PageSource } from './source.ts'

/** Debian's Chromium; Playwright's own browser download is unreachable where yuqing runs. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** What a rendered page does not need to show its text. */
const SKIPPED_RESOURCES = new Set(['image', 'media', 'font', 'stylesheet'])

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
  const pages: BrowserContext = await browser.newContext({ userAgent: USER_AGENT, extraHTTPHeaders: source.headers, javaScriptEnabled: true })
  const allowPrivate = fetcher.policy.allowPrivateNetwork ?? false
  // Every request the page makes (redirects, frames, its scripts' fetch/XHR) passes the same SSRF guard as the first.
  await pages.route('**/*', async (route) => {
    if (SKIPPED_RESOURCES.has(route.request().resourceType())) return route.abort()
    try {
      await checkOutboundUrl(route.request().url(), { allowPrivate })
    } catch {
      return route.abort('blockedbyclient')
    }
    return route.continue()
  })
  const timeout = fetcher.policy.timeoutMs
  const waitOverride = source.kind === 'browser' ? source.waitFor : undefined
  const delayMs = source.delaySecs === undefined ? undefined : source.delaySecs * 1000

  // Tabs are reused: opening one costs more than rendering a small page.
  const idle: Page[] = []
  const render = async (url: string, waitFor: string): Promise<LoadedPage> => {
    const page = idle.pop() ?? (await pages.newPage())
    let reusable = false
    try {
      await checkOutboundUrl(url, { allowPrivate: fetcher.policy.allowPrivateNetwork ?? false })
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout })
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
