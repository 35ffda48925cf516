import { timingSafeEqual } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { swaggerUI } from '@hono/swagger-ui'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { Analyzer } from '@yuqing/analyzer'
import { dayOf } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import type { AlertControl } from './alert-control.ts'
import type { AppEnv } from './env.ts'
import { HttpError, type ErrorBody } from './http-error.ts'
import { memoryLiveFeed, type LiveFeed } from './live-feed.ts'
import { createMetrics } from './metrics.ts'
import { ErrorBody as ErrorSchema, jsonOf, router } from './openapi.ts'
import { alertRoutes } from './routes/alert-routes.ts'
import { authRoutes } from './routes/auth-routes.ts'
import { exportRoutes } from './routes/export-routes.ts'
import { homeRoutes } from './routes/home-routes.ts'
import { liveRoutes } from './routes/live-routes.ts'
import { queueRoutes, type DeadLetters } from './routes/queue-routes.ts'
import { meRoutes } from './routes/me-routes.ts'
import { postRoutes } from './routes/post-routes.ts'
import { readRoutes, type PipelineStatus } from './routes/read-routes.ts'
import { rulePreviewRoutes, type RuleBackTester } from './routes/rule-preview-routes.ts'
import { taskRoutes } from './routes/task-routes.ts'
import { termRoutes } from './routes/term-routes.ts'
import { guard, routeKey, SESSION_COOKIE, sessionAlive } from './session.ts'
import { serveDashboard } from './static.ts'

export type { PipelineStatus }

export interface AppOptions {
  /** The dead letters of the shared posts queue (scaled out); without it the route answers 503. */
  deadLetters?: DeadLetters | undefined
  store: Store
  analyzer: Pick<Analyzer, 'specificity' | 'places'>
  timezone: string
  /** Built dashboard to serve at `/`; none in API-only runs. */
  dashboardDir?: string | undefined
  /** What the running pipeline is doing, for the dashboard's status line. */
  status?: () => PipelineStatus
  now?: () => Date
  /** The running alert engine: acknowledgement, silences and the rule list go through it. */
  alerting?: AlertControl | undefined
  /** Where task changes are published and `/api/live` reads from; the alert engine publishes to it too. */
  live?: LiveFeed | undefined
  /** The one-time token of the first-start setup link (see `setupToken()`); setup is closed without it. */
  setupToken?: string | undefined
  /** Behind a reverse proxy you run: believe its X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy?: boolean | undefined
  /** Chromium to print the daily brief as PDF (`/api/brief?format=pdf`); without it that answers 501. */
  chromium?: string | undefined
  /** Bearer token for `/metrics`; without it only loopback clients may read the metrics. */
  metricsToken?: string | undefined
  /** Request bodies above this many bytes are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number | undefined
  /** Replays a rule over the stored posts for `POST /api/rules/preview`; without it the preview only validates and runs the rule's tests. */
  backTest?: RuleBackTester | undefined
}

/** The metrics route's door: the configured bearer token, or without one a loopback address. */
function metricsAllowed(authorization: string | undefined, address: string, token: string | undefined): boolean {
  if (token === undefined) return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
  const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '')
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Records every write that reached a route (refused ones too) unless the route recorded it itself. */
function auditWrites(store: Store, now: () => Date): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('audited', false)
    await next()
    const key = routeKey(c)
    if (!WRITES.has(c.req.method) || !key || c.get('audited')) return
    const user = c.get('user')
    await store.audit.append({
      at: now().toISOString(),
      actor: user?.name ?? null,
      action: key,
      target: c.req.path,
      address: c.get('address'),
      status: c.res.status,
      details: c.get('auditDetails') ?? null,
    })
  }
}

export function createApp(options: AppOptions) {
  const now = options.now ?? (() => new Date())
  const { store } = options
  const live = options.live ?? memoryLiveFeed()
  const sessions = { store, now, trustProxy: options.trustProxy ?? false }
  const metrics = createMetrics(store, now)

  const today = () => dayOf(now(), options.timezone)
  const api = router()
    .route('/', readRoutes({ ...options, today, now }))
    .route('/', homeRoutes({ store, analyzer: options.analyzer, today, now, status: options.status }))
    .route('/', termRoutes({ store, today }))
    .route('/', meRoutes(options.timezone))
    .route('/', rulePreviewRoutes({ backTest: options.backTest, now }))
    .route('/', authRoutes({ ...sessions, setupToken: options.setupToken }))
    .route('/', alertRoutes({ store, alerting: options.alerting, now }))
    .route('/', postRoutes({ store, now }))
    .route('/', taskRoutes({ store, live, now }))
    .route('/', liveRoutes(live, (c) => sessionAlive(c, sessions)))
    .route('/', queueRoutes(options.deadLetters))
    .route('/', exportRoutes({ store, analyzer: options.analyzer, timezone: options.timezone, now, chromium: options.chromium }))

  const app = router()
  app.use('*', metrics.middleware)
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 1024 * 1024,
      onError: () => {
        throw new HttpError(413, 'too_large', `request body over ${options.maxBodyBytes ?? 1024 * 1024} bytes`)
      },
    }),
  )
  app.use('/api/*', async (c, next) => {
    await next()
    // JSON is data: a browser must not sniff a post body into HTML or script.
    c.header('X-Content-Type-Options', 'nosniff')
  })
  app.use('*', auditWrites(store, now))
  app.use('*', guard(sessions))
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE })

  const routes = app
    .route('/api', api)
    .openapi(
      createRoute({
        method: 'get',
        path: '/metrics',
        tags: ['ops'],
        summary: 'Prometheus metrics (text exposition format): with the bearer token YUQING_METRICS_TOKEN, or from loopback when none is set',
        responses: { 200: { description: 'metrics', content: { 'text/plain': { schema: z.string() } } }, 401: jsonOf(ErrorSchema, 'no or wrong token') },
      }),
      async (c) => {
        if (!metricsAllowed(c.req.header('authorization'), c.get('address'), options.metricsToken)) {
          const message = options.metricsToken
            ? 'metrics: send Authorization: Bearer <YUQING_METRICS_TOKEN>'
            : 'metrics: only this machine may read them; set YUQING_METRICS_TOKEN to let a remote Prometheus in'
          throw new HttpError(401, 'unauthorized', message)
        }
        return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType })
      },
    )
  routes.doc('/api/openapi.json', {
    openapi: '3.0.0',
    info: { title: 'yuqing 舆情 API', version: '1', description: 'Writes need the session cookie and the X-CSRF-Token header (the yuqing_csrf cookie’s value).' },
    security: [{ session: [] }],
  })
  routes.get('/api/docs', swaggerUI({ url: '/api/openapi.json' }))
  routes.notFound((c) => c.json<ErrorBody>({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404))
  routes.onError((error, c) => {
    if (error instanceof HttpError) {
      return c.json<ErrorBody>({ error: { code: error.code, message: error.message, details: error.details } }, error.status)
    }
    // Hono's own validators throw these: a body that is not JSON, a wrong content type.
    if (error instanceof HTTPException && error.status < 500) {
      return c.json<ErrorBody>({ error: { code: 'invalid_request', message: `body: ${error.message}` } }, error.status)
    }
    console.error(error)
    return c.json<ErrorBody>({ error: { code: 'internal', message: 'internal error; see the server log' } }, 500)
  })
  if (options.dashboardDir) routes.use('*', serveDashboard(options.dashboardDir))
  return routes
}

export type AppType = ReturnType<typeof createApp>
