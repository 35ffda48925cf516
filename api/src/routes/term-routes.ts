import { createRoute, z } from '@hono/zod-openapi'
import { daysUpTo } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import { guardedErrors, jsonOf, router } from '../openapi.ts'
import { Day, StoredPost } from '../schemas.ts'
import { PROFILE_POSTS, termProfile } from '../term-profile.ts'

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

const Profile = z
  .object({
    term: z.string(),
    day: z.string(),
    hours: z.array(z.number().int()).length(24).openapi({ description: 'originals mentioning the word in each local hour of the day, 00 first' }),
    peak: z.object({ hour: z.string(), count: z.number().int() }).nullable().openapi({ description: 'the busiest hour (YYYY-MM-DDTHH), null on a day without the word' }),
    first: StoredPost.nullable().openapi({ description: 'the earliest original mentioning the word within `days` days up to the day' }),
    read: z.number().int().openapi({ description: `posts of the day read for sources and related words (newest ${PROFILE_POSTS} at most, near-duplicates left out)` }),
    total: z.number().int().openapi({ description: 'posts of the day found, near-duplicates left out' }),
    sources: z.array(z.object({ source: z.string(), name: z.string().nullable(), count: z.number().int(), negative: z.number().int() })),
    related: z.array(z.object({ term: z.string(), count: z.number().int() })).openapi({ description: 'keywords that come with the word in two posts read or more, most first' }),
  })
  .openapi('TermProfile')

const TermQuery = z.object({ day: Day.optional(), days: z.coerce.number().int().min(2).max(90).default(30) })

/**
 * `GET /api/terms/{term}`: one word's posts a day, and the negative ones among them, for its trend
 * chart; `GET /api/terms/{term}/profile`: how it spread on a day.
 */
export function termRoutes(deps: TermDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/terms/{term}',
        tags: ['read'],
        summary: 'A hot word’s posts a day (originals; the negative ones among them) over the days up to `day`, oldest first',
        request: {
          params: z.object({ term: z.string().min(1).max(50) }),
          query: TermQuery,
        },
        responses: { 200: jsonOf(Series, 'the series'), ...guardedErrors },
      }),
      async (c) => {
        const { term } = c.req.valid('param')
        const { day = deps.today(), days } = c.req.valid('query')
        const list = daysUpTo(day, days)
        return c.json({ term, series: await deps.store.termDays(term, list) }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/terms/{term}/profile',
        tags: ['read'],
        summary: 'How a hot word spread on `day`: its posts an hour and the peak, its first post within `days` days, its sources and the words that come with it',
        request: { params: z.object({ term: z.string().min(1).max(50) }), query: TermQuery },
        responses: { 200: jsonOf(Profile, 'the profile'), ...guardedErrors },
      }),
      async (c) => {
        const { term } = c.req.valid('param')
        const { day = deps.today(), days } = c.req.valid('query')
        return c.json(await termProfile(deps.store, term, day, days), 200)
      },
    )
}
