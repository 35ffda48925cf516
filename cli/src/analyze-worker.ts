/**
 * The analyzer on a thread of its own (see worker-analyzer.ts): batches of raw posts in, their
 * analyses out as one JSON string per batch (cheaper to pass than a structured clone of many small arrays).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createAnalyzer, type AnalyzerOptions } from '@yuqing/analyzer'
import { messageOf, type RawPost } from '@yuqing/core'

export interface WorkerRequest {
  seq: number
  posts: RawPost[]
}
export type WorkerReply = { seq: number; json: string } | { seq: number; error: string }

const port = parentPort
if (!port) throw new Error('analyze-worker.ts runs as a worker thread only')
let analyzer: ReturnType<typeof createAnalyzer> | undefined
let failure: string | undefined
try {
  analyzer = createAnalyzer(workerData as AnalyzerOptions)
} catch (error) {
  // Reported with the first batch: the caller gets the analyzer's own message (a broken dictionary names file and line).
  failure = messageOf(error)
}

port.on('message', ({ seq, posts }: WorkerRequest) => {
  let reply: WorkerReply
  try {
    if (!analyzer) throw new Error(failure ?? 'analyzer not started')
    reply = { seq, json: JSON.stringify(analyzer.analyzeBatch(posts)) }
  } catch (error) {
    reply = { seq, error: messageOf(error) }
  }
  port.postMessage(reply)
})
