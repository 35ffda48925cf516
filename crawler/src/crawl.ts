import { CheerioCrawler, Configuration, log as crawleeLog, type CheerioCrawlingContext } from '@crawlee/cheerio'
import { MemoryStorage } from '@crawlee/memory-storage'
import { canonicalUrl, messageOf, parseLocalTime, postId, type Logger, type Queue, type RawPost } from '@yuqing/core'
import { extractField, extractLinks } from './extract.ts'
import type { Source } from './source.ts'

export interface CrawlOptions {
  /** Where new posts go. */
  queue: Queue<RawPost>
  /** Which post ids are stored already; those are not fetched again. */
  knownPostIds: (ids: readonly string[]) => Promise<Set<string>>
  timezone: string
  logger: Logger
  /** Seconds between two requests to the same host (politeness); 0 in tests and benchmarks. */
  delaySecs?: number
  maxConcurrency?: number
  /** Called after each page, for progress displays. */
  onProgress?: (report: CrawlReport) => void
}

export interface CrawlReport {
  source: string
  listPages: number
  postPages: number
  /** Posts put on the queue. */
  queued: number
  /** Post links skipped because the post is stored already. */
  known: number
  /** Pages that failed for good, with why. */
  failures: { url: string; reason: string }[]
}

type Label = 'LIST' | 'POST'
interface UserData {
  label: Label
  page?: number
}

/**
 * Crawls one HTML source once: list pages (following `nextPage` while a page still brings new
 * posts, up to `maxPages`), then each new post page, each post onto the queue.
 */
export async function crawlSource(source: Source, options: CrawlOptions): Promise<CrawlReport> {
  const report: CrawlReport = { source: source.id, listPages: 0, postPages: 0, queued: 0, known: 0, failures: [] }
  const log = options.logger.child(source.id)
  crawleeLog.setLevel(crawleeLog.LEVELS.OFF)
  // A fresh in-memory storage per run: a request handled in an earlier run must be fetched again
  // (list pages change), and nothing accumulates on disk across runs.
  const config = new Configuration({ persistStorage: false, purgeOnStart: true, storageClient: new MemoryStorage({ persistStorage: false }) })

  const crawler = new CheerioCrawler(
    {
      maxConcurrency: options.maxConcurrency ?? 4,
      sameDomainDelaySecs: options.delaySecs ?? 1,
      maxRequestRetries: 2,
      requestHandlerTimeoutSecs: 30,
      navigationTimeoutSecs: 20,
      respectRobotsTxtFile: true,
      preNavigationHooks: [
        (_ctx, gotOptions) => {
          gotOptions.headers = { 'user-agent': USER_AGENT, ...source.headers, ...gotOptions.headers }
        },
      ],
      requestHandler: async (ctx) => {
        const data = ctx.request.userData as UserData
        if (data.label === 'LIST') await handleList(ctx, data.page ?? 1)
        else await handlePost(ctx)
        options.onProgress?.(report)
      },
      failedRequestHandler: async ({ request }, error) => {
        report.failures.push({ url: request.url, reason: messageOf(error) })
        log.warn('page failed', { url: request.url, reason: messageOf(error) })
      },
      onSkippedRequest: async ({ url, reason }) => {
        report.failures.push({ url, reason: `skipped: ${reason}` })
        log.info('page skipped', { url, reason })
      },
    },
    config,
  )

  async function handleList(ctx: CheerioCrawlingContext, page: number): Promise<void> {
    report.listPages++
    const links = [...new Set(extractLinks(ctx.$, source.list.postLinks, ctx.request.loadedUrl ?? ctx.request.url).map(canonicalUrl))]
    const ids = links.map((url) => postIdOf(source, url))
    const known = await options.knownPostIds(ids)
    const fresh = links.filter((_, i) => !known.has(ids[i] as string))
    report.known += links.length - fresh.length
    await ctx.addRequests(fresh.map((url) => ({ url, userData: { label: 'POST' } satisfies UserData })))
    // Pages run newest first: once a whole page is known, older pages are known too.
    if (source.list.nextPage && fresh.length > 0 && page < source.maxPages) {
      const [next] = extractLinks(ctx.$, source.list.nextPage, ctx.request.loadedUrl ?? ctx.request.url)
      if (next) await ctx.addRequests([{ url: next, userData: { label: 'LIST', page: page + 1 } satisfies UserData }])
    }
  }

  async function handlePost(ctx: CheerioCrawlingContext): Promise<void> {
    report.postPages++
    const url = canonicalUrl(ctx.request.url)
    const content = extractField(ctx.$, source.post.content)
    if (!content) {
      report.failures.push({ url, reason: `no content at selector "${source.post.content}"` })
      log.warn('post without content', { url, selector: source.post.content })
      return
    }
    const title = source.post.title ? extractField(ctx.$, source.post.title) : ''
    const author = source.post.author ? extractField(ctx.$, source.post.author) : ''
    const published = source.post.publishedAt ? parseTime(extractField(ctx.$, source.post.publishedAt), options.timezone) : undefined
    const post: RawPost = {
      id: postIdOf(source, url),
      source: source.id,
      url,
      content,
      fetchedAt: new Date().toISOString(),
      ...(title ? { title } : {}),
      ...(author ? { author } : {}),
      ...(published ? { publishedAt: published.toISOString() } : {}),
    }
    await options.queue.add(post)
    report.queued++
  }

  await crawler.run(source.startUrls.map((url) => ({ url, userData: { label: 'LIST', page: 1 } satisfies UserData })))
  await crawler.teardown()
  return report
}

/** A post's id: the site's own id when the source says where it is in the URL, else the URL's. */
function postIdOf(source: Source, url: string): string {
  const nativeId = source.post.idFromUrl ? new RegExp(source.post.idFromUrl).exec(url)?.[1] : undefined
  return postId({ source: source.id, nativeId, url })
}

export const USER_AGENT = 'yuqing/0.1 (public-opinion monitor; honours robots.txt)'

function parseTime(text: string, timezone: string): Date | undefined {
  if (!text) return undefined
  const iso = Date.parse(text)
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) && !Number.isNaN(iso)) return new Date(iso)
  return parseLocalTime(text, timezone)
}
