import { createRoute, z } from '@hono/zod-openapi'
import type { DeadLetter } from '@yuqing/core'
import { HttpError } from '../http-error.ts'
import { ErrorBody, guardedErrors, jsonOf, router } from '../openapi.ts'

/** The dead letters of the posts queue on Redis (the in-process queue logs failures instead). */
export interface DeadLetters {
  list(limit: number): Promise<DeadLetter[]>
  /** Puts a dead letter back on the queue; throws an InputError when there is no such failed job. */
  retry(id: string): Promise<void>
}

const DeadLetterBody = z.object({ id: z.string(), data: z.unknown(), error: z.string(), attempts: z.number(), failedAt: z.string().nullable() })
const offline = { 503: jsonOf(ErrorBody, 'no shared queue in this deployment (REDIS_URL unset)') }

/** The dead-letter view of the posts queue: what failed for good, and why; a retry puts one back. */
export function queueRoutes(deadLetters: DeadLetters | undefined) {
  const queue = (): DeadLetters => {
    if (!deadLetters) throw new HttpError(503, 'no_shared_queue', 'no shared queue in this deployment (REDIS_URL unset): the in-process queue logs its failures')
    return deadLetters
  }
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/queue/dead-letters',
        tags: ['queue'],
        summary: 'Posts whose analysis failed for good, newest first, with the error',
        request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
        responses: { 200: jsonOf(z.object({ items: z.array(DeadLetterBody) }), 'dead letters'), ...guardedErrors, ...offline },
      }),
      async (c) => c.json({ items: await queue().list(c.req.valid('query').limit) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/queue/dead-letters/{id}/retry',
        tags: ['queue'],
        summary: 'Put a dead letter back on the queue',
        request: { params: z.object({ id: z.string().max(300) }) },
        responses: { 200: jsonOf(z.object({ ok: z.literal(true) }), 'queued again'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such failed job'), ...offline },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        try {
          await queue().retry(id)
        } catch (error) {
          if (error instanceof HttpError) throw error
          throw new HttpError(404, 'not_found', error instanceof Error ? error.message : `no failed job ${id}`)
        }
        c.set('auditDetails', { job: id })
        return c.json({ ok: true as const }, 200)
      },
    )
}
