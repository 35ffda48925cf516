import { parseArgs } from 'node:util'
import { z } from 'zod'
import { serve } from '@hono/node-server'
import { createApp, memoryLiveFeed, setupToken } from '@yuqing/api'
import { BullQueue, checkRedis, createLogger, InputError, loadConfig, messageOf, type Config, type Logger } from '@yuqing/core'
import { crawlIntervalMs } from '@yuqing/crawler'
import { alertControl } from '../alerts/alert-control.ts'
import { backTest } from '../alerts/back-test.ts'
import { openAlertEngine, startAlerting } from '../alerts/alerting.ts'
import { crawlRecorded } from '../crawl-health.ts'
import { dashboardDir } from './start.ts'
import { loadSources } from '../load-sources.ts'
import { deadLettersOf, maskedQueue, openPostsQueue, startAnalyzing } from '../pipeline.ts'
import { openConfiguredRuntime, type Runtime } from '../runtime.ts'

const ROLES = ['crawl', 'analyze', 'notify', 'api'] as const
type Role = (typeof ROLES)[number]

/**
 * One role in its own process, for the scaled-out deployment: several `analyze` processes share
 * the posts queue on Redis (REDIS_URL), `crawl` fills it on each source's schedule, `notify`
 * evaluates window rules and delivers the alert outbox. `yuqing start` runs them all in one.
 */
export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { data: { type: 'string' }, sources: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  })
  const role = positionals[0]
  if (!isRole(role)) throw new InputError(`expected one of ${ROLES.join(', ')}, got ${role ? `"${role}"` : 'nothing'}`, { where: 'yuqing run' })
  const config = loadConfig({ dataDir: values.data, sourcesDir: values.sources, port: values.port, host: values.host })
  const logger = createLogger({ level: config.logLevel }).child(role)
  // Set but unreachable is an error, never a silent fallback to a queue no other process shares.
  if (config.redisUrl) await checkRedis(config.redisUrl)
  else if (role === 'crawl' || role === 'analyze') throw new InputError(`the ${role} role shares its queue through Redis: set REDIS_URL, or run every role in one process with \`yuqing start\``, { where: 'REDIS_URL' })

  const runtime = await openConfiguredRuntime(config)
  // The role's own timers do not hold the process open; this does, until a signal stops it.
  const keepAlive = setInterval(() => undefined, 1 << 30)
  const stop = await startRole(role, runtime, config, logger)
  logger.info(`${role} role running`, { data: config.dataDir, queue: config.redisUrl ? 'redis' : 'in process' })
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: finishing running work, then stopping`)
    try {
      await stop()
      await runtime.close()
    } finally {
      clearInterval(keepAlive)
      process.exit(0)
    }
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

function isRole(value: string | undefined): value is Role {
  return (ROLES as readonly (string | undefined)[]).includes(value)
}

async function startRole(role: Role, runtime: Runtime, config: Config, logger: Logger): Promise<() => Promise<void>> {
  switch (role) {
    case 'analyze': {
      // Rule hits are written with each post; match alerts go to the outbox for the notify role.
      runtime.engine = await openAlertEngine(config, runtime.store, logger)
      const posts = openPostsQueue(runtime, logger)
      startAnalyzing(runtime, posts, logger)
      return () => posts.close()
    }
    case 'crawl': {
      const sources = loadSources(config.sourcesDir, logger)
      if (sources.length === 0) logger.warn(`no sources in ${config.sourcesDir}`)
      const posts = openPostsQueue(runtime, logger)
      // The role runs only with Redis (checked above): crawl jobs are BullMQ's.
      const crawls = new BullQueue<{ sourceId: string }>('crawls', { redisUrl: config.redisUrl ?? '', schema: z.object({ sourceId: z.string() }), logger })
      // One scheduler per source across every crawl process: a source is crawled once per period however many run.
      for (const source of sources) await crawls.schedule(`source-${source.id}`, crawlIntervalMs(source, config.crawlIntervalMinutes), { sourceId: source.id })
      for (const { id } of await crawls.schedules()) if (!sources.some((s) => `source-${s.id}` === id)) await crawls.unschedule(id)
      const queue = maskedQueue(posts)
      crawls.process(
        async ({ sourceId }) => {
          const source = sources.find((s) => s.id === sourceId)
          if (!source) return
          await crawlRecorded(source, runtime.store, crawlIntervalMs(source, config.crawlIntervalMinutes), {
            queue,
            knownPostIds: (ids) => runtime.store.knownPostIds(ids),
            timezone: config.timezone,
            logger,
            allowPrivateNetworks: config.allowPrivateNetworks,
          })
        },
        { concurrency: 1 },
      )
      return async () => {
        await crawls.close()
        await posts.close()
      }
    }
    case 'notify': {
      const alerting = await startAlerting(config, runtime.store, { logger })
      return () => alerting.stop()
    }
    case 'api':
      return serveApi(runtime, config, logger)
  }
}

/**
 * The API and dashboard alone. Acknowledgements and silences are written through an engine of its
 * own (they live in the store); alerts that other processes raise reach the live feed by reading
 * the store every few seconds.
 */
async function serveApi(runtime: Runtime, config: Config, logger: Logger): Promise<() => Promise<void>> {
  const engine = await openAlertEngine(config, runtime.store, logger)
  const live = memoryLiveFeed()
  const setup = await setupToken(runtime.store)
  const app = createApp({
    store: runtime.store,
    analyzer: runtime.analyzer,
    timezone: config.timezone,
    dashboardDir,
    setupToken: setup,
    chromium: '/usr/bin/chromium',
    metricsToken: config.metricsToken,
    alerting: alertControl(engine, config.rulesDir),
    live,
    // The posts queue is opened to read its failures, not to take jobs.
    deadLetters: config.redisUrl ? deadLettersOf(openPostsQueue(runtime, logger)) : undefined,
    backTest: (rule, period) => backTest(rule, runtime.store, { ...period, bucketZone: config.timezone }),
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', (error) => reject(new InputError(`cannot listen on ${config.host}:${config.port}: ${messageOf(error)}`, { where: '--port' })))
  })
  logger.info(`api listening on http://${config.host}:${config.port}`)
  if (setup) logger.warn(`no admin account yet: open http://${config.host}:${config.port}/setup?token=${setup} to create one, or run \`pnpm yuqing users add NAME --role admin\``)
  let seen = new Date().toISOString()
  const relay = setInterval(() => {
    void (async () => {
      const changed = (await runtime.store.alerts.alerts({ limit: 50 })).filter((a) => a.updatedAt > seen)
      for (const summary of changed.reverse()) {
        const last = (await runtime.store.alerts.alert(summary.alertId))?.messages.at(-1)
        if (last) live.publish('alert', last)
        if (summary.updatedAt > seen) seen = summary.updatedAt
      }
    })().catch((error: unknown) => logger.error('live feed relay failed', { reason: messageOf(error) }))
  }, 2_000)
  relay.unref()
  return async () => {
    clearInterval(relay)
    await new Promise((resolve) => server.close(resolve))
  }
}
