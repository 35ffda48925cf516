import { Redis } from 'ioredis'
import { CriticalError, messageOf } from '../errors.ts'

/** The URL with its password masked, fit for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable REDIS_URL)'
  }
}

/**
 * Connection options for BullMQ. `maxRetriesPerRequest: null` lets commands wait out a Redis
 * restart instead of failing the job that issued them; BullMQ's workers require it.
 */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null }
}

/**
 * Fails fast, with what to do, when Redis at `url` cannot be reached: a process configured for
 * Redis must not quietly run on an in-process queue that no other process can see.
 */
export async function checkRedis(url: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 3000
  const shown = redactRedisUrl(url)
  const advice = 'Start Redis there or correct REDIS_URL; unset REDIS_URL to run every role in one process with the in-process queue.'
  let lastError: unknown
  let client: Redis
  try {
    client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      // One try: the caller is deciding whether to start at all.
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    })
  } catch (error) {
    throw new CriticalError(`not a usable Redis URL (${messageOf(error)}). ${advice}`, { where: `REDIS_URL ${shown}`, cause: error })
  }
  client.on('error', (error: unknown) => {
    lastError = error
  })
  let timer: NodeJS.Timeout | undefined
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    await Promise.race([
      (async () => {
        await client.connect()
        const pong = await client.ping()
        if (pong !== 'PONG') throw new Error(`PING answered ${pong}`)
        // A failed SELECT of the URL's database is only an 'error' event, answered before PING.
        if (lastError !== undefined) throw lastError
      })(),
      deadline,
    ])
  } catch (error) {
    // ioredis reports "Connection is closed" at connect(); the socket error says why.
    const reason = messageOf(lastError ?? error)
    throw new CriticalError(`Redis is unreachable or refused the connection (${reason}). ${advice}`, { where: `REDIS_URL ${shown}`, cause: lastError ?? error })
  } finally {
    clearTimeout(timer)
    client.disconnect()
  }
}
