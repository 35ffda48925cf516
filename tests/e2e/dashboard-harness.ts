import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { createApp, createUser, memoryLiveFeed } from '@yuqing/api'
import { loadConfig, silentLogger, type RawPost } from '@yuqing/core'
import type { SaveResult } from '@yuqing/store'
import { startDemoForum, type DemoForum } from '@yuqing/crawler'
import { alertControl, analyzeAndStore, dashboardDir, openRuntime, startAlerting, startPipeline, type Alerting, type Pipeline, type Runtime } from '@yuqing/cli'

export const CHROMIUM = '/usr/bin/chromium'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Where the run's screenshots go (outside the repository). */
export const SCREENSHOTS = path.join(tmpdir(), 'yuqing-dashboard-screenshots')

export const PASSWORD = 'e2e password 12345'
export const USERS = { analyst: 'e2e-analyst', viewer: 'e2e-viewer' } as const

/** A rule the test makes fire by storing a post: a match rule sends a message per hit. */
const RULE = `id: e2e-fraud
name: 诈骗线索
kind: match
query: 诈骗 + -演练
severity: critical
realert: '0'
`

/** A second match rule, on a word the demo forum never uses: an alert of several messages. */
const METRO_RULE = `id: e2e-metro
name: 地铁线索
kind: match
query: 地铁
severity: warning
realert: '0'
`

export interface DashboardSite {
  url: string
  runtime: Runtime
  browser: Browser
  /** The zone local days are counted in. */
  timezone: string
  /** Analyses and stores posts as the pipeline does, so rules fire on them. */
  ingest(posts: RawPost[]): Promise<SaveResult>
  /** A browser context signed in as `name` through the dashboard's own form. */
  /** A browser signed in as `name`, on the configured zone's clock unless `timezoneId` names another. */
  signedIn(name: string, locale?: string, timezoneId?: string): Promise<{ context: BrowserContext; page: Page }>
  close(): Promise<void>
}

/**
 * The embedded deployment as `yuqing start` runs it, on loopback and a temp folder: the demo forum
 * crawled once, the alert engine with one rule publishing to the live feed, the built dashboard,
 * Chromium.
 */
export async function startDashboardSite(): Promise<DashboardSite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-e2e-dash-'))
  const rulesDir = path.join(dataDir, 'rules')
  mkdirSync(rulesDir)
  writeFileSync(path.join(rulesDir, 'fraud.yaml'), RULE)
  writeFileSync(path.join(rulesDir, 'metro.yaml'), METRO_RULE)
  const config = loadConfig({ dataDir, demo: false, rulesDir, channelsFile: path.join(dataDir, 'no-channels.yaml') }, {})
  const runtime = openRuntime(config)
  const forum: DemoForum = await startDemoForum({ timezone: config.timezone })
  const live = memoryLiveFeed()
  const alerting: Alerting = await startAlerting(config, runtime.store, { logger: silentLogger, publish: (m) => live.publish('alert', m) })
  runtime.engine = alerting.engine
  const pipeline: Pipeline = startPipeline(runtime, { sources: [forum.source], logger: silentLogger, delaySecs: 0 })
  await pipeline.crawlAll()
  for (const [role, name] of Object.entries(USERS)) await createUser(runtime.store, { name, role: role as keyof typeof USERS, password: PASSWORD }, new Date())

  const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: config.timezone, dashboardDir, status: pipeline.status, live, alerting: alertControl(alerting.engine, rulesDir) })
  const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  mkdirSync(SCREENSHOTS, { recursive: true })

  return {
    url,
    runtime,
    browser,
    timezone: config.timezone,
    ingest: (posts) => analyzeAndStore(runtime, posts),
    async signedIn(name, locale = 'zh-CN', timezoneId = config.timezone) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale, timezoneId })
      const page = await context.newPage()
      await page.goto(url)
      await page.getByLabel('用户名').fill(name)
      await page.getByLabel('密码').fill(PASSWORD)
      await page.getByRole('button', { name: '登录' }).click()
      await page.getByTestId('user').waitFor()
      return { context, page }
    },
    async close() {
      await browser.close()
      server.close()
      await pipeline.stop()
      await alerting.stop()
      await forum.close()
      await runtime.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
