import { canonicalUrl, garbledText, messageOf, silentLogger, type Logger } from '@yuqing/core'
import { openBrowserPages } from './browser-pages.ts'
import { decodeBody, WRONG_CHARSET_HINT } from './charset.ts'
import { httpPageLoader, type LoadedPage, type PageLoader } from './crawl-pages.ts'
import { valueAt } from './crawl-json.ts'
import { extractField, extractLinks, htmlToText } from './extract.ts'
import { parseFeed } from './feed.ts'
import { defaultFetchPolicy, Fetcher, type FetchPolicy } from './fetcher.ts'
import { postTime } from './published-time.ts'
import type { JsonSource, PageSource, Source } from './source.ts'

/** One field as the check found it: what the definition says, and what came out. */
export interface CheckedField {
  field: string
  selector: string
  values: string[]
}

export interface CheckedPage {
  what: 'list page' | 'post page' | 'feed' | 'API page'
  url: string
  fields: CheckedField[]
}

export interface SourceCheck {
  pages: CheckedPage[]
  /** What needs fixing, each naming the field and the page; empty when the source reads well. */
  problems: string[]
}

export interface CheckOptions {
  timezone: string
  logger?: Logger
  now?: Date
  fetch?: Partial<FetchPolicy>
  chromiumPath?: string
}

const SHOWN_LINKS = 5

/**
 * Reads one list page and one post page (or a feed, or an API page) the way a crawl would and
 * shows what each selector or path extracted, so a wrong selector is seen at once.
 */
export async function checkSource(source: Source, options: CheckOptions): Promise<SourceCheck> {
  // One request at a time, no delay: a check reads two pages.
  const policy = { ...defaultFetchPolicy, delayMs: 0, retries: 0, ...options.fetch }
  policy.allowPrivateNetwork = Boolean(policy.allowPrivateNetwork || source.allowPrivateNetwork)
  const fetcher = new Fetcher(policy, options.logger ?? silentLogger)
  const now = options.now ?? new Date()
  const check: SourceCheck = { pages: [], problems: [] }
  const time = (text: string, format: string | undefined) => {
    if (!text) return ''
    const parsed = postTime(text, options.timezone, now, format)
    if (!parsed) check.problems.push(`publishedAt: "${text}" is not a date yuqing understands (set timeFormat)`)
    return parsed ? `${text} → ${'publishedAt' in parsed ? parsed.publishedAt : parsed.day}` : `${text} → (not understood)`
  }
  switch (source.kind) {
    case 'html':
      await checkPages(source, httpPageLoader(source, fetcher), check, time)
      break
    case 'browser': {
      const browser = await openBrowserPages(source, fetcher, options.chromiumPath)
      try {
        await checkPages(source, browser.load, check, time)
      } finally {
        await browser.close()
      }
      break
    }
    case 'rss': {
      const url = source.feedUrls[0] ?? ''
      await reading(check, 'feed', url, async () => {
        const response = await fetcher.get(url, source.headers)
        const items = parseFeed(decodeBody(response.bytes, response.contentType, source.encoding).text, response.url)
        const first = items[0]
        if (!first) check.problems.push(`${url}: the feed holds no items`)
        const fields = [{ field: 'items', selector: 'item / entry', values: [String(items.length)] }]
        for (const [field, value] of Object.entries({ title: first?.title, url: first?.url, content: first?.content, author: first?.author })) {
          fields.push({ field: `first item ${field}`, selector: '', values: value ? [value] : [] })
        }
        fields.push({ field: 'first item publishedAt', selector: '', values: first?.published ? [time(first.published, undefined)] : [] })
        check.pages.push({ what: 'feed', url: response.url, fields })
      })
      break
    }
    case 'json':
      await checkJson(source, fetcher, check, time)
      break
  }
  // Text read in the wrong encoding: the crawl would refuse these posts (see crawl.ts).
  for (const page of check.pages) {
    for (const { field, values } of page.fields) {
      const garbled = field.includes('content') ? values.map((value) => garbledText(value)).find(Boolean) : undefined
      if (garbled) check.problems.push(`${field} on ${page.url}: ${garbled}; ${WRONG_CHARSET_HINT}`)
    }
  }
  return check
}

async function reading(check: SourceCheck, what: string, url: string, read: () => Promise<void>): Promise<void> {
  try {
    await read()
  } catch (error) {
    check.problems.push(`${what} ${url}: ${messageOf(error)}`)
  }
}

async function checkPages(source: PageSource, load: PageLoader, check: SourceCheck, time: (text: string, format?: string) => string): Promise<void> {
  const listUrl = source.startUrls[0] ?? ''
  let firstPost: string | undefined
  await reading(check, 'list page', listUrl, async () => {
    const list: LoadedPage = await load(listUrl, source.list.postLinks)
    const links = [...new Set(extractLinks(list.$, source.list.postLinks, list.url).map(canonicalUrl))]
    firstPost = links[0]
    if (!firstPost) check.problems.push(`list.postLinks: "${source.list.postLinks}" matched no link on ${list.url}`)
    const fields: CheckedField[] = [
      { field: `list.postLinks (${links.length} found)`, selector: source.list.postLinks, values: links.slice(0, SHOWN_LINKS) },
    ]
    if (source.list.nextPage) {
      const next = extractLinks(list.$, source.list.nextPage, list.url)[0]
      fields.push({ field: 'list.nextPage', selector: source.list.nextPage, values: next ? [next] : [] })
    }
    check.pages.push({ what: 'list page', url: list.url, fields })
  })
  if (!firstPost) return
  const postUrl = firstPost
  await reading(check, 'post page', postUrl, async () => {
    const { $ } = await load(postUrl, source.post.content)
    const fields: CheckedField[] = []
    for (const field of ['title', 'content', 'author', 'publishedAt'] as const) {
      const selector = source.post[field]
      if (!selector) continue
      const value = extractField($, selector)
      if (!value && (field === 'content' || field === 'title')) check.problems.push(`post.${field}: "${selector}" matched nothing on ${postUrl}`)
      fields.push({ field: `post.${field}`, selector, values: value ? [field === 'publishedAt' ? time(value, source.post.timeFormat) : value] : [] })
    }
    if (source.post.idFromUrl) {
      const id = new RegExp(source.post.idFromUrl).exec(postUrl)?.[1]
      if (!id) check.problems.push(`post.idFromUrl: "${source.post.idFromUrl}" found no id in ${postUrl}`)
      fields.push({ field: 'post.idFromUrl', selector: source.post.idFromUrl, values: id ? [id] : [] })
    }
    check.pages.push({ what: 'post page', url: postUrl, fields })
  })
}

async function checkJson(source: JsonSource, fetcher: Fetcher, check: SourceCheck, time: (text: string, format?: string) => string): Promise<void> {
  const url = source.url.replaceAll('{page}', String(source.firstPage))
  await reading(check, 'API page', url, async () => {
    const response = await fetcher.get(url, { accept: 'application/json', ...source.headers })
    const doc: unknown = JSON.parse(decodeBody(response.bytes, response.contentType, source.encoding).text)
    const items = source.items ? valueAt(doc, source.items) : doc
    const fields: CheckedField[] = [{ field: 'items', selector: source.items ?? '(the response)', values: Array.isArray(items) ? [String(items.length)] : [] }]
    if (!Array.isArray(items) || items.length === 0) check.problems.push(`items: "${source.items ?? '(the response)'}" is not a list with items on ${url}`)
    const first: unknown = Array.isArray(items) ? items[0] : undefined
    for (const [field, path] of Object.entries(source.fields)) {
      const value = valueAt(first, path)
      const shown = typeof value === 'string' ? (field === 'content' ? htmlToText(value) : value) : typeof value === 'number' ? String(value) : ''
      if (!shown && field === 'content') check.problems.push(`fields.content: "${path}" is empty in the first item on ${url}`)
      const withTime = field === 'publishedAt' && typeof value === 'string' ? time(value, source.timeFormat) : shown
      fields.push({ field: `fields.${field}`, selector: path, values: withTime ? [withTime] : [] })
    }
    check.pages.push({ what: 'API page', url, fields })
  })
}
