import { crawlSource, dueSources, type CrawlReport, type Source } from '@yuqing/crawler'
import { MemoryQueue, messageOf, type Logger, type RawPost } from '@yuqing/core'
import type { PipelineStatus } from '@yuqing/api'
import { analyzeAndStore, type Runtime } from './runtime.ts'

export interface Pipeline {
  status(): PipelineStatus
  /** Crawls every source now (the scheduler crawls each when its schedule says it is due). */
  crawlAll(): Promise<CrawlReport[]>
  /** Stops scheduling, lets running work finish, and waits for the queue to drain. */
  stop(): Promise<void>
}

export interface PipelineOptions {
  sources: readonly Source[]
  logger: Logger
  /** Politeness delay between requests to one host, in seconds. */
  delaySecs?: number
}

/** How often the scheduler looks for sources that are due. */
const SCHEDULER_TICK_MS = 30_000

/**
 * Every role in one process: the crawler fills the posts queue, the analyzer drains it into the
 * store, the scheduler crawls each source when it is due (its `schedule`, else the configured
 * interval).
 */
export function startPipeline(runtime: Runtime, options: PipelineOptions): Pipeline {
  const { logger } = options
  const queue = new MemoryQueue<RawPost>('posts')
  let postsStored = 0
  let crawling: Promise<CrawlReport[]> | undefined
  let lastCrawlAt: string | null = null

  queue.process(
    async (post) => {
      const result = await analyzeAndStore(runtime, [post])
      postsStored += result.stored
    },
    {
      concurrency: 1,
      onFailed: (post, error) => logger.error('post not stored', { id: post.id, url: post.url, reason: messageOf(error) }),
    },
  )

  const lastStarted = new Map<string, Date>()
  const crawl = (force: boolean): Promise<CrawlReport[]> => {
    // One crawl at a time: a slow source must not pile up overlapping runs.
    crawling ??= (async () => {
      const reports: CrawlReport[] = []
      const due = force ? options.sources : dueSources(options.sources, lastStarted, new Date(), runtime.config.crawlIntervalMinutes)
      for (const source of due) {
        lastStarted.set(source.id, new Date())
        try {
          const report = await crawlSource(source, {
            queue,
            knownPostIds: (ids) => runtime.store.knownPostIds(ids),
            timezone: runtime.config.timezone,
            logger,
            ...(options.delaySecs !== undefined ? { delaySecs: options.delaySecs } : {}),
          })
          reports.push(report)
          logger.info('crawled', {
            source: source.id,
            listPages: report.listPages,
            newPosts: report.queued,
            known: report.known,
            skipped: report.skipped.length,
            failures: report.failures.length,
          })
        } catch (error) {
          logger.error('crawl failed', { source: source.id, reason: messageOf(error) })
        }
      }
      await queue.idle()
      if (due.length > 0) lastCrawlAt = new Date().toISOString()
      return reports
    })().finally(() => {
      crawling = undefined
    })
    return crawling
  }

  const crawlAll = () => crawl(true)
  const timer = setInterval(() => void crawl(false), SCHEDULER_TICK_MS)
  timer.unref()

  return {
    status: () => ({ crawling: crawling !== undefined, lastCrawlAt, queued: queue.counts().waiting, postsStored }),
    crawlAll,
    async stop() {
      clearInterval(timer)
      await crawling
      await queue.idle()
      await queue.close()
    },
  }
}
