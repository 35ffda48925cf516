import { errors } from '@elastic/elasticsearch'
import { CriticalError, InputError, messageOf, RetryableError } from '@yuqing/core'
import type { SaveResult } from '../store.ts'

/** The HTTP status of an Elasticsearch answer that was an error, if it was one. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof errors.ResponseError ? error.statusCode : undefined
}

/** A status worth trying again: the cluster is busy (429) or failing for now (5xx). */
export function isTransient(status: number): boolean {
  return status === 429 || status >= 500
}

/**
 * An error from the client, as the project's error classes: a connection failure, a timeout,
 * a busy or failing cluster are retryable (the client already retried them); anything else means
 * the request itself is wrong for this cluster (a missing privilege, an incompatible mapping) and
 * is critical.
 */
export function storeError(where: string, error: unknown): Error {
  const status = statusOf(error)
  const transient =
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError ||
    (status !== undefined && isTransient(status))
  const message = `Elasticsearch: ${messageOf(error)}`
  return transient ? new RetryableError(message, { where, cause: error }) : new CriticalError(message, { where, cause: error })
}

/** Runs one request, turning a client error into the project's classes (see storeError). */
export async function request<T>(where: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw storeError(where, error)
  }
}

/** A post the cluster did not store, and why. */
export interface NotStored {
  id: string
  /** HTTP status of the bulk item (0 when it was never sent: its original was not stored). */
  status: number
  reason: string
}

function describe(notStored: readonly NotStored[]): string {
  const shown = notStored.slice(0, 5).map((n) => `${n.id} (${n.status || 'not sent'}: ${n.reason})`)
  return `${notStored.length} post(s) not stored: ${shown.join('; ')}${notStored.length > 5 ? '; …' : ''}`
}

/**
 * Some posts of a batch stayed unstored after their retries, for a passing reason (the cluster
 * was busy). The others are stored (`result`); saving the whole batch again is safe and stores
 * only the missing ones.
 */
export class PostsNotStoredError extends RetryableError {
  constructor(
    readonly notStored: readonly NotStored[],
    readonly result: SaveResult,
    where: string,
  ) {
    super(describe(notStored), { where })
  }
}

/**
 * Some posts of a batch were refused for good (a mapping error: the post does not fit the index).
 * The others are stored (`result`); saving the batch again stores nothing more.
 */
export class PostsRejectedError extends InputError {
  constructor(
    readonly notStored: readonly NotStored[],
    readonly result: SaveResult,
    where: string,
  ) {
    super(describe(notStored), { where })
  }
}

/** One failed part of a multi-part answer (msearch), classified like a failed request. */
export function failedPart(where: string, status: number, reason: string): Error {
  const message = `Elasticsearch: ${reason}`
  return isTransient(status) ? new RetryableError(message, { where }) : new CriticalError(message, { where })
}
