import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Channel } from './channel.ts'
import { dingtalkChannel } from './dingtalk.ts'
import { MemoryDeliveryLog } from './delivery-log.ts'
import type { DeliveryLog } from './delivery-log.ts'
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

const dingtalk = () => dingtalkChannel({ id: 'ops-dingtalk', url: receiver.url('dingtalk'), secret: SECRETS.dingtalk.secret, allowPrivateNetwork: true })
const webhook = () => webhookChannel({ id: 'relay', url: receiver.url('webhook'), secret: SECRETS.webhook.secret, allowPrivateNetwork: true })

describe('notifier', () => {
  it('sends 20 DingTalk messages at once and holds the 21st until the first is a minute old', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    receiver.clock = clock
    const notifier = new Notifier({ channels: [{ channel: dingtalk(), perMinute: 20 }], clock })
    const before = receiver.received.length

    for (let i = 1; i <= 21; i++) {
      const [result] = await notifier.deliver(alertMessage({ alertId: `rate-${i}` }))
      expect(result?.ok).toBe(true)
    }

    receiver.clock = undefined
    const arrivals = receiver.received.slice(before).map((r) => (r.at ?? NaN) - start)
    expect(arrivals).toEqual([...Array<number>(20).fill(0), 60_000])
    expect(clock.sleeps).toEqual([60_000])
  })

  it('does not send a message again once its key is delivered', async () => {
    const notifier = new Notifier({ channels: [{ channel: webhook() }], clock: new ManualClock() })
    const message = alertMessage({ alertId: 'dup-1' })
    const before = receiver.received.length

    const [first] = await notifier.deliver(message)
    const [second] = await notifier.deliver(message)

    expect(first).toMatchObject({ ok: true, attempts: 1, duplicate: false })
    expect(second).toEqual({ channel: 'relay', key: 'dup-1/1/relay', ok: true, attempts: 0, error: null, duplicate: true, retryable: false })
    expect(receiver.received.length - before).toBe(1)
  })

  it('sends the next message of the same alert (a new sequence) as a new message', async () => {
    const notifier = new Notifier({ channels: [{ channel: webhook() }], clock: new ManualClock() })
    const before = receiver.received.length

    await notifier.deliver(alertMessage({ alertId: 'seq-1', sequence: 1 }))
    const [update] = await notifier.deliver(alertMessage({ alertId: 'seq-1', sequence: 2 }))

    expect(update).toMatchObject({ ok: true, duplicate: false, key: 'seq-1/2/relay' })
    expect(receiver.received.length - before).toBe(2)
  })

  it('does not resend after a restart when the delivery log outlives the process', async () => {
    const log = new MemoryDeliveryLog()
    const message = alertMessage({ alertId: 'restart-1' })
    await new Notifier({ channels: [{ channel: webhook() }], log, clock: new ManualClock() }).deliver(message)
    const before = receiver.received.length

    const [again] = await new Notifier({ channels: [{ channel: webhook() }], log, clock: new ManualClock() }).deliver(message)

    expect(again).toMatchObject({ ok: true, duplicate: true, attempts: 0 })
    expect(receiver.received.length).toBe(before)
  })

  it('sends once when two callers deliver the same message at the same time', async () => {
    const notifier = new Notifier({ channels: [{ channel: webhook() }], clock: new ManualClock() })
    const message = alertMessage({ alertId: 'concurrent-1' })
    const before = receiver.received.length

    const [a, b] = await Promise.all([notifier.deliverTo('relay', message), notifier.deliverTo('relay', message)])

    expect(a).toEqual(b)
    expect(receiver.received.length - before).toBe(1)
  })

  it('delivers to every channel and reports each one, failures included', async () => {
    const broken = dingtalkChannel({ id: 'broken-dingtalk', url: receiver.url('dingtalk'), secret: 'SECwrong', allowPrivateNetwork: true })
    const notifier = new Notifier({ channels: [{ channel: webhook() }, { channel: broken }], clock: new ManualClock() })

    const results = await notifier.deliver(alertMessage({ alertId: 'fanout-1' }), ['relay', 'broken-dingtalk', 'gone'])

    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['relay', true],
      ['broken-dingtalk', false],
      ['gone', false],
    ])
    expect(results[2]?.error).toBe('no channel named gone')
  })

  it('gives up an attempt at its time limit even when the channel ignores the abort signal', async () => {
    const deaf: Channel = { id: 'deaf', kind: 'webhook', send: () => new Promise<void>(() => {}) }
    const clock = new ManualClock()
    const notifier = new Notifier({ channels: [{ channel: deaf, timeoutMs: 50 }], clock, retry: { attempts: 2 } })

    const [result] = await notifier.deliver(alertMessage({ alertId: 'deaf-1' }))

    expect(result).toMatchObject({ ok: false, attempts: 2 })
    expect(result?.error).toContain('no reply within 50 ms')
  })

  it('says so when a message went out but the delivery log could not record it', async () => {
    const log: DeliveryLog = {
      wasDelivered: async () => false,
      markDelivered: async () => {
        throw new Error('database is locked')
      },
    }
    const notifier = new Notifier({ channels: [{ channel: webhook() }], log, clock: new ManualClock() })

    const [result] = await notifier.deliver(alertMessage({ alertId: 'log-fails-1' }))

    expect(result).toMatchObject({ ok: true, attempts: 1 })
    expect(result?.error).toContain('delivery log failed: database is locked')
  })

  it('sends nothing when the delivery log cannot say whether the message went out', async () => {
    const log: DeliveryLog = {
      wasDelivered: async () => {
        throw new Error('disk I/O error')
      },
      markDelivered: async () => {},
    }
    const notifier = new Notifier({ channels: [{ channel: webhook() }], log, clock: new ManualClock() })
    const before = receiver.received.length

    const [result] = await notifier.deliver(alertMessage({ alertId: 'log-unreadable-1' }))

    expect(result).toMatchObject({ ok: false, attempts: 0, retryable: true, error: 'delivery log unreadable: disk I/O error' })
    expect(receiver.received.length).toBe(before)
  })

  it('refuses two channels with one id', () => {
    expect(() => new Notifier({ channels: [{ channel: webhook() }, { channel: webhook() }] })).toThrow('two channels are named relay')
  })
})
