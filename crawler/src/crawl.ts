import { garbledText, InputError, messageOf, postId, RawPost, type Logger, type Queue } from '@yuqing/core'
import { WRONG_CHARSET_HINT } from './charset.ts'
import { crawlFeeds } from './crawl-feed.ts'
import { crawlJson } from './crawl-json.ts'
import { crawlPages } from './crawl-pages.ts'
import { defaultFetchPolicy, Fetcher, SkippedError, type FetchPolicy } from './fetcher.ts'
import type { Clock } from './host-gate.ts'
import { postTime } from './published-time.ts'
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
  /** Requests in flight to one host at once. */
  maxConcurrency?: number
  /** Timeouts, size and redirect limits, retries; the defaults suit real sites. */
  fetch?: Partial<FetchPolicy>
  /** An admin let every source reach loopback and private addresses (YUQING_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks?: boolean
  /** Chromium for `kind: browser` sources (Debian's, not a downloaded one). */
  chromiumPath?: string
  /** The clock relative post times (`3分钟前`) are read against; the real one by default. */
  now?: () => Date
  /** For tests: a virtual clock for delays and backoff. */
  clock?: Clock
  /** Called after each page, for progress displays. */
  onProgress?: (report: CrawlReport) => void
  /**
   * Stop paging at a list page whose posts are all stored (lists run newest first, so the older
   * pages are stored too). On by default; off after a crawl that failed pages or never finished,
   * so that the posts it missed, on pages past the first, are read again.
   */
  stopAtKnownPage?: boolean
}

export interface CrawlReport {
  source: string
  /** List pages, feeds or API pages read. */
  listPages: number
  postPages: number
  /** Posts put on the queue. */
  queued: number
  /** Posts skipped because they are stored already. */
  known: number
  /** Pages that failed for good, with why. */
  failures: { url: string; reason: string }[]
  /** Pages not fetched on purpose (robots.txt), with why. */
  skipped: { url: string; reason: string }[]
}

/** The fields a source found for one post; `crawl` makes them a `RawPost`. */
export interface FoundPost {
  url?: string | undefined
  nativeId?: string | undefined
  title?: string | undefined
  content: string
  author?: string | undefined
  /** The date text as the page wrote it, or an epoch number from an API. */
  published?: string | number | undefined
}

/** What each kind's crawl gets: the fetcher, the report, and one way to hand over a post. */
export interface CrawlContext<S extends Source = Source> {
  source: S
  options: CrawlOptions
  fetcher: Fetcher
  report: CrawlReport
  log: Logger
  /** Ids (of `FoundPost`s not yet fetched) that are stored already. */
  known(ids: readonly string[]): Promise<Set<string>>
  idOf(post: Pick<FoundPost, 'nativeId' | 'url' | 'content'>): string
  emit(post: FoundPost): Promise<void>
  /** Records a page that failed or was skipped; never throws. */
  fail(url: string, error: unknown): void
}

/**
 * Crawls one source once and puts each new post on the queue. Whatever a page does (time out,
 * loop, refuse, overflow), the crawl goes on and the report says which page and why.
 */
export async function crawlSource(source: Source, options: CrawlOptions): Promise<CrawlReport> {
  const report: CrawlReport = { source: source.id, listPages: 0, postPages: 0, queued: 0, known: 0, failures: [], skipped: [] }
  const log = options.logger.child(source.id)
  const policy: FetchPolicy = {
    ...defaultFetchPolicy,
    ...(options.delaySecs !== undefined ? { delayMs: options.delaySecs * 1000 } : {}),
    ...(options.maxConcurrency !== undefined ? { perHostConcurrency: options.maxConcurrency } : {}),
    ...options.fetch,
  }
  policy.allowPrivateNetwork = Boolean(policy.allowPrivateNetwork || options.allowPrivateNetworks || source.allowPrivateNetwork)
  const fetcher = new Fetcher(policy, log, options.clock)
  const now = options.now ?? (() => new Date())

  const context: CrawlContext = {
    source,
    options,
    fetcher,
    report,
    log,
    known: async (ids) => (ids.length === 0 ? new Set() : options.knownPostIds(ids)),
    idOf: (post) => postId({ source: source.id, nativeId: post.nativeId, url: post.url, content: post.content }),
    async emit(found) {
      const garbled = garbledText(found.content)
      if (garbled) throw new InputError(`content ${garbled}; ${WRONG_CHARSET_HINT}`)
      const fetchedAt = now()
      const time = found.published === undefined ? undefined : postTime(found.published, options.timezone, fetchedAt, timeFormatOf(source))
      if (found.published !== undefined && found.published !== '' && !time) log.warn('date not understood', { url: found.url, text: found.published })
      const post = RawPost.parse({
        id: context.idOf(found),
        source: source.id,
        content: found.content,
        fetchedAt: fetchedAt.toISOString(),
        ...(found.url ? { url: found.url } : {}),
        ...(found.title ? { title: found.title } : {}),
        ...(found.author ? { author: found.author } : {}),
        ...time,
        ...(source.official ? { official: true } : {}),
      })
      await options.queue.add(post)
      report.queued++
      options.onProgress?.(report)
    },
    fail(url, error) {
      const reason = messageOf(error)
      if (error instanceof SkippedError) {
        report.skipped.push({ url, reason })
        log.info('page skipped', { url, reason })
      } else {
        report.failures.push({ url, reason })
        log.warn('page failed', { url, reason })
      }
      options.onProgress?.(report)
    },
  }

  switch (source.kind) {
    case 'html':
    case 'browser':
      await crawlPages({ ...context, source })
      break
    case 'rss':
      await crawlFeeds({ ...context, source })
      break
    case 'json':
      await crawlJson({ ...context, source })
      break
  }
  return report
}

function timeFormatOf(source: Source): string | undefined {
  return source.kind === 'html' || source.kind === 'browser' ? source.post.timeFormat : source.kind === 'json' ? source.timeFormat : undefined
}
