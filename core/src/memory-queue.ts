import { isRetryable } from './errors.ts'
import type { JobHandler, ProcessOptions, Queue, QueueCounts } from './queue.ts'

/**
 * The in-process queue of the embedded deployment. Jobs live in memory: a crash loses what is
 * waiting, which the crawler makes good on its next run, since a post counts as seen only once it
 * is stored.
 */
export class MemoryQueue<T> implements Queue<T> {
  readonly name: string
  /** Waiting jobs are `#waiting[#head…]`: taking one is O(1), and the array is compacted now and then. */
  #waiting: T[] = []
  #head = 0
  #handler: JobHandler<T> | undefined
  #options: Required<Omit<ProcessOptions<T>, 'onFailed'>> & Pick<ProcessOptions<T>, 'onFailed'> = { concurrency: 1, attempts: 1 }
  #active = 0
  #completed = 0
  #failed = 0
  #closed = false
  #idleWaiters: (() => void)[] = []

  constructor(name: string) {
    this.name = name
  }

  async add(job: T): Promise<void> {
    await this.addBulk([job])
  }

  async addBulk(jobs: readonly T[]): Promise<void> {
    if (this.#closed) throw new Error(`queue ${this.name} is closed`)
    // One at a time: spreading a few hundred thousand jobs into push() overflows the stack.
    for (const job of jobs) this.#waiting.push(job)
    this.#pump()
  }

  process(handler: JobHandler<T>, options: ProcessOptions<T> = {}): void {
    if (this.#handler) throw new Error(`queue ${this.name} already has a handler`)
    this.#handler = handler
    this.#options = { concurrency: options.concurrency ?? 1, attempts: options.attempts ?? 3, onFailed: options.onFailed }
    this.#pump()
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  counts(): QueueCounts {
    return { waiting: this.#waiting.length - this.#head, active: this.#active, completed: this.#completed, failed: this.#failed }
  }

  async close(): Promise<void> {
    this.#closed = true
    // Running jobs finish; waiting ones stay unprocessed (their posts are not yet stored).
    while (this.#active > 0) await new Promise((r) => setTimeout(r, 5))
  }

  #isIdle(): boolean {
    return this.#waiting.length === this.#head && this.#active === 0
  }

  #pump(): void {
    const handler = this.#handler
    if (!handler) return
    while (!this.#closed && this.#active < this.#options.concurrency && this.#head < this.#waiting.length) {
      const job = this.#waiting[this.#head++] as T
      if (this.#head >= 1024 && this.#head * 2 >= this.#waiting.length) {
        this.#waiting = this.#waiting.slice(this.#head)
        this.#head = 0
      }
      this.#active++
      void this.#run(handler, job).finally(() => {
        this.#active--
        if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve()
        // The next job on the next turn of the event loop: a long backlog of jobs that finish
        // synchronously (SQLite) must not starve the API, the webhooks and timers of this process.
        else setImmediate(() => this.#pump())
      })
    }
  }

  async #run(handler: JobHandler<T>, job: T): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(job)
        this.#completed++
        return
      } catch (error) {
        if (isRetryable(error) && attempt < this.#options.attempts) {
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
          continue
        }
        this.#failed++
        this.#options.onFailed?.(job, error)
        return
      }
    }
  }
}
