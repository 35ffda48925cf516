import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger, type AlertMessage, type AlertRecord } from '@yuqing/core'
import { openSqliteStore, type Store } from '@yuqing/store'
import { Dispatcher, type Deliver, type DeliveryOutcome } from './dispatcher.ts'

const at = '2026-11-26T02:00:00.000Z'

function message(alertId: string, sequence: number): AlertMessage {
  return {
    alertId,
    sequence,
    event: 'firing',
    ruleId: 'water',
    ruleName: '停水',
    severity: 'warning',
    summary: 's',
    matchedTerms: [],
    evidence: [],
    stats: { count: 1, baseline: null, from: at, to: at },
    startsAt: at,
    timezone: 'Asia/Shanghai',
  }
}

function record(alertId: string, sequence: number): AlertRecord {
  return {
    ruleId: 'water',
    group: alertId,
    state: 'firing',
    breaches: 1,
    alertId,
    sequence,
    startsAt: at,
    endsAt: null,
    lastSentAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    unsent: [],
    sent: [],
    last: null,
    updatedAt: at,
  }
}

/** A channel side that records what it got and answers from a script of outcomes. */
function receiver(script: Record<string, DeliveryOutcome[]> = {}) {
  const got: string[] = []
  const deliver: Deliver = async (channel, msg, key) => {
    const outcome = script[channel]?.shift() ?? { ok: true }
    if (outcome.ok) got.push(`${channel}:${msg.alertId}/${msg.sequence}`)
    expect(key).toBe(`${msg.alertId}/${msg.sequence}/${channel}`)
    return outcome
  }
  return { got, deliver }
}

/** Polls until `check` holds; the limit only stops a hung test, and says so. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; !(await check()); i++) {
    if (i > 3000) throw new Error('gave up waiting: the condition never held')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('alert dispatcher', () => {
  let dir: string
  let store: Store
  const open = () => openSqliteStore({ file: path.join(dir, 'yuqing.db'), tokenize: (t) => t.split(' ') })
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-dispatch-'))
    store = open()
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const queue = (alertId: string, sequence: number, channels: string[]) =>
    store.alerts.commit(record(alertId, sequence), { message: message(alertId, sequence), channels, suppressed: false })

  it('delivers every queued message to each of its channels, in order, and marks it delivered', async () => {
    await queue('a', 1, ['ding', 'mail'])
    await queue('a', 2, ['ding'])
    const { got, deliver } = receiver()
    const dispatcher = new Dispatcher({ alerts: store.alerts, deliver, logger: silentLogger })
    dispatcher.wake()
    await dispatcher.idle()
    expect(got.filter((g) => g.startsWith('ding'))).toEqual(['ding:a/1', 'ding:a/2'])
    expect(got).toContain('mail:a/1')
    expect(await store.alerts.pendingDeliveries(10)).toEqual([])
    await dispatcher.stop()
  })

  it('tries a failed delivery again after a backoff, and only that one', async () => {
    await queue('a', 1, ['ding', 'mail'])
    const { got, deliver } = receiver({ ding: [{ ok: false, retryable: true, error: 'HTTP 502' }] })
    const dispatcher = new Dispatcher({ alerts: store.alerts, deliver, logger: silentLogger, retryDelayMs: 20 })
    dispatcher.wake()
    await until(async () => (await store.alerts.pendingDeliveries(10)).length === 0)
    expect(got.sort()).toEqual(['ding:a/1', 'mail:a/1'])
    expect((await store.alerts.alert('a'))?.deliveries.find((d) => d.channel === 'ding')).toMatchObject({ attempts: 2, lastError: null })
    await dispatcher.stop()
  })

  it('gives up at once on a refusal that retrying cannot fix', async () => {
    await queue('a', 1, ['ding'])
    const { got, deliver } = receiver({ ding: [{ ok: false, retryable: false, error: 'errcode 310000: sign not match' }] })
    const dispatcher = new Dispatcher({ alerts: store.alerts, deliver, logger: silentLogger, retryDelayMs: 1 })
    dispatcher.wake()
    await dispatcher.idle()
    expect(got).toEqual([])
    expect((await store.alerts.alert('a'))?.deliveries[0]).toMatchObject({ givenUp: true, attempts: 1, lastError: 'errcode 310000: sign not match' })
    await dispatcher.stop()
  })

  it('delivers what a crash left in the outbox after a restart, and nothing twice', async () => {
    await queue('a', 1, ['ding'])
    const first = receiver()
    const before = new Dispatcher({ alerts: store.alerts, deliver: first.deliver, logger: silentLogger })
    before.wake()
    await before.idle()
    await before.stop()
    await queue('b', 1, ['ding'])
    await store.close()

    store = open()
    const second = receiver()
    const after = new Dispatcher({ alerts: store.alerts, deliver: second.deliver, logger: silentLogger })
    after.wake()
    await after.idle()
    expect([first.got, second.got]).toEqual([['ding:a/1'], ['ding:b/1']])
    await after.stop()
  })

  it('picks up a message queued while it is delivering', async () => {
    await queue('a', 1, ['ding'])
    let release: (() => void) | undefined
    const got: string[] = []
    const dispatcher = new Dispatcher({
      alerts: store.alerts,
      logger: silentLogger,
      deliver: async (_channel, msg) => {
        if (msg.alertId === 'a') await new Promise<void>((r) => (release = r))
        got.push(msg.alertId)
        return { ok: true }
      },
    })
    dispatcher.wake()
    await until(() => release !== undefined)
    await queue('b', 1, ['ding'])
    dispatcher.wake()
    release?.()
    await until(() => got.length === 2)
    await dispatcher.idle()
    expect(got).toEqual(['a', 'b'])
    await dispatcher.stop()
  })
})
