/**
 * Alert latency on the embedded default: posts go one at a time through the ingest path of
 * `yuqing start` (analyse, match rules, store in SQLite, fire), 1,000 of them carrying words a
 * `match` rule looks for, mixed into the rest; a webhook receiver on loopback notes when each
 * matching post arrives. Prints p50/p95/max from the moment a post entered the ingest path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig, silentLogger, type AlertMessage, type RawPost } from '@yuqing/core'
import { analyzeAndStore, openRuntime, startAlerting, TICK_MS } from '@yuqing/cli'

const MATCHING = 1_000
/** Words no post of the stream holds, added to every 50th post. */
const MARKER = '溪口镇自来水厂停水抢修'

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

export async function benchAlerts(stream: readonly RawPost[]): Promise<void> {
  const every = Math.max(1, Math.floor(stream.length / MATCHING))
  const posts = stream.map((p, i) => (i % every === 0 && i / every < MATCHING ? { ...p, id: `m-${p.id}`, content: `${p.content} ${MARKER}` } : p))
  const accepted = new Map<string, number>()
  const latencies: number[] = []
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => {
      const at = performance.now()
      const { message } = JSON.parse(raw) as { message: AlertMessage }
      for (const e of message.evidence) {
        const start = accepted.get(e.postId)
        if (start === undefined) continue
        accepted.delete(e.postId)
        latencies.push(at - start)
      }
      res.writeHead(200).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`

  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-bench-alerts-'))
  mkdirSync(path.join(dir, 'rules'))
  // realert 0: every matching post is its own message, so each one's latency can be measured.
  writeFileSync(path.join(dir, 'rules', 'water.yaml'), `id: water\nname: 停水抢修\nkind: match\nquery: 自来水厂 + 停水\nrealert: "0"\nfilters: { foldDuplicates: false }\n`)
  writeFileSync(path.join(dir, 'channels.yaml'), `- id: hook\n  kind: webhook\n  url: ${url}\n  allowPrivateNetwork: true\n`)
  const config = loadConfig({ dataDir: path.join(dir, 'data'), rulesDir: path.join(dir, 'rules'), channelsFile: path.join(dir, 'channels.yaml'), demo: false }, {})
  const runtime = openRuntime(config)
  const alerting = await startAlerting(config, runtime.store, { logger: silentLogger })
  runtime.engine = alerting.engine
  try {
    const started = performance.now()
    for (const post of posts) {
      if (post.id.startsWith('m-')) accepted.set(post.id, performance.now())
      await analyzeAndStore(runtime, [post])
      // As the pipeline's queue does between jobs: the event loop turns, deliveries go out.
      await new Promise((resolve) => setImmediate(resolve))
    }
    const seconds = (performance.now() - started) / 1000
    for (let i = 0; i < 500 && accepted.size > 0; i++) await new Promise((r) => setTimeout(r, 20))
    await alerting.dispatcher.idle()
    latencies.sort((a, b) => a - b)
    console.log(`alerts: ${posts.length} posts one at a time through the ingest path (${Math.round(posts.length / seconds)} posts/s), ${MATCHING} matching a match rule, webhook on loopback`)
    console.log(`  post accepted → alert received  p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms (${latencies.length} of ${MATCHING} arrived)`)
    console.log(`  window rules evaluated every ${TICK_MS / 1000} s`)
  } finally {
    await alerting.stop()
    await runtime.close()
    server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
