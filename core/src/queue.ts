/**
 * A job queue between stages. The embedded default is `MemoryQueue`; the scaled-out deployment
 * puts BullMQ on Redis behind the same interface. A job counts as done only once its handler has
 * resolved, i.e. after its effect is stored.
 */
export interface Queue<T> {
  readonly name: string
  add(job: T): Promise<void>
  addBulk(jobs: readonly T[]): Promise<void>
  /** Starts consuming; one handler per queue. */
  process(handler: JobHandler<T>, options?: ProcessOptions<T>): void
  /** Resolves when no job is waiting or running. */
  idle(): Promise<void>
  counts(): QueueCounts
  close(): Promise<void>
}

export type JobHandler<T> = (job: T) => Promise<void>

export interface ProcessOptions<T = unknown> {
  /** Jobs handled at once. */
  concurrency?: number
  /** Tries per job, counting the first; only `RetryableError`s are tried again. */
  attempts?: number
  /** Called once a job has failed for good. */
  onFailed?: (job: T, error: unknown) => void
}

export interface QueueCounts {
  waiting: number
  active: number
  completed: number
  failed: number
}
