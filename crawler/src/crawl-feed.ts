import { decodeBody } from './charset.ts'
import type { CrawlContext } from './crawl.ts'
import { parseFeed } from './feed.ts'
import type { FeedSource } from './source.ts'

/** An RSS or Atom source: each feed once, each item not stored yet becomes a post (no page fetch). */
export async function crawlFeeds(context: CrawlContext<FeedSource>): Promise<void> {
  const { source, fetcher, report } = context
  const delayMs = source.delaySecs === undefined ? undefined : source.delaySecs * 1000
  for (const feedUrl of source.feedUrls.slice(0, source.maxPages)) {
    try {
      const response = await fetcher.get(feedUrl, source.headers, delayMs)
      const items = parseFeed(decodeBody(response.bytes, response.contentType, source.encoding).text, response.url).filter((item) => item.content || item.title)
      report.listPages++
      const posts = items.map((item) => ({ ...item, nativeId: item.id, content: item.content || (item.title ?? '') }))
      const ids = posts.map((post) => context.idOf(post))
      const known = await context.known(ids)
      report.known += posts.filter((_, i) => known.has(ids[i] ?? '')).length
      for (const [i, post] of posts.entries()) {
        if (known.has(ids[i] ?? '')) continue
        await context.emit(post).catch((error: unknown) => context.fail(post.url ?? feedUrl, error))
      }
    } catch (error) {
      context.fail(feedUrl, error)
    }
  }
}
