import { existsSync, watch } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { serve } from '@hono/node-server'
import { createApp, memoryLiveFeed, setupToken } from '@yuqing/api'
import type { Analyzer } from '@yuqing/analyzer'
import { checkRedis, createLogger, loadConfig, messageOf, type Logger } from '@yuqing/core'
import { startDemoForum, type Source } from '@yuqing/crawler'
import { alertControl } from '../alerts/alert-control.ts'
import { backTest } from '../alerts/back-test.ts'
import { startAlerting } from '../alerts/alerting.ts'
import { loadSources } from '../load-sources.ts'
import { startPipeline } from '../pipeline.ts'
import { openConfiguredRuntime } from '../runtime.ts'

export const dashboardDir = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url))

/** Every role in one process: demo forum (if on), crawler, analyzer, store, API and dashboard. */
export async function start(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      sources: { type: 'string' },
      'no-demo': { type: 'boolean' },
    },
  })
  const config = loadConfig({
    port: values.port,
    host: values.host,
    dataDir: values.data,
    sourcesDir: values.sources,
    demo: values['no-demo'] ? false : undefined,
  })
  const logger = createLogger({ level: config.logLevel })
  // Set but unreachable is an error naming the URL, never a silent fallback to the in-process queue.
  if (config.redisUrl) await checkRedis(config.redisUrl)
  const runtime = await openConfiguredRuntime(config)

  const sources: Source[] = loadSources(config.sourcesDir, logger)
  const demo = config.demo ? await startDemoForum({ timezone: config.timezone }) : undefined
  if (demo) {
    sources.push(demo.source, demo.newsSource)
    logger.info('demo forum 青溪论坛 and news feed 青溪新闻 serving on loopback', { url: demo.url, threads: demo.size, news: demo.newsSize })
  }
  if (sources.length === 0) logger.warn(`no sources: add definitions to ${config.sourcesDir} or drop --no-demo`)

  const live = memoryLiveFeed()
  const alerting = await startAlerting(config, runtime.store, { logger, publish: (message) => live.publish('alert', message) })
  runtime.engine = alerting.engine
  const pipeline = startPipeline(runtime, { sources, logger })
  if (!existsSync(path.join(dashboardDir, 'index.html'))) logger.warn('dashboard not built: run `pnpm build`; serving the API only')
  const setup = await setupToken(runtime.store)
  const app = createApp({
    store: runtime.store,
    analyzer: runtime.analyzer,
    timezone: config.timezone,
    dashboardDir,
    status: pipeline.status,
    setupToken: setup,
    chromium: '/usr/bin/chromium',
    metricsToken: config.metricsToken,
    alerting: alertControl(alerting.engine, config.rulesDir),
    live,
    deadLetters: pipeline.deadLetters,
    backTest: (rule, period) => backTest(rule, runtime.store, { ...period, bucketZone: config.timezone }),
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', (error) => reject(new Error(`cannot listen on ${config.host}:${config.port}: ${messageOf(error)} (set --port or YUQING_PORT)`)))
  })
  const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host
  logger.info(`yuqing is up: open http://${shown}:${config.port}`, { data: config.dataDir })
  if (setup) {
    // No default password: the first admin is created through a link only this console shows.
    logger.warn(
      `no admin account yet: open http://${shown}:${config.port}/setup?token=${setup} to create one (the link works until an admin exists), ` +
        'or run `pnpm yuqing users add NAME --role admin`',
    )
  }

  watchDictionaries(config.dictDir, runtime.analyzer, logger)

  const first = pipeline.crawlAll()
  void first.then(() => logger.info('first crawl done: the hot-word board is ready', { posts: pipeline.status().postsStored }))

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: finishing queued posts, then stopping`)
    server.close()
    await pipeline.stop()
    await alerting.stop()
    await demo?.close()
    await runtime.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

/** Reloads the user's dictionaries when a file in their folder changes (or on SIGHUP). */
function watchDictionaries(dir: string, analyzer: Pick<Analyzer, 'reload'>, logger: Logger): void {
  let timer: NodeJS.Timeout | undefined
  const reload = () => {
    try {
      const loaded = analyzer.reload()
      logger.info('dictionaries reloaded', { dir, ...loaded })
    } catch (error) {
      logger.error('dictionaries not reloaded; keeping the previous ones', { reason: messageOf(error) })
    }
  }
  process.on('SIGHUP', reload)
  if (!existsSync(dir)) return
  // Editors write a file in several steps: wait for them to settle.
  watch(dir, () => {
    clearTimeout(timer)
    timer = setTimeout(reload, 500)
  }).unref()
}
