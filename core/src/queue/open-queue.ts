import type { Logger } from '../logger.ts'
import { MemoryQueue } from '../memory-queue.ts'
import type { Queue } from '../queue.ts'
import { BullQueue, type BullQueueOptions, type JobSchema } from './bullmq-queue.ts'

export interface OpenQueueOptions<T> extends Omit<BullQueueOptions<T>, 'redisUrl' | 'schema' | 'logger'> {
  /** `config.redisUrl`: set, the queue is BullMQ on that Redis; unset, it lives in this process. */
  redisUrl?: string | undefined
  /** Validates each job's data as a worker takes it off Redis (in process, jobs never leave memory). */
  schema: JobSchema<T>
  logger?: Logger | undefined
}

/**
 * The one place that picks the queue adapter, so every role runs the same code in both
 * deployments. Call `checkRedis` once at start-up first: this does not wait for Redis.
 */
export function openQueue<T>(name: string, options: OpenQueueOptions<T>): Queue<T> {
  const { redisUrl, logger, ...rest } = options
  if (redisUrl === undefined) return new MemoryQueue<T>(name)
  return new BullQueue<T>(name, { ...rest, redisUrl, ...(logger ? { logger } : {}) })
}
