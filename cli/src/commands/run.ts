import { parseArgs } from 'node:util'
import { z } from 'zod'
import { BullQueue, checkRedis, createLogger, InputError, loadConfig, openQueue, type Config, type Logger } from '@yuqing/core'
import { crawlIntervalMs, crawlSource } from '@yuqing/crawler'
import { openAlertEngine, startAlerting } from '../alerts/alerting.ts'
import { loadSources } from '../load-sources.ts'
import { maskedQueue, openPostsQueue, startAnalyzing, startCrawling } from '../pipeline.ts'
import { openRuntime, type Runtime } from '../runtime.ts'

export const usage = 'yuqing run crawl|analyze|notify [--data DIR] [--sources DIR]'

const ROLES = ['crawl', 'analyze', 'notify'] as const
type Role = (typeof ROLES)[number]

/**
 * One role in its own process, for the scaled-out deployment: several `analyze` processes share
 * the posts queue on Redis (REDIS_URL), `crawl` fills it on each source's schedule, `notify`
 * evaluates window rules and delivers the alert outbox. `yuqing start` runs them all in one.
 */
export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { data: { type: 'string' }, sources: { type: 'string' } } })
  const role = positionals[0]
  if (!isRole(role)) throw new InputError(`expected one of ${ROLES.join(', ')}, got ${role ? `"${role}"` : 'nothing'}`, { where: 'yuqing run' })
  const config = loadConfig({ dataDir: values.data, sourcesDir: values.sources })
  const logger = createLogger({ level: config.logLevel }).child(role)
  // Set but unreachable is an error, never a silent fallback to a queue no other process shares.
  if (config.redisUrl) await checkRedis(config.redisUrl)
  else if (role !== 'notify') throw new InputError(`the ${role} role shares its queue through Redis: set REDIS_URL, or run every role in one process with \`yuqing start\``, { where: 'REDIS_URL' })

  const runtime = openRuntime(config)
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
      const crawls = openQueue<{ sourceId: string }>('crawls', { redisUrl: config.redisUrl, schema: z.object({ sourceId: z.string() }), logger })
      if (!(crawls instanceof BullQueue)) {
        // Without Redis (not reached: the role needs it) the in-process scheduler would do.
        const crawling = startCrawling(runtime, posts, { sources, logger })
        void crawling.crawlAll()
        return async () => crawling.stop()
      }
      // One scheduler per source across every crawl process: a source is crawled once per period however many run.
      for (const source of sources) await crawls.schedule(`source-${source.id}`, crawlIntervalMs(source, config.crawlIntervalMinutes), { sourceId: source.id })
      for (const { id } of await crawls.schedules()) if (!sources.some((s) => `source-${s.id}` === id)) await crawls.unschedule(id)
      const queue = maskedQueue(posts)
      crawls.process(
        async ({ sourceId }) => {
          const source = sources.find((s) => s.id === sourceId)
          if (!source) return
          const report = await crawlSource(source, { queue, knownPostIds: (ids) => runtime.store.knownPostIds(ids), timezone: config.timezone, logger })
          logger.info('crawled', { source: source.id, newPosts: report.queued, known: report.known, skipped: report.skipped.length, failures: report.failures.length })
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
  }
}
