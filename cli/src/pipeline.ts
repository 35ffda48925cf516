import { crawlSource, type CrawlReport, type Source } from '@yuqing/crawler'
import { MemoryQueue, messageOf, type Logger, type RawPost } from '@yuqing/core'
import type { PipelineStatus } from '@yuqing/api'
import { analyzeAndStore, type Runtime } from './runtime.ts'

export interface Pipeline {
  status(): PipelineStatus
  /** Crawls every source now (the scheduler also does, every interval). */
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

/**
 * Every role in one process: the crawler fills the posts queue, the analyzer drains it into the
 * store, the scheduler starts a crawl of every source each interval.
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

  const crawlAll = (): Promise<CrawlReport[]> => {
    // One crawl at a time: a slow source must not pile up overlapping runs.
    crawling ??= (async () => {
      const reports: CrawlReport[] = []
      for (const source of options.sources) {
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
            failures: report.failures.length,
          })
        } catch (error) {
          logger.error('crawl failed', { source: source.id, reason: messageOf(error) })
        }
      }
      await queue.idle()
      lastCrawlAt = new Date().toISOString()
      return reports
    })().finally(() => {
      crawling = undefined
    })
    return crawling
  }

  const timer = setInterval(() => void crawlAll(), runtime.config.crawlIntervalMinutes * 60_000)
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
