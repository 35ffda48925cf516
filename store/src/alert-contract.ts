import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { idempotencyKey, type AlertMessage, type AlertRecord } from '@yuqing/core'
import type { StoreHarness } from './contract.ts'
import type { Store } from './store.ts'

const startsAt = '2026-11-26T02:00:00.000Z'

function record(state: AlertRecord['state'], extra: Partial<AlertRecord> = {}): AlertRecord {
  return {
    ruleId: 'water',
    group: '',
    state,
    breaches: 1,
    alertId: state === 'inactive' ? null : 'ep1',
    sequence: 1,
    startsAt,
    endsAt: null,
    lastSentAt: startsAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    unsent: [],
    sent: ['p1'],
    last: { summary: '3 posts', summaryEn: 'three posts', stats: { count: 3, baseline: null, from: startsAt, to: startsAt }, matchedTerms: ['停水'] },
    updatedAt: startsAt,
    ...extra,
  }
}

function message(sequence: number, event: AlertMessage['event'] = 'firing'): AlertMessage {
  return {
    alertId: 'ep1',
    sequence,
    event,
    ruleId: 'water',
    ruleName: '停水投诉',
    severity: 'warning',
    summary: '3 posts',
    matchedTerms: ['停水'],
    evidence: [],
    stats: { count: 3, baseline: null, from: startsAt, to: startsAt },
    startsAt,
    timezone: 'Asia/Shanghai',
  }
}

/** The behaviour of every store's `alerts`: the lifecycle's memory and the delivery outbox. */
export function alertStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} alert store contract`, () => {
    let store: Store
    beforeEach(async () => {
      store = await harness.open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('queues a message for each channel with the state that sent it, once however often it is committed', async () => {
      const firing = record('firing')
      await store.alerts.commit(firing, { message: message(1), channels: ['ding', 'mail'], suppressed: false })
      await store.alerts.commit(firing, { message: message(1), channels: ['ding', 'mail'], suppressed: false })
      expect(await store.alerts.record('water', '')).toEqual(firing)
      expect(await store.alerts.recordOfAlert('ep1')).toEqual(firing)
      const pending = await store.alerts.pendingDeliveries(10)
      expect(pending.map((d) => [d.key, d.channel, d.message.sequence])).toEqual([
        [idempotencyKey(message(1), 'ding'), 'ding', 1],
        [idempotencyKey(message(1), 'mail'), 'mail', 1],
      ])
    })

    it('takes a delivered message out of the outbox and remembers that it was delivered', async () => {
      await store.alerts.commit(record('firing'), { message: message(1), channels: ['ding'], suppressed: false })
      const [delivery] = await store.alerts.pendingDeliveries(10)
      await store.alerts.markFailedAttempt(delivery?.key ?? '', 'HTTP 500')
      expect((await store.alerts.pendingDeliveries(10))[0]).toMatchObject({ attempts: 1, lastError: 'HTTP 500' })
      expect(await store.alerts.wasDelivered(delivery?.key ?? '')).toBe(false)
      await store.alerts.markDelivered(delivery?.key ?? '', new Date(startsAt))
      expect(await store.alerts.pendingDeliveries(10)).toEqual([])
      expect(await store.alerts.wasDelivered(delivery?.key ?? '')).toBe(true)
    })

    it('takes a delivery the channel refused for good out of the outbox, keeping its error', async () => {
      await store.alerts.commit(record('firing'), { message: message(1), channels: ['ding', 'mail'], suppressed: false })
      const key = idempotencyKey(message(1), 'ding')
      await store.alerts.markGivenUp(key, 'errcode 310000: sign not match')
      expect((await store.alerts.pendingDeliveries(10)).map((d) => d.channel)).toEqual(['mail'])
      expect((await store.alerts.alert('ep1'))?.deliveries.find((d) => d.key === key)).toMatchObject({
        givenUp: true,
        attempts: 1,
        lastError: 'errcode 310000: sign not match',
        deliveredAt: null,
      })
    })

    it('keeps a silenced message in the history without delivering it', async () => {
      await store.alerts.commit(record('firing'), { message: message(1), channels: ['ding'], suppressed: true })
      expect(await store.alerts.pendingDeliveries(10)).toEqual([])
      const detail = await store.alerts.alert('ep1')
      expect(detail?.messages.map((m) => [m.sequence, m.suppressed])).toEqual([[1, true]])
    })

    it('lists episodes newest first with their state, acknowledgement and messages', async () => {
      await store.alerts.commit(record('firing'), { message: message(1), channels: ['ding'], suppressed: false })
      const acked = record('firing', { acknowledgedAt: '2026-11-26T02:05:00.000Z', acknowledgedBy: 'li', updatedAt: '2026-11-26T02:05:00.000Z' })
      await store.alerts.commit(acked)
      expect(await store.alerts.alerts({ state: 'firing' })).toEqual([
        expect.objectContaining({ alertId: 'ep1', ruleId: 'water', state: 'firing', severity: 'warning', acknowledgedBy: 'li', summary: '3 posts', summaryEn: 'three posts' }),
      ])
      const resolved = record('resolved', { sequence: 2, endsAt: '2026-11-26T03:00:00.000Z', updatedAt: '2026-11-26T03:00:00.000Z' })
      await store.alerts.commit(resolved, { message: message(2, 'resolved'), channels: ['ding'], suppressed: false })
      expect(await store.alerts.alerts({ state: 'firing' })).toEqual([])
      const detail = await store.alerts.alert('ep1')
      expect(detail).toMatchObject({ state: 'resolved', endsAt: '2026-11-26T03:00:00.000Z' })
      expect(detail?.messages.map((m) => m.event)).toEqual(['firing', 'resolved'])
      expect(detail?.deliveries.map((d) => d.key)).toEqual([idempotencyKey(message(1), 'ding'), idempotencyKey(message(2), 'ding')])
      expect(await store.alerts.alert('nope')).toBeUndefined()
    })

    it('lists the summary of the message last sent: a later record without a message (hits held back until realert) leaves it', async () => {
      await store.alerts.commit(record('firing'), { message: message(1), channels: ['ding'], suppressed: false })
      const later = record('firing', { updatedAt: '2026-11-26T02:10:00.000Z' })
      const held = { ...later, unsent: ['late'], last: { summary: '1 post, published 11-23', summaryEn: 'one post', stats: { count: 1, baseline: null, from: startsAt, to: startsAt }, matchedTerms: [] } }
      await store.alerts.commit(held)
      expect(await store.alerts.alerts({})).toEqual([expect.objectContaining({ alertId: 'ep1', summary: '3 posts', summaryEn: 'three posts', updatedAt: '2026-11-26T02:10:00.000Z' })])
      // Sent at realert, its summary is the alert's.
      await store.alerts.commit({ ...held, sequence: 2, unsent: [] }, { message: message(2), channels: ['ding'], suppressed: false })
      expect(await store.alerts.alert('ep1')).toMatchObject({ summary: '1 post, published 11-23', summaryEn: 'one post' })
    })

    it('lists a summary without its English (raised by an older version) with summaryEn null', async () => {
      const older = record('firing')
      await store.alerts.commit({ ...older, last: { summary: '3 posts', stats: older.last?.stats ?? { count: 3, baseline: null, from: startsAt, to: startsAt }, matchedTerms: [] } })
      expect(await store.alerts.alerts({})).toEqual([expect.objectContaining({ alertId: 'ep1', summary: '3 posts', summaryEn: null })])
      expect(await store.alerts.alert('ep1')).toMatchObject({ summary: '3 posts', summaryEn: null })
    })

    it('keeps silences until they end, and removes one on request', async () => {
      const silence = { ruleId: 'water', group: null, createdBy: 'li', comment: '已知停水', createdAt: startsAt }
      await store.alerts.addSilence({ ...silence, id: 's1', endsAt: '2026-11-26T04:00:00.000Z' })
      await store.alerts.addSilence({ ...silence, id: 's2', endsAt: '2026-11-26T03:00:00.000Z' })
      expect((await store.alerts.silences(new Date('2026-11-26T02:30:00Z'))).map((s) => s.id)).toEqual(['s2', 's1'])
      expect((await store.alerts.silences(new Date('2026-11-26T03:30:00Z'))).map((s) => s.id)).toEqual(['s1'])
      expect(await store.alerts.removeSilence('s1')).toBe(true)
      expect(await store.alerts.removeSilence('s1')).toBe(false)
      expect(await store.alerts.silences(new Date('2026-11-26T02:30:00Z'))).toEqual([expect.objectContaining({ id: 's2', comment: '已知停水' })])
    })

    if (harness.reopen) {
      const reopen = harness.reopen
      it('finds undelivered messages again after a restart', async () => {
        await store.alerts.commit(record('firing'), { message: message(1), channels: ['ding'], suppressed: false })
        await store.close()
        store = await reopen()
        expect((await store.alerts.pendingDeliveries(10)).map((d) => d.key)).toEqual([idempotencyKey(message(1), 'ding')])
        expect(await store.alerts.records()).toEqual([record('firing')])
      })
    }
  })
}
