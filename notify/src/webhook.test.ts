import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { AlertMessage } from '@yuqing/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Notifier } from './notifier.ts'
import { alertMessage } from './testing/alert-fixture.ts'
import { ManualClock } from './testing/manual-clock.ts'
import { SECRETS } from './testing/secrets.ts'
import { VendorReceiver } from './testing/vendor-receiver.ts'
import { webhookChannel } from './webhook.ts'

let receiver: VendorReceiver
beforeAll(async () => {
  receiver = await VendorReceiver.start(SECRETS)
})
afterAll(async () => {
  await receiver.close()
})

function notifier(options: { secret?: string; url?: string; clock?: ManualClock; timeoutMs?: number } = {}) {
  const channel = webhookChannel({ id: 'relay', url: options.url ?? receiver.url('webhook'), secret: options.secret ?? SECRETS.webhook.secret, allowPrivateNetwork: true })
  return new Notifier({ channels: [{ channel }], clock: options.clock ?? new ManualClock(), retry: { attempts: 3 }, timeoutMs: options.timeoutMs ?? 5000 })
}

/** A port nothing listens on: bound, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('generic webhook channel', () => {
  it('refuses a receiver on loopback unless an admin allowed private networks for it (SSRF), without retrying', async () => {
    const before = receiver.accepted('webhook').length
    const channel = webhookChannel({ id: 'relay', url: receiver.url('webhook'), secret: SECRETS.webhook.secret })
    const [result] = await new Notifier({ channels: [{ channel }], clock: new ManualClock(), retry: { attempts: 3 } }).deliver(alertMessage({ alertId: 'wh-ssrf' }))
    expect(result).toMatchObject({ ok: false, attempts: 1, retryable: false })
    expect(result?.error).toContain('a private or loopback address (127.0.0.1)')
    expect(receiver.accepted('webhook').length).toBe(before)
  })

  it('posts the message as JSON with an HMAC-SHA256 signature of the raw body and an Idempotency-Key', async () => {
    const message = alertMessage({ alertId: 'wh-ok' })
    const [result] = await notifier().deliver(message)

    expect(result).toMatchObject({ ok: true, attempts: 1, key: 'wh-ok/1/relay' })
    const request = receiver.accepted('webhook').at(-1)
    expect(request?.headers['idempotency-key']).toBe('wh-ok/1/relay')
    expect(request?.headers['x-yuqing-signature']).toMatch(/^sha256=[0-9a-f]{64}$/)
    const body = request?.json as { key: string; message: AlertMessage; text: string }
    expect(body.key).toBe('wh-ok/1/relay')
    expect(body.message).toEqual(message)
    expect(body.text).toContain('【严重】诈骗与冒充')
  })

  it('fails without a retry when the receiver rejects the signature (401)', async () => {
    const before = receiver.received.length
    const [result] = await notifier({ secret: 'wrong' }).deliver(alertMessage({ alertId: 'wh-bad-secret' }))

    expect(result).toMatchObject({ ok: false, attempts: 1, retryable: false })
    expect(result?.error).toContain('HTTP 401')
    expect(receiver.received.slice(before).map((r) => r.verdict)).toEqual(['bad signature'])
  })

  it('retries a 500 and delivers once when the next answer is 2xx', async () => {
    const clock = new ManualClock()
    receiver.script('webhook', { status: 500, body: { error: 'database is restarting' } })
    const before = receiver.received.length
    const [result] = await notifier({ clock }).deliver(alertMessage({ alertId: 'wh-500' }))

    expect(result).toMatchObject({ ok: true, attempts: 2, error: null })
    expect(clock.sleeps).toEqual([1000])
    expect(receiver.received.slice(before).map((r) => r.verdict)).toEqual(['scripted', 'accepted'])
    // The retry is the same message: same key, so the receiver can fold it.
    const keys = receiver.received.slice(before).map((r) => r.headers['idempotency-key'])
    expect(keys).toEqual(['wh-500/1/relay', 'wh-500/1/relay'])
  })

  it('waits as long as a 429 Retry-After asks before trying again', async () => {
    const clock = new ManualClock()
    receiver.script('webhook', { status: 429, headers: { 'retry-after': '7' } })
    const [result] = await notifier({ clock }).deliver(alertMessage({ alertId: 'wh-429' }))

    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(clock.sleeps).toEqual([7000])
  })

  it('retries a receiver that does not answer in time, then reports the timeout', async () => {
    const clock = new ManualClock()
    receiver.script('webhook', { hang: true }, { hang: true }, { hang: true })
    const before = receiver.received.length
    const [result] = await notifier({ clock, timeoutMs: 150 }).deliver(alertMessage({ alertId: 'wh-slow' }))

    expect(result).toMatchObject({ ok: false, attempts: 3, duplicate: false, retryable: true })
    expect(result?.error).toContain('no reply within 150 ms')
    expect(clock.sleeps).toEqual([1000, 2000])
    expect(receiver.received.length - before).toBe(3)
  })

  it('retries when nothing listens, then reports the network error', async () => {
    const port = await closedPort()
    const [result] = await notifier({ url: `http://127.0.0.1:${port}/hooks/yuqing` }).deliver(alertMessage({ alertId: 'wh-refused' }))

    expect(result).toMatchObject({ ok: false, attempts: 3 })
    expect(result?.error).toContain('ECONNREFUSED')
  })
})
