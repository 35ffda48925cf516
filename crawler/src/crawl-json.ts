import { InputError } from '@yuqing/core'
import { decodeBody } from './charset.ts'
import type { CrawlContext, FoundPost } from './crawl.ts'
import { htmlToText } from './extract.ts'
import type { JsonSource } from './source.ts'

/** The value at a dotted path (`data.list`, `user.name`, `images.0`), or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/**
 * A paged JSON API: page after page until one is empty, holds only stored posts, or `maxPages`
 * is reached. Bodies that carry HTML are reduced to text.
 */
export async function crawlJson(context: CrawlContext<JsonSource>): Promise<void> {
  const { source, fetcher, report } = context
  const delayMs = source.delaySecs === undefined ? undefined : source.delaySecs * 1000
  for (let page = source.firstPage; page < source.firstPage + source.maxPages; page++) {
    const url = source.url.replaceAll('{page}', String(page))
    let items: unknown[]
    try {
      const response = await fetcher.get(url, { accept: 'application/json', ...source.headers }, delayMs)
      let doc: unknown
      try {
        doc = JSON.parse(decodeBody(response.bytes, response.contentType, source.encoding).text)
      } catch (error) {
        throw new InputError(`not JSON: ${error instanceof Error ? error.message : String(error)}`)
      }
      const found = source.items ? valueAt(doc, source.items) : doc
      if (!Array.isArray(found)) throw new InputError(`items "${source.items ?? '(the response)'}" is not a list`)
      items = found
    } catch (error) {
      context.fail(url, error)
      return
    }
    report.listPages++
    const posts: FoundPost[] = []
    for (const [i, item] of items.entries()) {
      const post = postOf(source, item, url)
      if (post) posts.push(post)
      else context.fail(url, new InputError(`item ${i}: no text at "${source.fields.content}"`))
    }
    const ids = posts.map((post) => context.idOf(post))
    const known = await context.known(ids)
    report.known += posts.filter((_, i) => known.has(ids[i] ?? '')).length
    for (const [i, post] of posts.entries()) {
      if (known.has(ids[i] ?? '')) continue
      await context.emit(post).catch((error: unknown) => context.fail(post.url ?? url, error))
    }
    context.options.onProgress?.(report)
    if (items.length === 0 || (context.options.stopAtKnownPage !== false && posts.every((_, i) => known.has(ids[i] ?? '')))) return
  }
}

function postOf(source: JsonSource, item: unknown, apiUrl: string): FoundPost | undefined {
  const { fields } = source
  const get = (path: string | undefined) => (path ? scalar(valueAt(item, path)) : undefined)
  const content = htmlToText(get(fields.content) ?? '')
  if (!content) return undefined
  const link = get(fields.url)
  const published = fields.publishedAt ? valueAt(item, fields.publishedAt) : undefined
  return {
    nativeId: get(fields.id),
    url: link && URL.canParse(link, apiUrl) ? new URL(link, apiUrl).toString() : undefined,
    title: htmlToText(get(fields.title) ?? ''),
    content,
    author: get(fields.author),
    published: typeof published === 'number' ? published : scalar(published),
  }
}
