import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { findTopics, findTrends, hotWordBoard, parseTrendWindow, type Analyzer } from '@yuqing/analyzer'
import { dayOf, InputError, isDay } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import { HttpError, type ErrorBody } from './http-error.ts'
import { serveDashboard } from './static.ts'

export interface AppOptions {
  store: Store
  analyzer: Pick<Analyzer, 'specificity'>
  timezone: string
  /** Built dashboard to serve at `/`; none in API-only runs. */
  dashboardDir?: string | undefined
  /** What the running pipeline is doing, for the dashboard's status line. */
  status?: () => PipelineStatus
  now?: () => Date
}

export interface PipelineStatus {
  crawling: boolean
  lastCrawlAt: string | null
  queued: number
  postsStored: number
}

const Day = z.string().refine(isDay, 'expected a day as YYYY-MM-DD')

/** Query validation whose failures come out in the API's one error shape. */
function validQuery<T extends z.ZodType>(schema: T) {
  return zValidator('query', schema, (result) => {
    if (result.success) return
    const issue = result.error.issues[0]
    throw new HttpError(400, 'invalid_request', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`, result.error.issues)
  })
}

/** The trend window of a request; a bad one is a 400 that names the parameter. */
function trendWindow(input: Parameters<typeof parseTrendWindow>[0], timezone: string) {
  try {
    return parseTrendWindow(input, timezone)
  } catch (error) {
    if (error instanceof InputError) throw new HttpError(400, 'invalid_request', error.message)
    throw error
  }
}

export function createApp(options: AppOptions) {
  const now = options.now ?? (() => new Date())
  const today = () => dayOf(now(), options.timezone)

  const api = new Hono()
    .get('/health', async (c) => c.json({ ok: true as const }))
    .get('/status', async (c) => c.json(options.status?.() ?? null))
    .get('/days', async (c) => c.json({ today: today(), days: await options.store.days() }))
    .get(
      '/hotwords',
      validQuery(z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(200).default(30) })),
      async (c) => {
        const { day = today(), top } = c.req.valid('query')
        const items = await hotWordBoard(options.store, options.analyzer.specificity, day, top)
        return c.json({ day, items })
      },
    )
    .get(
      '/trends',
      validQuery(
        z.object({
          day: Day.optional(),
          at: z.string().max(40).optional(),
          window: z.enum(['1h', '1d']).optional(),
          top: z.coerce.number().int().min(1).max(100).default(20),
        }),
      ),
      async (c) => {
        const { top, ...asked } = c.req.valid('query')
        const window = trendWindow(asked.at === undefined && asked.day === undefined ? { day: today() } : asked, options.timezone)
        return c.json({ window, items: await findTrends(options.store, window, { top }) })
      },
    )
    .get('/topics', validQuery(z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(50).default(10) })), async (c) => {
      const { day = today(), top } = c.req.valid('query')
      return c.json({ day, items: await findTopics(options.store, { kind: 'day', day }, { maxTopics: top }) })
    })
    .get(
      '/posts',
      validQuery(
        z.object({
          q: z.string().max(200).optional(),
          term: z.string().max(50).optional(),
          day: Day.optional(),
          source: z.string().max(100).optional(),
          /** `true`: leave out near-duplicates, each repost wave shown once through its original. */
          fold: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      ),
      async (c) => {
        const { fold, ...query } = c.req.valid('query')
        return c.json(await options.store.searchPosts({ ...query, foldDuplicates: fold }))
      },
    )

  const app = new Hono()
    .route('/api', api)
    .notFound((c) => c.json<ErrorBody>({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404))
    .onError((error, c) => {
      if (error instanceof HttpError) {
        return c.json<ErrorBody>({ error: { code: error.code, message: error.message, details: error.details } }, error.status)
      }
      console.error(error)
      return c.json<ErrorBody>({ error: { code: 'internal', message: 'internal error; see the server log' } }, 500)
    })
  if (options.dashboardDir) app.use('*', serveDashboard(options.dashboardDir))
  return app
}

export type AppType = ReturnType<typeof createApp>
