import { checkOutboundUrl, outboundFetch, type RetryableError } from '@yuqing/core'
import type { SendContext } from './channel.ts'
import { DeliveryRejected, RetryLater } from './channel.ts'

/** A 2xx reply: its body as JSON when it is JSON, and as text for error messages. */
export interface HttpReply {
  status: number
  json: unknown
  text: string
}

/**
 * POSTs a JSON body and sorts the outcome by what to do next: 2xx is returned for the channel to
 * check the vendor's own code; network errors, timeouts, 5xx and 429 are `RetryLater`; any other
 * status is `DeliveryRejected`. Redirects are refused: a POST that silently turns into a GET
 * elsewhere would look delivered without being so.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  context: SendContext,
  where: string,
  allowPrivate: boolean,
): Promise<HttpReply> {
  try {
    await checkOutboundUrl(url, { allowPrivate })
  } catch (error) {
    // Retrying would give the same answer: only an admin's setting changes it.
    throw new DeliveryRejected(error instanceof Error ? error.message : String(error), { where, code: 0 })
  }
  let response: Response
  let text: string
  try {
    response = await outboundFetch(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body, redirect: 'manual', signal: context.signal },
      allowPrivate,
    )
    text = await response.text()
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
    if (cause && 'code' in cause && cause.code === 'EPRIVATEADDRESS') throw new DeliveryRejected(cause.message, { where, code: 0 })
    if (context.signal.aborted) {
      throw new RetryLater(`no reply within ${context.timeoutMs} ms`, { where, cause: error })
    }
    throw new RetryLater(`network error: ${causeOf(error)}`, { where, cause: error })
  }
  const { status } = response
  if (status === 429 || status >= 500) {
    const retryAfterMs = retryAfter(response.headers.get('retry-after'))
    throw new RetryLater(`HTTP ${status}${excerpt(text)}`, { where, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
  }
  if (status < 200 || status >= 300) {
    throw new DeliveryRejected(`HTTP ${status}${excerpt(text)}`, { where, code: status })
  }
  return { status, json: parseJson(text), text }
}

/** fetch hides the useful part ("ECONNREFUSED 127.0.0.1:9") in `cause`. */
function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause: unknown = error.cause
    if (cause instanceof Error) return cause.message
    return error.message
  }
  return String(error)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

function excerpt(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  if (trimmed === '') return ''
  return `: ${trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed}`
}

/** A vendor's `{code, message}` reply on HTTP 200, sorted like an HTTP status. */
export function vendorFailure(
  vendor: string,
  code: number,
  message: string,
  retryCodes: ReadonlySet<number>,
  where: string,
): RetryableError | DeliveryRejected {
  const text = `${vendor} refused the message: ${message || 'no message'} (code ${code})`
  return retryCodes.has(code) ? new RetryLater(text, { where }) : new DeliveryRejected(text, { where, code })
}
