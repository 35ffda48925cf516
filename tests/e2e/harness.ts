import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
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

/** The embedded deployment on a temp data folder, crawling the demo forum without politeness delays. */
export async function startDeployment(): Promise<Deployment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-e2e-'))
  const config = loadConfig({ dataDir, demo: false }, {})
  const runtime = openRuntime(config)
  const forum = await startDemoForum({ timezone: config.timezone })
  const pipeline = startPipeline(runtime, { sources: [forum.source], logger: silentLogger, delaySecs: 0 })
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
