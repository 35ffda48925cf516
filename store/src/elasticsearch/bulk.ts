import type { Client, estypes } from '@elastic/elasticsearch'
import { messageOf } from '@yuqing/core'
import { isTransient, statusOf, storeError } from './es-errors.ts'

export type Refresh = boolean | 'wait_for'

/** One write of a bulk request: its action line and, for all but delete, the line after it. */
export interface BulkItem {
  action: 'create' | 'index' | 'update'
  index: string
  id: string
  body: object
  /** Written only over this version of the document (else 409), as a single write's `if_seq_no`. */
  version?: { seqNo: number; primaryTerm: number }
}

/** How a bulk item ended: its HTTP status (201 created, 409 exists, …) and the error, if any. */
export interface BulkOutcome {
  status: number
  error?: { type: string; reason: string }
}

/**
 * Back-pressure: at most `batchSize` items and `maxBytes` of JSON per request, at most
 * `concurrency` requests in flight. Items that failed for a passing reason (429, 5xx) are sent
 * again up to `retries` times, waiting `retryDelayMs` × 2^attempt between rounds.
 */
export interface BulkOptions {
  batchSize: number
  maxBytes: number
  concurrency: number
  retries: number
  retryDelayMs: number
  refresh: Refresh
}

export const DEFAULT_BULK: Omit<BulkOptions, 'refresh'> = {
  batchSize: 500,
  maxBytes: 10 * 1024 * 1024,
  concurrency: 2,
  retries: 3,
  retryDelayMs: 200,
}

/**
 * Writes the items and returns each one's outcome, in order. A whole request that failed for a
 * passing reason counts as a transient failure of each of its items; one refused outright (bad
 * request, missing privilege) throws: it would fail the same way again.
 */
export async function bulkWrite(client: Client, items: readonly BulkItem[], options: BulkOptions, where: string): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = items.map(() => ({ status: 0, error: { type: 'not_sent', reason: 'not sent' } }))
  let pending = items.map((_, i) => i)
  for (let attempt = 0; pending.length > 0; attempt++) {
    const chunks = chunksOf(pending, items, options)
    await inPool(
      chunks.map((chunk) => async () => {
        const results = await sendChunk(client, chunk.map((i) => items[i] as BulkItem), options.refresh, where)
        chunk.forEach((i, k) => {
          outcomes[i] = results[k] ?? { status: 503, error: { type: 'missing_item', reason: 'the bulk answer did not list this item' } }
        })
      }),
      options.concurrency,
    )
    pending = pending.filter((i) => isTransient(outcomes[i]?.status ?? 0))
    if (attempt >= options.retries) break
    if (pending.length > 0) await sleep(options.retryDelayMs * 2 ** attempt)
  }
  return outcomes
}

async function sendChunk(client: Client, chunk: readonly BulkItem[], refresh: Refresh, where: string): Promise<BulkOutcome[]> {
  const operations: object[] = []
  for (const item of chunk) {
    const meta = { _index: item.index, _id: item.id, ...(item.version ? { if_seq_no: item.version.seqNo, if_primary_term: item.version.primaryTerm } : {}) }
    operations.push({ [item.action]: meta }, item.body)
  }
  let response: estypes.BulkResponse
  try {
    response = await client.bulk({ operations, refresh })
  } catch (error) {
    const status = statusOf(error)
    const failure = storeError(where, error)
    if (status !== undefined && !isTransient(status)) throw failure
    // Connection lost or cluster busy: whether the items were written is unknown; sending them
    // again is safe (creates answer 409, writes are by id).
    return chunk.map(() => ({ status: status ?? 503, error: { type: 'request_failed', reason: messageOf(error) } }))
  }
  return response.items.map((entry) => {
    const item = Object.values(entry)[0] as estypes.BulkResponseItem | undefined
    if (!item) return { status: 503, error: { type: 'missing_item', reason: 'empty bulk answer item' } }
    return item.error ? { status: item.status, error: { type: item.error.type, reason: item.error.reason ?? item.error.type } } : { status: item.status }
  })
}

/** Splits the item numbers into requests of at most `batchSize` items and about `maxBytes`. */
function chunksOf(numbers: readonly number[], items: readonly BulkItem[], options: BulkOptions): number[][] {
  const chunks: number[][] = []
  let current: number[] = []
  let bytes = 0
  for (const i of numbers) {
    const size = JSON.stringify((items[i] as BulkItem).body).length
    if (current.length > 0 && (current.length >= options.batchSize || bytes + size > options.maxBytes)) {
      chunks.push(current)
      current = []
      bytes = 0
    }
    current.push(i)
    bytes += size
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/** Runs the tasks with at most `limit` of them at once. */
async function inPool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>
      await task()
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker))
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
