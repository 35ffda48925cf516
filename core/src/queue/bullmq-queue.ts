import { Queue as BullMqQueue, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { z } from 'zod'
import { InputError, isRetryable, messageOf } from '../errors.ts'
import { silentLogger, type Logger } from '../logger.ts'
import type { JobHandler, ProcessOptions, Queue, QueueCounts } from '../queue.ts'
import { bullConnection } from './redis.ts'

/** What validates a job's data when a worker takes it: a zod schema or a parse function that throws. */
export type JobSchema<T> = z.ZodType<T> | ((data: unknown) => T)

/** How long finished jobs are remembered: the younger of the two bounds wins. */
export interface KeepJobs {
  ageSeconds: number
  count: number
}

export interface BullQueueOptions<T> {
  redisUrl: string
  schema: JobSchema<T>
  /**
   * A deterministic id per job (e.g. the post id): adding a job whose id is already known is a
   * no-op, as long as BullMQ still remembers that id (see `keepCompleted`).
   */
  jobId?: ((job: T) => string) | undefined
  /** Namespace of the Redis keys (`<prefix>:<queue>:…`). */
  prefix?: string
  /** Delay before the first retry of a `RetryableError`; each further retry waits twice as long. */
  retryDelayMs?: number
  /**
   * Completed jobs kept so that a duplicate id stays a no-op; default one hour or the last
   * 100,000, whichever bound is reached first. BullMQ evicts them only when another job completes.
   */
  keepCompleted?: KeepJobs
  /** Failed jobs kept for the dead-letter view; default seven days or the last 10,000. */
  keepFailed?: KeepJobs
  /** How soon a job whose worker died is handed to another one (lock expiry, checks, tries). */
  stalled?: { lockMs?: number; checkEveryMs?: number; maxTimes?: number }
  /** How often `counts()` is refreshed from Redis. */
  countsEveryMs?: number
  logger?: Logger
}

/** A job that failed for good, as the dead-letter view shows it. */
export interface DeadLetter {
  id: string
  /** As stored: it may be exactly the malformed data that made the job fail. */
  data: unknown
  error: string
  attempts: number
  failedAt: string | null
}

// BullMQ's own attempt ceiling; the worker's `attempts` decides earlier (see #run).
const MAX_ATTEMPTS = 25
const KEEP_COMPLETED: KeepJobs = { ageSeconds: 3600, count: 100_000 }
const KEEP_FAILED: KeepJobs = { ageSeconds: 7 * 24 * 3600, count: 10_000 }

/**
 * The scaled-out queue: BullMQ on Redis, shared by every process that opens the same name.
 * Delivery is at least once (a worker that dies mid-job has the job redone elsewhere), so a
 * handler's effect must be idempotent; a job is acknowledged only once its handler resolved.
 *
 * Duplicates: with `jobId`, adding an id BullMQ still holds is a no-op — always while the job
 * waits, runs or waits for a retry; after it completed, for `keepCompleted` (default one hour or
 * the last 100,000 completions); after it failed, for `keepFailed` (seven days or 10,000). Once
 * evicted, the same id is a new job again, which the idempotent store then absorbs.
 *
 * Failures: a `RetryableError` is tried again after `retryDelayMs`, 2×, 4×… up to the handler's
 * `attempts`; anything else fails at once. Failed jobs are the dead letters (`failedJobs`). Data
 * that does not pass `schema` fails at once too, is logged, and never reaches the handler or
 * `onFailed` (which takes a valid job).
 */
export class BullQueue<T> implements Queue<T> {
  readonly name: string
  readonly #options: BullQueueOptions<T>
  readonly #parse: (data: unknown) => T
  readonly #queue: BullMqQueue
  readonly #logger: Logger
  readonly #timer: NodeJS.Timeout
  #worker: Worker | undefined
  #counts: QueueCounts = { waiting: 0, active: 0, completed: 0, failed: 0 }
  #refreshing: Promise<QueueCounts> | undefined
  #closing: Promise<void> | undefined

  constructor(name: string, options: BullQueueOptions<T>) {
    this.name = name
    this.#options = options
    this.#parse = parserOf(options.schema)
    this.#logger = (options.logger ?? silentLogger).child(`queue:${name}`)
    const keepCompleted = options.keepCompleted ?? KEEP_COMPLETED
    const keepFailed = options.keepFailed ?? KEEP_FAILED
    this.#queue = new BullMqQueue(name, {
      connection: bullConnection(options.redisUrl),
      prefix: options.prefix ?? 'yuqing',
      defaultJobOptions: {
        attempts: MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: options.retryDelayMs ?? 1000 },
        removeOnComplete: { age: keepCompleted.ageSeconds, count: keepCompleted.count },
        removeOnFail: { age: keepFailed.ageSeconds, count: keepFailed.count },
      },
    })
    this.#queue.on('error', (error) => this.#logger.warn('redis error', { reason: messageOf(error) }))
    // A Redis that is down only leaves the snapshot stale; the queue's 'error' events report it.
    const refresh = () => void this.#refresh().catch(() => {})
    this.#timer = setInterval(refresh, options.countsEveryMs ?? 1000)
    this.#timer.unref()
    refresh()
  }

  async add(job: T): Promise<void> {
    await this.addBulk([job])
  }

  async addBulk(jobs: readonly T[]): Promise<void> {
    if (this.#closing) throw new Error(`queue ${this.name} is closed`)
    const jobId = this.#options.jobId
    // One MULTI per thousand jobs keeps a large crawl from holding Redis in one command.
    for (let start = 0; start < jobs.length; start += 1000) {
      await this.#queue.addBulk(
        jobs.slice(start, start + 1000).map((data) => ({
          name: this.name,
          data,
          ...(jobId ? { opts: { jobId: encodeJobId(jobId(data)) } } : {}),
        })),
      )
    }
  }

  process(handler: JobHandler<T>, options: ProcessOptions<T> = {}): void {
    if (this.#worker) throw new Error(`queue ${this.name} already has a handler`)
    if (this.#closing) throw new Error(`queue ${this.name} is closed`)
    const attempts = Math.min(options.attempts ?? 3, MAX_ATTEMPTS)
    const stalled = this.#options.stalled ?? {}
    const worker = new Worker(this.name, (job: Job) => this.#run(job, handler, attempts, options.onFailed), {
      connection: bullConnection(this.#options.redisUrl),
      prefix: this.#options.prefix ?? 'yuqing',
      concurrency: options.concurrency ?? 1,
      lockDuration: stalled.lockMs ?? 30_000,
      stalledInterval: stalled.checkEveryMs ?? 30_000,
      // A job that kills its worker again and again is poison: to the dead letters with it.
      maxStalledCount: stalled.maxTimes ?? 3,
    })
    worker.on('error', (error) => this.#logger.warn('worker error', { reason: messageOf(error) }))
    worker.on('stalled', (id) => this.#logger.warn('job stalled (its worker died or hung), handing it on', { id }))
    this.#worker = worker
  }

  /**
   * Adds `job` every `everyMs` from one scheduler shared by all processes (BullMQ adds each
   * slot's job once, however many crawl processes run): the crawl role's per-source schedule.
   * Scheduling the same id again replaces its interval and job. While a schedule is in force its
   * next job is always waiting, so `idle()` does not resolve.
   */
  async schedule(id: string, everyMs: number, job: T): Promise<void> {
    await this.#queue.upsertJobScheduler(id, { every: everyMs }, { name: this.name, data: job })
  }

  async unschedule(id: string): Promise<void> {
    await this.#queue.removeJobScheduler(id)
  }

  /** The schedules in force, e.g. to drop those of sources that no longer exist. */
  async schedules(): Promise<{ id: string; everyMs: number | null }[]> {
    const schedulers = await this.#queue.getJobSchedulers()
    return schedulers.map((scheduler) => ({ id: scheduler.key, everyMs: scheduler.every ?? null }))
  }

  /** Resolves once this queue, and its worker if `process` was called, are connected to Redis. */
  async ready(): Promise<void> {
    await this.#queue.waitUntilReady()
    await this.#worker?.waitUntilReady()
  }

  /** Resolves when no job is waiting, delayed for a retry or running, in any process. */
  async idle(): Promise<void> {
    for (;;) {
      const { waiting, active } = await this.refreshCounts()
      if (waiting === 0 && active === 0) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /**
   * The last snapshot of the whole queue (every process), refreshed every `countsEveryMs`:
   * `waiting` includes jobs delayed for a retry, `completed` only those still remembered.
   */
  counts(): QueueCounts {
    return { ...this.#counts }
  }

  /** Reads the counts from Redis now (and updates the snapshot `counts()` returns). */
  refreshCounts(): Promise<QueueCounts> {
    return this.#refresh()
  }

  /** The dead-letter view: jobs that failed for good, newest first. */
  async failedJobs(limit = 50): Promise<DeadLetter[]> {
    const jobs = await this.#queue.getFailed(0, Math.max(1, limit) - 1)
    return jobs.map((job) => ({
      id: job.id ?? '',
      data: job.data as unknown,
      error: job.failedReason,
      attempts: job.attemptsMade,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }))
  }

  /** Puts a dead letter back in the queue, with a fresh count of attempts. */
  async retryFailed(id: string): Promise<void> {
    const job = await this.#queue.getJob(id)
    if (!job) throw new InputError('no such job (failed jobs are kept for a bounded time)', { where: `queue ${this.name}, job ${id}` })
    const state = await job.getState()
    if (state !== 'failed') throw new InputError(`the job is ${state}, not failed`, { where: `queue ${this.name}, job ${id}` })
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
  }

  /** Lets running jobs finish (waiting ones stay in Redis for the next worker), then disconnects. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#timer)
      await this.#worker?.close()
      await this.#queue.close()
    })()
    return this.#closing
  }

  /** Deletes every job and key of this queue, then closes it: for tests and decommissioning. */
  async obliterate(): Promise<void> {
    await this.#worker?.close()
    await this.#queue.obliterate({ force: true })
    await this.close()
  }

  async #run(job: Job, handler: JobHandler<T>, attempts: number, onFailed: ProcessOptions<T>['onFailed']): Promise<void> {
    let data: T
    try {
      data = this.#parse(job.data)
    } catch (error) {
      const reason = `invalid job data: ${messageOf(error)}`
      this.#logger.error('job failed for good', { id: job.id, reason })
      throw new UnrecoverableError(reason)
    }
    try {
      await handler(data)
    } catch (error) {
      const attempt = job.attemptsMade + 1
      if (isRetryable(error) && attempt < attempts) throw error
      const reason = `${error instanceof Error ? error.name : 'Error'}: ${messageOf(error)}${isRetryable(error) ? ` (after ${attempt} attempts)` : ''}`
      this.#logger.error('job failed for good', { id: job.id, reason })
      onFailed?.(data, error)
      throw new UnrecoverableError(reason)
    }
  }

  #refresh(): Promise<QueueCounts> {
    this.#refreshing ??= (async () => {
      try {
        const c = await this.#queue.getJobCounts('wait', 'delayed', 'prioritized', 'waiting-children', 'active', 'completed', 'failed')
        const n = (key: string): number => c[key] ?? 0
        this.#counts = {
          waiting: n('wait') + n('delayed') + n('prioritized') + n('waiting-children'),
          active: n('active'),
          completed: n('completed'),
          failed: n('failed'),
        }
        return this.counts()
      } finally {
        this.#refreshing = undefined
      }
    })()
    return this.#refreshing
  }
}

/**
 * BullMQ refuses ids that look like integers or hold a colon; a fixed prefix and escaping keep
 * every key valid and distinct keys distinct.
 */
export function encodeJobId(key: string): string {
  return `k-${key.replaceAll('%', '%25').replaceAll(':', '%3A')}`
}

function parserOf<T>(schema: JobSchema<T>): (data: unknown) => T {
  if (typeof schema === 'function') return schema
  return (data) => {
    const result = schema.safeParse(data)
    if (result.success) return result.data
    throw new InputError(result.error.issues.map((issue) => `${issue.path.join('.') || '(the job)'}: ${issue.message}`).join('; '))
  }
}
