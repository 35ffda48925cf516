import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@yuqing/api'
import { dashboardDir } from '@yuqing/cli'
import { addViewer, E2E_USER, startDeployment, type Deployment } from './harness.ts'

const CHROMIUM = '/usr/bin/chromium'

describe('dashboard in a real browser', () => {
  let deployment: Deployment
  let server: ServerType
  let browser: Browser
  let url = ''

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium fonts-noto-cjk)`)
    if (!existsSync(path.join(dashboardDir, 'index.html'))) throw new Error('dashboard not built: run `pnpm build` (pnpm test does)')
    deployment = await startDeployment()
    await deployment.pipeline.crawlAll()
    await addViewer(deployment)
    const { runtime } = deployment
    const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone, dashboardDir, status: deployment.pipeline.status })
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })
  afterAll(async () => {
    await browser?.close()
    server?.close()
    await deployment?.close()
  })

  /** Signs in through the dashboard's form, as staff would. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(url)
    await page.getByLabel('用户名').fill(E2E_USER.name)
    await page.getByLabel('密码').fill(E2E_USER.password)
    await page.getByRole('button', { name: '登录' }).click()
  }

  it('shows only the sign-in form without a session, and refuses a wrong password', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.getByLabel('用户名').fill(E2E_USER.name)
    await page.getByLabel('密码').fill('wrong password')
    await page.getByRole('button', { name: '登录' }).click()
    await expect.poll(() => page.locator('.error').textContent()).toBe('wrong user name or password')
    expect(await page.locator('[data-testid="hot-word-chart"]').count()).toBe(0)
  })

  it('shows today’s board as a bar chart and lists a word’s posts on click', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page)
    await page.locator('[data-testid="hot-word-chart"] canvas').first().waitFor()
    await expect.poll(() => page.locator('.chip').count()).toBeGreaterThan(3)
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('共 ')

    await page.locator('.chip', { hasText: '青溪大桥' }).click()
    await expect.poll(() => page.getByTestId('posts-title').textContent()).toBe('“青溪大桥” 相关帖子')
    const posts = page.getByTestId('post-list').locator('li.post')
    await expect.poll(() => posts.count()).toBeGreaterThanOrEqual(5)
    expect(await posts.first().locator('mark').first().textContent()).toBe('青溪大桥')

    await page.screenshot({ path: path.join(tmpdir(), 'yuqing-dashboard.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('searches posts by free text', async () => {
    const page = await browser.newPage()
    await signIn(page)
    await page.getByLabel('搜索帖子').fill('停水')
    await page.getByRole('button', { name: '搜索' }).click()
    await expect.poll(() => page.getByTestId('posts-title').textContent()).toBe('搜索“停水”')
    await expect.poll(() => page.getByTestId('post-list').locator('li.post').count()).toBeGreaterThan(3)
  })

  it('signs out with the button and is back at the sign-in form', async () => {
    const page = await browser.newPage()
    await signIn(page)
    await page.getByRole('button', { name: '退出' }).click()
    await page.getByRole('button', { name: '登录' }).waitFor()
    await page.reload()
    await page.getByRole('button', { name: '登录' }).waitFor()
    expect(await page.locator('.chip').count()).toBe(0)
  })
})
