import { maskPii, normalizeText } from '@yuqing/analyzer'
import { BullQueue, messageOf, openQueue, RawPost, type AnalyzedPost, type Logger, type Queue } from '@yuqing/core'
import { crawlIntervalMs, dueSources, type CrawlReport, type Source } from '@yuqing/crawler'
import type { DeadLetters, PipelineStatus } from '@yuqing/api'
import { crawlRecorded } from './crawl-health.ts'
import { storeAnalyzed, type Runtime } from './runtime.ts'

export interface Pipeline {
  status(): PipelineStatus
  /** Crawls every source now (the scheduler crawls each when its schedule says it is due). */
  crawlAll(): Promise<CrawlReport[]>
  /** Stops scheduling, lets running work finish, and waits for the queue to drain. */
  stop(): Promise<void>
  /** The posts queue's dead letters, when it is shared on Redis. */
  deadLetters: DeadLetters | undefined
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
 * The queue between the crawl and analyze roles: in this process, or BullMQ on Redis when
 * REDIS_URL is set. A post's id is its job id, so a post queued twice is one job.
 */
export function openPostsQueue(runtime: Pick<Runtime, 'config'>, logger: Logger): Queue<RawPost> {
  return openQueue<RawPost>('posts', { redisUrl: runtime.config.redisUrl, schema: RawPost, jobId: (post) => post.id, logger })
}

/** The dead-letter view of a queue on Redis (the in-process queue logs its failures instead). */
export function deadLettersOf(queue: Queue<RawPost>): DeadLetters | undefined {
  if (!(queue instanceof BullQueue)) return undefined
  return { list: (limit) => queue.failedJobs(limit), retry: (id) => queue.retryFailed(id) }
}

/**
 * Every role in one process: the crawler fills the posts queue, the analyzer drains it into the
 * store, the scheduler crawls each source when it is due (its `schedule`, else the configured
 * interval).
 */
export function startPipeline(runtime: Runtime, options: PipelineOptions): Pipeline {
  const queue = openPostsQueue(runtime, options.logger)
  const analyzing = startAnalyzing(runtime, queue, options.logger)
  const crawling = startCrawling(runtime, queue, options)
  return {
    deadLetters: deadLettersOf(queue),
    status: () => ({ ...crawling.status(), queued: queue.counts().waiting, postsStored: analyzing.stored() }),
    crawlAll: async () => {
      const reports = await crawling.crawlAll()
      await queue.idle()
      return reports
    },
    async stop() {
      await crawling.stop()
      await queue.idle()
      await queue.close()
    },
  }
}

/** Posts stored together in one transaction at most, and how long the first of them waits for more. */
const BATCH_MAX = 256
const BATCH_WAIT_MS = 5

/**
 * The analyze role: posts off the queue, analysed in arrival order, matched against the rules and
 * stored in batches (one transaction for up to 256 posts that arrive within a few milliseconds,
 * instead of one per post). A job is done only once its batch is stored, so a crash loses no post
 * that was acknowledged.
 */
export function startAnalyzing(runtime: Runtime, queue: Queue<RawPost>, logger: Logger): { stored(): number } {
  let stored = 0
  let pending: { post: AnalyzedPost; done: (error?: unknown) => void }[] = []
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const batch = pending
    pending = []
    if (batch.length === 0) return
    storeAnalyzed(
      runtime,
      batch.map((b) => b.post),
    ).then(
      (result) => {
        stored += result.stored
        for (const b of batch) b.done()
      },
      (error: unknown) => {
        for (const b of batch) b.done(error)
      },
    )
  }
  queue.process(
    (post) =>
      new Promise<void>((resolve, reject) => {
        // Analysed at once, in the order the queue hands posts out: folding sees them in that order.
        pending.push({ post: runtime.analyzer.analyze(post), done: (error) => (error === undefined ? resolve() : reject(error)) })
        if (pending.length >= BATCH_MAX) flush()
        else timer ??= setTimeout(flush, BATCH_WAIT_MS)
      }),
    {
      // Enough jobs at once to fill a batch; each waits for its batch to be stored.
      concurrency: BATCH_MAX,
      attempts: 3,
      onFailed: (post, error) => logger.error('post not stored', { id: post.id, url: post.url, reason: messageOf(error) }),
    },
  )
  return { stored: () => stored }
}

/** The crawl role: each source when it is due, its new posts onto the queue. */
export function startCrawling(runtime: Runtime, queue: Queue<RawPost>, options: PipelineOptions) {
  const { logger } = options
  let crawling: Promise<CrawlReport[]> | undefined
  let lastCrawlAt: string | null = null
  const lastStarted = new Map<string, Date>()
  const masked = maskedQueue(queue)

  const crawl = (force: boolean): Promise<CrawlReport[]> => {
    // One crawl at a time: a slow source must not pile up overlapping runs.
    crawling ??= (async () => {
      const reports: CrawlReport[] = []
      const due = force ? options.sources : dueSources(options.sources, lastStarted, new Date(), runtime.config.crawlIntervalMinutes)
      for (const source of due) {
        lastStarted.set(source.id, new Date())
        try {
          const report = await crawlRecorded(source, runtime.store, crawlIntervalMs(source, runtime.config.crawlIntervalMinutes), {
            queue: masked,
            knownPostIds: (ids) => runtime.store.knownPostIds(ids),
            timezone: runtime.config.timezone,
            logger,
            allowPrivateNetworks: runtime.config.allowPrivateNetworks,
            ...(options.delaySecs !== undefined ? { delaySecs: options.delaySecs } : {}),
          })
          reports.push(report)
        } catch (error) {
          logger.error('crawl failed', { source: source.id, reason: messageOf(error) })
        }
      }
      if (due.length > 0) lastCrawlAt = new Date().toISOString()
      return reports
    })().finally(() => {
      crawling = undefined
    })
    return crawling
  }

  const timer = setInterval(() => void crawl(false), SCHEDULER_TICK_MS)
  timer.unref()
  return {
    status: () => ({ crawling: crawling !== undefined, lastCrawlAt }),
    crawlAll: () => crawl(true),
    async stop() {
      clearInterval(timer)
      await crawling
    },
  }
}

/** The queue as the crawler sees it: personal numbers are masked before a post leaves this process, so a shared queue (Redis) never holds them. */
export function maskedQueue(queue: Queue<RawPost>): Queue<RawPost> {
  return {
    name: queue.name,
    add: (post) => queue.add(maskPost(post)),
    addBulk: (posts) => queue.addBulk(posts.map(maskPost)),
    process: (handler, options) => queue.process(handler, options),
    idle: () => queue.idle(),
    counts: () => queue.counts(),
    close: () => queue.close(),
  }
}

function maskPost(post: RawPost): RawPost {
  return {
    ...post,
    content: maskPii(normalizeText(post.content)),
    ...(post.title ? { title: maskPii(normalizeText(post.title)) } : {}),
  }
}
