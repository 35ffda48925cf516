import { createRoute, z } from '@hono/zod-openapi'
import { addDays } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import { guardedErrors, jsonOf, router } from '../openapi.ts'
import { Day } from '../schemas.ts'

export interface TermDeps {
  store: Store
  today: () => string
}

const Series = z
  .object({
    term: z.string(),
    series: z.array(z.object({ day: z.string(), count: z.number().int(), negativeCount: z.number().int().describe('of them negative') })),
  })
  .openapi('TermSeries')

/** `GET /api/terms/{term}`: one word's posts a day, and the negative ones among them, for its trend chart. */
export function termRoutes(deps: TermDeps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/terms/{term}',
      tags: ['read'],
      summary: 'A hot word’s posts a day (originals; the negative ones among them) over the days up to `day`, oldest first',
      request: {
        params: z.object({ term: z.string().min(1).max(50) }),
        query: z.object({ day: Day.optional(), days: z.coerce.number().int().min(2).max(90).default(30) }),
      },
      responses: { 200: jsonOf(Series, 'the series'), ...guardedErrors },
    }),
    async (c) => {
      const { term } = c.req.valid('param')
      const { day = deps.today(), days } = c.req.valid('query')
      const list = Array.from({ length: days }, (_, i) => addDays(day, i - days + 1))
      return c.json({ term, series: await deps.store.termDays(term, list) }, 200)
    },
  )
}
