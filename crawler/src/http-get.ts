import { checkOutboundUrl, InputError, outboundFetch, RetryableError, type OutboundOptions } from '@yuqing/core'

export interface HttpLimits {
  timeoutMs: number
  maxBytes: number
  maxRedirects: number
  /** Loopback and private addresses may be fetched (an admin's choice); refused otherwise, redirects included. */
  allowPrivateNetwork?: boolean
  /** How the check resolves names; the system's by default. The connection resolves them again itself, and checks again. */
  resolve?: OutboundOptions['resolve']
}

export interface HttpResponse {
  /** The URL after redirects. */
  url: string
  status: number
  contentType: string | undefined
  bytes: Buffer
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

/**
 * One GET, following redirects itself so it can count them, with one deadline for the whole
 * exchange and the body read only up to `maxBytes`. 5xx, timeouts and network faults are
 * `RetryableError`s; 4xx, a redirect loop or an oversized body are `InputError`s (trying again
 * would give the same answer).
 */
export async function httpGet(url: string, headers: Record<string, string>, limits: HttpLimits): Promise<HttpResponse> {
  try {
    return await withDeadline(limits.timeoutMs, (controller) => followRedirects(url, headers, limits, controller))
  } catch (error) {
    throw fetchFault(error)
  }
}

/**
 * Runs `exchange` under one deadline for all of it: past `timeoutMs` its controller aborts and it
 * fails as a RetryableError.
 */
export async function withDeadline<T>(timeoutMs: number, exchange: (controller: AbortController) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  try {
    return await exchange(controller)
  } catch (error) {
    if (timedOut) throw new RetryableError(`timed out after ${timeoutMs} ms`)
    throw error
  } finally {
    clearTimeout(timer)
  }
}

async function followRedirects(url: string, headers: Record<string, string>, limits: HttpLimits, controller: AbortController): Promise<HttpResponse> {
  let current = url
  for (let hop = 0; ; hop++) {
    // Every hop: a public page must not redirect the crawler into the office network.
    await checkOutboundUrl(current, { allowPrivate: limits.allowPrivateNetwork ?? false, resolve: limits.resolve })
    const response = await outboundFetch(current, { headers, redirect: 'manual', signal: controller.signal }, limits.allowPrivateNetwork ?? false)
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel()
      if (hop >= limits.maxRedirects) throw new InputError(`too many redirects (more than ${limits.maxRedirects})`)
      current = new URL(location, current).toString()
      continue
    }
    if (response.status >= 400) {
      await response.body?.cancel()
      const message = `HTTP ${response.status}`
      throw response.status >= 500 ? new RetryableError(message) : new InputError(message)
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN)
    if (declared > limits.maxBytes) {
      await response.body?.cancel()
      throw new InputError(`response larger than ${mb(limits.maxBytes)} (Content-Length ${declared})`)
    }
    const bytes = await readAtMost(response, limits.maxBytes, controller)
    return { url: current, status: response.status, contentType: response.headers.get('content-type') ?? undefined, bytes }
  }
}

/** What a failed exchange means for the crawl: a refused address or an oversized body is final, a socket fault may pass. */
export function fetchFault(error: unknown): InputError | RetryableError {
  if (error instanceof InputError || error instanceof RetryableError) return error
  // fetch() rejects with a TypeError whose cause names the socket fault (ECONNREFUSED, ECONNRESET…).
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
  const code = cause && 'code' in cause ? String(cause.code) : undefined
  // The name turned private between the check and the connection: as refused as before.
  if (code === 'EPRIVATEADDRESS') return new InputError(cause?.message ?? 'refused a private address', { cause: error })
  return new RetryableError(`network error: ${code ?? cause?.message ?? String(error)}`, { cause: error })
}

/** The body, given up (and the request aborted) as soon as it passes `maxBytes`. */
export async function readAtMost(response: Response, maxBytes: number, controller: AbortController): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  let total = 0
  if (!response.body) return Buffer.alloc(0)
  const reader = response.body.getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const chunk = read.value
    total += chunk.byteLength
    if (total > maxBytes) {
      controller.abort()
      throw new InputError(`response larger than ${mb(maxBytes)}`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
