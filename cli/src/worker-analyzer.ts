import { Worker } from 'node:worker_threads'
import type { AnalyzerOptions } from '@yuqing/analyzer'
import { CriticalError, type AnalyzedPost, type RawPost } from '@yuqing/core'
import type { WorkerReply, WorkerRequest } from './analyze-worker.ts'

/** Analyses batches on another thread, so that storing one batch overlaps analysing the next. */
export interface BatchAnalyzer {
  analyze(posts: readonly RawPost[]): Promise<AnalyzedPost[]>
  close(): Promise<void>
}

/**
 * Starts the analyzer in a worker thread. Batches are answered in the order sent; if the thread
 * dies, every batch still waiting fails with the reason.
 */
export function startAnalyzerWorker(options: Pick<AnalyzerOptions, 'timezone' | 'dictionaryDir'>): BatchAnalyzer {
  // A thread starts without this process's TypeScript loader: it registers tsx, then loads the worker.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./analyze-worker.ts', import.meta.url).href)}) })`
  const worker = new Worker(bootstrap, { eval: true, workerData: options })
  const waiting = new Map<number, { resolve: (posts: AnalyzedPost[]) => void; reject: (error: Error) => void }>()
  let seq = 0
  let dead: Error | undefined

  const failAll = (error: Error) => {
    dead = error
    for (const { reject } of waiting.values()) reject(error)
    waiting.clear()
  }
  worker.on('message', (reply: WorkerReply) => {
    const pending = waiting.get(reply.seq)
    if (!pending) return
    waiting.delete(reply.seq)
    if ('error' in reply) pending.reject(new CriticalError(`analyzer thread: ${reply.error}`))
    else pending.resolve(JSON.parse(reply.json) as AnalyzedPost[])
  })
  worker.on('error', (error) => failAll(new CriticalError('analyzer thread failed', { cause: error })))
  worker.on('exit', (code) => {
    if (waiting.size > 0) failAll(new CriticalError(`analyzer thread exited (code ${code})`))
  })

  return {
    analyze(posts) {
      if (dead) return Promise.reject(dead)
      const request: WorkerRequest = { seq: ++seq, posts: [...posts] }
      return new Promise((resolve, reject) => {
        waiting.set(request.seq, { resolve, reject })
        worker.postMessage(request)
      })
    },
    async close() {
      await worker.terminate()
    },
  }
}
