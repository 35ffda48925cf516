import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { LiveEvent, LiveFeed } from '../live-feed.ts'
import type { AppEnv } from '../env.ts'
import { guardedErrors, router } from '../openapi.ts'

const KEEPALIVE_MS = 25_000
/** The session is looked up again before a write when the last look is older than this. */
const RECHECK_MS = 1_000

/**
 * `GET /api/live`: Server-Sent Events of alerts and task changes, resumable with `Last-Event-ID`.
 * A stream outlives the request that opened it, so the session is checked again before writing
 * (at most once a second): after sign-out, expiry or a disabled account the stream ends and
 * carries nothing more.
 */
export function liveRoutes(feed: LiveFeed, signedIn: (c: Context<AppEnv>) => Promise<boolean>) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/live',
      tags: ['live'],
      summary: 'Server-Sent Events: `alert` and `task` events; reconnect with Last-Event-ID to get what was missed',
      request: { headers: z.object({ 'last-event-id': z.string().max(100).optional() }) },
      responses: { 200: { description: 'an event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...guardedErrors },
    }),
    (c) => {
      const lastEventId = c.req.valid('header')['last-event-id']
      return streamSSE(c, async (stream) => {
        const queue: LiveEvent[] = []
        let wake: (() => void) | undefined
        const unsubscribe = feed.subscribe(lastEventId, (event) => {
          queue.push(event)
          wake?.()
        })
        let open = true
        stream.onAbort(() => {
          open = false
          unsubscribe()
          wake?.()
        })
        let checkedAt = Date.now()
        const stillSignedIn = async () => {
          if (Date.now() - checkedAt < RECHECK_MS) return true
          checkedAt = Date.now()
          return signedIn(c)
        }
        while (open) {
          const next = queue[0]
          if (next) {
            if (!(await stillSignedIn())) break
            queue.shift()
            await stream.writeSSE(next)
            continue
          }
          // Wait for an event, or send a comment now and then so proxies keep the connection.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, KEEPALIVE_MS)
            wake = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          wake = undefined
          if (open && queue.length === 0) {
            if (!(await stillSignedIn())) break
            await stream.write(': keep-alive\n\n')
          }
        }
        unsubscribe()
      })
    },
  )
}
