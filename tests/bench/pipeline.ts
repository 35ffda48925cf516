/**
 * The analyze role's throughput: 100,000 real posts through one in-process worker (the embedded
 * default), then through two `yuqing run analyze` processes sharing the BullMQ queue on Redis,
 * both into SQLite, measured in the same run. Needs the stream beside the project and a Redis
 * (REDIS_URL, else 127.0.0.1:6379); says so and skips what it cannot run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BullQueue, checkRedis, loadConfig, MemoryQueue, RawPost, silentLogger } from '@yuqing/core'
import { openRuntime, rawPostFromLine, startAnalyzing, type Runtime } from '@yuqing/cli'
import { readGzipLines } from './read-lines.ts'

const POSTS = 100_000
const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(root, 'cli', 'src', 'bin.ts')

async function stored(runtime: Runtime): Promise<number> {
  return (await runtime.store.days()).reduce((sum, d) => sum + d.posts, 0)
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 200))
}

export async function benchPipeline(streamFile: string): Promise<void> {
  const now = new Date().toISOString()
  const posts: RawPost[] = []
  const seen = new Set<string>()
  for await (const line of readGzipLines(streamFile, POSTS)) {
    const post = rawPostFromLine(line, now, 'weibo-stream')
    if ('error' in post || seen.has(post.id)) continue
    seen.add(post.id)
    posts.push(post)
  }
  console.log(`analyze role: ${posts.length} posts into SQLite, as the pipeline stores them (batches of what arrives within 5 ms)`)

  // One worker in this process, on the in-process queue.
  const memoryDir = mkdtempSync(path.join(tmpdir(), 'yuqing-bench-pipeline-'))
  const local = openRuntime(loadConfig({ dataDir: memoryDir, demo: false }, {}))
  const queue = new MemoryQueue<RawPost>('posts')
  startAnalyzing(local, queue, silentLogger)
  let started = performance.now()
  await queue.addBulk(posts)
  await queue.idle()
  const localRate = posts.length / ((performance.now() - started) / 1000)
  await local.close()
  rmSync(memoryDir, { recursive: true, force: true })
  console.log(`  1 in-process worker                ${Math.round(localRate)} posts/s`)

  const redisUrl = loadConfig().redisUrl ?? 'redis://127.0.0.1:6379/8'
  try {
    await checkRedis(redisUrl)
  } catch (error) {
    console.log(`  2 BullMQ workers: not run (${(error as Error).message})`)
    return
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-bench-pipeline-'))
  const reader = openRuntime(loadConfig({ dataDir: dir, demo: false }, {}))
  await new BullQueue<RawPost>('posts', { redisUrl, schema: RawPost }).obliterate()
  const shared = new BullQueue<RawPost>('posts', { redisUrl, schema: RawPost, jobId: (p) => p.id })
  const workers: ChildProcess[] = []
  try {
    for (let i = 0; i < 2; i++) {
      workers.push(
        spawn(process.execPath, ['--import', 'tsx', bin, 'run', 'analyze'], {
          cwd: root,
          env: { ...process.env, INIT_CWD: dir, REDIS_URL: redisUrl, YUQING_DATA_DIR: dir, YUQING_RULES_DIR: path.join(dir, 'no-rules'), YUQING_LOG_LEVEL: 'warn' },
          stdio: 'ignore',
        }),
      )
    }
    started = performance.now()
    for (let i = 0; i < posts.length; i += 5_000) await shared.addBulk(posts.slice(i, i + 5_000))
    await until(async () => (await stored(reader)) >= posts.length)
    const sharedRate = posts.length / ((performance.now() - started) / 1000)
    console.log(`  2 BullMQ worker processes (Redis)  ${Math.round(sharedRate)} posts/s (${(sharedRate / localRate).toFixed(2)}× one in-process worker)`)
  } finally {
    for (const worker of workers) worker.kill('SIGTERM')
    await shared.obliterate()
    await reader.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
