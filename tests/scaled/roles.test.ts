/**
 * Nothing lost, nothing twice, with real `yuqing` processes killed with SIGKILL: analyze workers
 * sharing the posts queue on the local Redis, the notify role with alerts waiting in its outbox,
 * and `yuqing ingest` on the embedded default.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { BullQueue, loadConfig, RawPost, silentLogger } from '@yuqing/core'
import { AlertEngine, analyzeAndStore, INGEST_BATCH, loadRules, openAlertEngine, openRuntime, type Runtime } from '@yuqing/cli'
import { waitUntil } from './harness.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(root, 'cli', 'src', 'bin.ts')
/** A database of the local Redis of its own: these tests share no queue with others. */
const REDIS_URL = 'redis://127.0.0.1:6379/7'
const dirs: string[] = []
const children: ChildProcess[] = []
afterAll(() => {
  // A test that failed half-way must not leave a worker consuming the next run's queue.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-roles-'))
  dirs.push(dir)
  mkdirSync(path.join(dir, 'rules'))
  return dir
}

/** `yuqing ARGS` as its own process, with the environment of a deployment in `dir`. */
function yuqing(dir: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
    cwd: root,
    env: { ...process.env, INIT_CWD: dir, YUQING_DATA_DIR: path.join(dir, 'data'), YUQING_RULES_DIR: path.join(dir, 'rules'), YUQING_CHANNELS_FILE: path.join(dir, 'channels.yaml'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

const WORDS = ['青溪', '大桥', '封闭', '施工', '绕行', '公交', '停水', '自来水', '抢修', '小区', '物业', '投诉', '学校', '放学', '接送', '菜场', '价格', '上涨', '医院', '挂号', '排队', '社区', '通知', '垃圾', '分类', '噪音', '夜间', '路灯', '维修', '停车']

/** Distinct posts (no two near-duplicates), the same on every call. */
function posts(n: number, prefix: string): RawPost[] {
  let seed = 20_261_127
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0)
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    source: 'load',
    content: `${Array.from({ length: 12 }, () => WORDS[next() % WORDS.length]).join('，')}。第${i}号`,
    publishedAt: new Date(Date.UTC(2026, 10, 20 + (i % 5), i % 24)).toISOString(),
    fetchedAt: '2026-11-27T00:00:00.000Z',
  }))
}

async function count(runtime: Runtime): Promise<number> {
  return (await runtime.store.days()).reduce((sum, d) => sum + d.posts, 0)
}

/** What a clean run stores: the same posts ingested once, in this process. */
async function cleanTermCounts(batch: readonly RawPost[]) {
  const dir = scratch()
  const clean = openRuntime(loadConfig({ dataDir: path.join(dir, 'data'), demo: false }, {}))
  for (let i = 0; i < batch.length; i += 500) await analyzeAndStore(clean, batch.slice(i, i + 500))
  const terms = await clean.store.termCountsIn({ from: '2026-11-01T00', to: '2026-11-30T23' }, 100)
  await clean.close()
  return terms
}

describe('scaled out: analyze workers on Redis', () => {
  it('stores every post exactly once when a worker is killed halfway through 20,000 and another takes over', async () => {
    const dir = scratch()
    const batch = posts(20_000, 'k')
    // Whatever an earlier run left in this database's queue goes first.
    await new BullQueue<RawPost>('posts', { redisUrl: REDIS_URL, schema: RawPost }).obliterate()
    const queue = new BullQueue<RawPost>('posts', { redisUrl: REDIS_URL, schema: RawPost, jobId: (p) => p.id })
    for (let i = 0; i < batch.length; i += 1_000) await queue.addBulk(batch.slice(i, i + 1_000))
    // Read through the store the workers write to (WAL: readers do not block them).
    const reader = openRuntime(loadConfig({ dataDir: path.join(dir, 'data'), demo: false }, {}))

    const first = yuqing(dir, ['run', 'analyze'], { REDIS_URL })
    await waitUntil('the first worker to store half the posts', async () => (await count(reader)) >= 10_000, 300_000)
    first.child.kill('SIGKILL')
    expect(await first.exited).toBe(null)
    const atKill = await count(reader)
    expect(atKill).toBeLessThan(20_000)

    const second = yuqing(dir, ['run', 'analyze'], { REDIS_URL })
    await waitUntil('the second worker to store the rest', async () => (await count(reader)) === 20_000, 300_000)
    await waitUntil('the queue to empty', async () => {
      const counts = await queue.refreshCounts()
      return counts.waiting === 0 && counts.active === 0
    })
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect((await queue.failedJobs(10)).map((j) => j.error)).toEqual([])

    // Exactly once: every post is there, and no post counted twice toward any term.
    expect(await count(reader)).toBe(20_000)
    expect((await reader.store.knownPostIds(batch.map((p) => p.id))).size).toBe(20_000)
    expect(await reader.store.termCountsIn({ from: '2026-11-01T00', to: '2026-11-30T23' }, 100)).toEqual(await cleanTermCounts(batch))
    await reader.close()
    await queue.obliterate()
  }, 600_000)

  it('refuses to start a role when REDIS_URL is set but nothing answers there', async () => {
    const role = yuqing(scratch(), ['run', 'analyze'], { REDIS_URL: 'redis://127.0.0.1:1' })
    expect(await role.exited).toBe(1)
    expect(role.output()).toContain('REDIS_URL redis://127.0.0.1:1: Redis is unreachable')
  })

  it('refuses to start when ELASTICSEARCH_URL is set but nothing answers there, instead of using SQLite', async () => {
    const role = yuqing(scratch(), ['run', 'notify'], { ELASTICSEARCH_URL: 'http://127.0.0.1:1' })
    expect(await role.exited).toBe(1)
    expect(role.output()).toMatch(/127\.0\.0\.1:1/)
    expect(role.output()).toMatch(/Elasticsearch/)
  })
})

/** A webhook receiver that answers slowly and accepts each idempotency key once. */
function receiver(): Promise<{ url: string; accepted: string[]; repeats: string[]; server: Server }> {
  const accepted: string[] = []
  const repeats: string[] = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'])
      setTimeout(() => {
        if (accepted.includes(key)) repeats.push(key)
        else accepted.push(key)
        res.writeHead(200).end('{}')
      }, 100)
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, accepted, repeats, server })))
}

describe('scaled out: the notify role', () => {
  it('delivers every queued alert after being killed, none twice to the receiver', async () => {
    const dir = scratch()
    const hook = await receiver()
    writeFileSync(path.join(dir, 'rules', 'water.yaml'), 'id: water\nname: 停水\nkind: match\nquery: 停水\nrealert: "0"\nfilters: { foldDuplicates: false }\n')
    writeFileSync(path.join(dir, 'channels.yaml'), `- id: hook\n  kind: webhook\n  url: ${hook.url}\n  allowPrivateNetwork: true\n`)
    const config = loadConfig({ dataDir: path.join(dir, 'data'), rulesDir: path.join(dir, 'rules'), channelsFile: path.join(dir, 'channels.yaml'), demo: false }, {})
    const runtime = openRuntime(config)
    runtime.engine = await openAlertEngine(config, runtime.store, silentLogger)
    // 30 posts stored one by one: 30 alert messages waiting in the outbox for the notify role.
    for (let i = 0; i < 30; i++) {
      await analyzeAndStore(runtime, [{ id: `w-${i}`, source: 'forum', content: `第${i}栋楼停水了，物业电话打不通`, fetchedAt: new Date().toISOString() }])
    }
    expect(await runtime.store.alerts.pendingDeliveries(100)).toHaveLength(30)

    const first = yuqing(dir, ['run', 'notify'])
    await waitUntil('some alerts to arrive', () => hook.accepted.length >= 8, 120_000)
    first.child.kill('SIGKILL')
    await first.exited
    const second = yuqing(dir, ['run', 'notify'])
    await waitUntil('every alert to arrive', () => hook.accepted.length === 30, 120_000)
    await waitUntil('the outbox to empty', async () => (await runtime.store.alerts.pendingDeliveries(100)).length === 0)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)

    expect(new Set(hook.accepted).size).toBe(30)
    // Only a message in flight at the kill can come twice; the receiver drops it by its key.
    expect(hook.repeats.length).toBeLessThanOrEqual(1)
    await runtime.close()
    hook.server.close()
  }, 300_000)
})

describe('embedded default: yuqing ingest killed', () => {
  it('keeps every acknowledged batch, a second run completes the file with nothing twice, and every match-rule hit is in its alert once', async () => {
    const dir = scratch()
    // About one post in 28 says all three words: the killed run raises their alert batch by batch,
    // and may die between storing a batch and raising it (the posts then wait "pending match" for
    // the sweep). Fewer than the 2,000 post ids an episode remembers, so the record lists them all.
    writeFileSync(path.join(dir, 'rules', 'water.yaml'), 'id: water\nname: 停水抢修\nkind: match\nquery: 停水 + 抢修 + 物业\nrealert: "0"\nfilters: { foldDuplicates: false }\n')
    const batch = posts(20_000, 'e')
    writeFileSync(path.join(dir, 'posts.jsonl'), batch.map((p) => JSON.stringify(p)).join('\n'))
    const reader = openRuntime(loadConfig({ dataDir: path.join(dir, 'data'), demo: false }, {}))
    const first = yuqing(dir, ['ingest', '--file', 'posts.jsonl'])
    await waitUntil('the first run to store some batches', async () => (await count(reader)) >= 5_000, 300_000)
    first.child.kill('SIGKILL')
    await first.exited
    const atKill = await count(reader)
    // Batches commit whole: what the killed run stored is a multiple of its batch size. And it was
    // killed halfway (ten batches, polled every 50 ms): the second run has work left.
    expect(atKill % INGEST_BATCH).toBe(0)
    expect(atKill).toBeLessThan(20_000)

    const second = yuqing(dir, ['ingest', '--file', 'posts.jsonl', '--json'])
    expect(await second.exited).toBe(0)
    const report = JSON.parse(second.output().slice(second.output().indexOf('{'))) as { stored: number; duplicates: number }
    expect(report).toMatchObject({ stored: 20_000 - atKill, duplicates: atKill })
    expect(await count(reader)).toBe(20_000)
    expect(await reader.store.termCountsIn({ from: '2026-11-01T00', to: '2026-11-30T23' }, 100)).toEqual(await cleanTermCounts(batch))

    // What `yuqing start` does first: sweep the markers a crash left (no grace period here: no
    // other writer is running). Then every stored hit is evidence of the one episode, none twice.
    const engine = new AlertEngine({ store: reader.store, bucketZone: 'Asia/Shanghai', channels: () => [], logger: silentLogger, pendingGraceMs: 0 })
    engine.setRules(await loadRules(path.join(dir, 'rules'), silentLogger))
    // A sweep takes a page of markers; a few pages at most here (fewer than 2,000 hits in all).
    for (let sweeps = 0; sweeps < 10 && (await reader.store.pendingMatches(new Date(), 1)).length > 0; sweeps++) await engine.sweepPendingMatches()
    expect(await reader.store.pendingMatches(new Date(), 20_000)).toEqual([])
    const hits = await reader.store.ruleHitPostIds({ ruleId: 'water', range: { from: '2026-11-01T00', to: '2026-11-30T23' }, foldDuplicates: false }, 20_000)
    expect(hits.length).toBe(batch.filter((p) => ['停水', '抢修', '物业'].every((w) => p.content.includes(w))).length)
    expect(hits.length).toBeLessThan(2_000)
    const record = await reader.store.alerts.record('water', '')
    const evidence = [...(record?.sent ?? []), ...(record?.unsent ?? [])]
    expect(evidence.length).toBe(new Set(evidence).size)
    expect(new Set(evidence)).toEqual(new Set(hits))
    await reader.close()
  }, 300_000)
})
