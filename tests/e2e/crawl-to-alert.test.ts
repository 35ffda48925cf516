import { createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, silentLogger, type AlertMessage, type Config } from '@yuqing/core'
import { startDemoForum, type DemoForum } from '@yuqing/crawler'
import { openRuntime, startAlerting, startPipeline, type Runtime } from '@yuqing/cli'

const SECRET = 'e2e-secret'

/** A webhook receiver as an integrator would write one: checks the signature, drops repeated keys. */
function startReceiver() {
  const received: { key: string; message: AlertMessage }[] = []
  const rejected: string[] = []
  const seen = new Set<string>()
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => {
      const expected = `sha256=${createHmac('sha256', SECRET).update(raw, 'utf8').digest('hex')}`
      if (req.headers['x-yuqing-signature'] !== expected) {
        rejected.push(raw)
        res.writeHead(401).end()
        return
      }
      const key = String(req.headers['idempotency-key'])
      if (!seen.has(key)) {
        seen.add(key)
        received.push(JSON.parse(raw) as { key: string; message: AlertMessage })
      }
      res.writeHead(200).end('{}')
    })
  })
  return new Promise<{ url: string; received: typeof received; rejected: string[]; server: Server }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, rejected, server })),
  )
}

/** Polls until `check` holds; the limit only stops a hung test, and says so. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 2500) throw new Error('gave up waiting: the condition never held')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('from a crawled post to a signed webhook alert', () => {
  let dir: string
  let config: Config
  let forum: DemoForum
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let runtime: Runtime

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-e2e-alert-'))
    receiver = await startReceiver()
    mkdirSync(path.join(dir, 'rules'))
    writeFileSync(
      path.join(dir, 'rules', 'bridge.yaml'),
      ['id: bridge-closure', 'name: 青溪大桥封闭', 'kind: match', 'severity: warning', 'query: 青溪大桥 + (封闭 | 绕行 | 堵)', 'realert: 1h', 'tests:', '  match: [青溪大桥封闭施工]', '  noMatch: [青溪大桥风景好]'].join('\n'),
    )
    // The receiver is on loopback: allowed for this channel, as an admin would for an intranet relay.
    writeFileSync(path.join(dir, 'channels.yaml'), `- id: ops-hook\n  kind: webhook\n  url: ${receiver.url}\n  secret: ${SECRET}\n  allowPrivateNetwork: true\n`)
    config = loadConfig(
      { dataDir: path.join(dir, 'data'), rulesDir: path.join(dir, 'rules'), channelsFile: path.join(dir, 'channels.yaml'), publicUrl: 'https://yuqing.example.gov.cn/', demo: false },
      {},
    )
    forum = await startDemoForum({ timezone: config.timezone })
    runtime = openRuntime(config)
  })
  afterAll(async () => {
    await forum.close()
    await runtime.close()
    receiver.server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('fires the rule while the forum is crawled and delivers one signed message with the evidence marked', async () => {
    const alerting = await startAlerting(config, runtime.store, { logger: silentLogger })
    runtime.engine = alerting.engine
    const pipeline = startPipeline(runtime, { sources: [forum.source], logger: silentLogger, delaySecs: 0 })
    await pipeline.crawlAll()
    await until(() => receiver.received.length > 0)
    await alerting.dispatcher.idle()
    await pipeline.stop()
    await alerting.stop()

    expect(receiver.rejected).toEqual([])
    const [first] = receiver.received
    expect(first?.key).toBe(`${first?.message.alertId}/1/ops-hook`)
    expect(first?.message).toMatchObject({ ruleId: 'bridge-closure', ruleName: '青溪大桥封闭', event: 'firing', sequence: 1, timezone: 'Asia/Shanghai' })
    expect(first?.message.link).toBe(`https://yuqing.example.gov.cn/#/alerts/${first?.message.alertId ?? ''}`)
    const evidence = first?.message.evidence ?? []
    expect(evidence.length).toBeGreaterThan(0)
    for (const e of evidence) {
      const marked = e.highlights.map(([s, t]) => e.snippet.slice(s, t))
      expect(marked.some((m) => m.includes('青溪大桥'))).toBe(true)
    }
    // The whole crawl is one episode: later hits wait for the realert period instead of a message each.
    expect(new Set(receiver.received.map((r) => r.message.alertId)).size).toBe(1)
    expect(receiver.received).toHaveLength(1)
    expect(await runtime.store.alerts.pendingDeliveries(10)).toEqual([])
  })

  it('sends nothing again after a restart', async () => {
    const before = receiver.received.length
    const alerting = await startAlerting(config, runtime.store, { logger: silentLogger })
    alerting.dispatcher.wake()
    await alerting.dispatcher.idle()
    await alerting.engine.tick()
    await alerting.dispatcher.idle()
    await alerting.stop()
    expect(receiver.received).toHaveLength(before)
  })
})
