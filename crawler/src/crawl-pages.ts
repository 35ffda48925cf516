import type { CheerioAPI } from 'cheerio'
import { canonicalUrl, InputError } from '@yuqing/core'
import { openBrowserPages } from './browser-pages.ts'
import { decodeBody } from './charset.ts'
import type { CrawlContext } from './crawl.ts'
import type { Fetcher } from './fetcher.ts'
import { extractField, extractLinks, loadHtml } from './extract.ts'
import type { PageSource } from './source.ts'

/** A page ready to read: where it ended up after redirects, and its document. */
export interface LoadedPage {
  url: string
  $: CheerioAPI
}

/** Loads a list or post page; `waitFor` is what a browser waits to appear before reading. */
export type PageLoader = (url: string, waitFor: string) => Promise<LoadedPage>

/** A plain HTTP page, decoded by header, `<meta>`, then detection. */
export function httpPageLoader(source: PageSource, fetcher: Fetcher): PageLoader {
  const delayMs = source.delaySecs === undefined ? undefined : source.delaySecs * 1000
  return async (url) => {
    const response = await fetcher.get(url, source.headers, delayMs)
    const { text } = decodeBody(response.bytes, response.contentType, source.encoding)
    return { url: response.url, $: loadHtml(text) }
  }
}

/**
 * An HTML or browser source: list pages in order (following `nextPage` while a page still brings
 * new posts, up to `maxPages`), and each new post page as soon as its link is seen.
 */
export async function crawlPages(context: CrawlContext<PageSource>): Promise<void> {
  const { source } = context
  if (source.kind === 'browser') {
    const browser = await openBrowserPages(source, context.fetcher, context.options.chromiumPath)
    try {
      await readListsAndPosts(context, browser.load)
    } finally {
      await browser.close()
    }
    return
  }
  await readListsAndPosts(context, httpPageLoader(source, context.fetcher))
}

async function readListsAndPosts(context: CrawlContext<PageSource>, load: PageLoader): Promise<void> {
  const { source, report } = context
  const seenPosts = new Set<string>()
  const postTasks: Promise<void>[] = []
  for (const start of source.startUrls) {
    const seenLists = new Set<string>()
    let url: string | undefined = start
    for (let page = 1; url && page <= source.maxPages && !seenLists.has(url); page++) {
      seenLists.add(url)
      let loaded: LoadedPage
      try {
        loaded = await load(url, source.list.postLinks)
      } catch (error) {
        context.fail(url, error)
        break
      }
      report.listPages++
      const links = [...new Set(extractLinks(loaded.$, source.list.postLinks, loaded.url).map(canonicalUrl))].filter((link) => !seenPosts.has(link))
      for (const link of links) seenPosts.add(link)
      const ids = links.map((link) => context.idOf({ url: link, nativeId: nativeIdOf(source, link), content: '' }))
      const known = await context.known(ids)
      const fresh = links.filter((_, i) => !known.has(ids[i] ?? ''))
      report.known += links.length - fresh.length
      for (const link of fresh) postTasks.push(readPost(context, load, link))
      context.options.onProgress?.(report)
      // Lists run newest first: once a whole page is known, the older pages are known too.
      if ((fresh.length === 0 && context.options.stopAtKnownPage !== false) || !source.list.nextPage) break
      url = extractLinks(loaded.$, source.list.nextPage, loaded.url)[0]
    }
  }
  await Promise.all(postTasks)
}

async function readPost(context: CrawlContext<PageSource>, load: PageLoader, url: string): Promise<void> {
  const { source, report } = context
  try {
    const { $ } = await load(url, source.post.content)
    report.postPages++
    const content = extractField($, source.post.content)
    if (!content) throw new InputError(`no content at selector "${source.post.content}"`)
    const field = (selector: string | undefined) => (selector ? extractField($, selector) : undefined)
    await context.emit({
      url,
      nativeId: nativeIdOf(source, url),
      title: field(source.post.title),
      content,
      author: field(source.post.author),
      published: field(source.post.publishedAt),
    })
  } catch (error) {
    context.fail(url, error)
  }
}

/** The site's own id of a post, when the source says where it is in the URL. */
export function nativeIdOf(source: PageSource, url: string): string | undefined {
  return source.post.idFromUrl ? new RegExp(source.post.idFromUrl).exec(url)?.[1] : undefined
}
