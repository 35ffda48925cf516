import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createUser } from '@yuqing/api'
import { loadConfig, silentLogger } from '@yuqing/core'
import { startDemoForum, type DemoForum } from '@yuqing/crawler'
import { openRuntime, startPipeline, type Pipeline, type Runtime } from '@yuqing/cli'

export interface Deployment {
  runtime: Runtime
  forum: DemoForum
  pipeline: Pipeline
  dataDir: string
  close(): Promise<void>
}

/** The embedded deployment on a temp data folder, crawling the demo forum and its news feed (as `yuqing start` does) without politeness delays. */
export async function startDeployment(): Promise<Deployment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-e2e-'))
  const config = loadConfig({ dataDir, demo: false }, {})
  const runtime = openRuntime(config)
  const forum = await startDemoForum({ timezone: config.timezone })
  const pipeline = startPipeline(runtime, { sources: [forum.source, forum.newsSource], logger: silentLogger, delaySecs: 0 })
  return {
    runtime,
    forum,
    pipeline,
    dataDir,
    async close() {
      await pipeline.stop()
      await forum.close()
      await runtime.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const E2E_USER = { name: 'e2e-viewer', password: 'e2e password 12345' }

/** A viewer account in the deployment's store, for tests that sign in as staff would. */
export async function addViewer(deployment: Deployment): Promise<void> {
  await createUser(deployment.runtime.store, { ...E2E_USER, role: 'viewer' }, new Date())
}

/** Signs in through POST /api/login and returns the session cookie to send along. */
export async function sessionCookie(app: { request(url: string, init: RequestInit): Response | Promise<Response> }): Promise<string> {
  const res = await app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(E2E_USER) })
  if (res.status !== 200) throw new Error(`e2e sign-in failed: ${res.status} ${await res.text()}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}
