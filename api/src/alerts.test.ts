import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertMessage, AlertRecord, Silence } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import type { AlertControl } from './alert-control.ts'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

const now = new Date('2026-11-26T04:00:00Z')
const startsAt = '2026-11-26T02:00:00.000Z'

/** The engine's controls as the lead's alert engine provides them, here straight over the store. */
function storeControl(store: Store): AlertControl {
  return {
    async acknowledge(alertId, by) {
      const record = await store.alerts.recordOfAlert(alertId)
      if (record?.state !== 'firing') return false
      await store.alerts.commit({ ...record, acknowledgedAt: now.toISOString(), acknowledgedBy: by, updatedAt: now.toISOString() })
      return true
    },
    async silence(input, by): Promise<Silence> {
      const silence = { ...input, id: randomUUID(), createdBy: by, createdAt: now.toISOString() }
      await store.alerts.addSilence(silence)
      return silence
    },
    unsilence: (id) => store.alerts.removeSilence(id),
    async rules() {
      return {
        rules: [{ id: 'water', name: '停水投诉', kind: 'match', enabled: true, severity: 'warning', file: 'rules/water.yaml', state: 'firing' }],
        errors: [{ file: 'rules/broken.yaml', line: 4, message: 'expr: unbalanced parenthesis' }],
      }
    },
  }
}

const message: AlertMessage = {
  alertId: 'ep1',
  sequence: 1,
  event: 'firing',
  ruleId: 'water',
  ruleName: '停水投诉',
  severity: 'warning',
  summary: '1 小时内 3 条停水投诉',
  matchedTerms: ['停水'],
  evidence: [{ postId: 'p1', source: 'forum', url: 'http://forum.test/t/1', sentiment: 'negative', snippet: '溪口镇停水两天了', highlights: [[3, 5]] }],
  stats: { count: 3, baseline: null, from: startsAt, to: startsAt },
  startsAt,
  timezone: 'Asia/Shanghai',
}
const record: AlertRecord = {
  ruleId: 'water',
  group: '',
  state: 'firing',
  breaches: 1,
  alertId: 'ep1',
  sequence: 1,
  startsAt,
  endsAt: null,
  lastSentAt: startsAt,
  acknowledgedAt: null,
  acknowledgedBy: null,
  unsent: [],
  sent: ['p1'],
  last: { summary: message.summary, stats: message.stats, matchedTerms: ['停水'] },
  updatedAt: startsAt,
}

let db: TestStore
let handler: Client
let analyst: Client
beforeAll(async () => {
  db = await openTestStore()
  await db.store.alerts.commit(record, { message, channels: ['ding'], suppressed: false })
  await addRoleUsers(db.store)
  const app = testApp(db.store, { alerting: storeControl(db.store) })
  handler = await signIn(app, 'handler')
  analyst = await signIn(app, 'analyst')
})
afterAll(async () => {
  await db.close()
})

describe('alerts', () => {
  it('lists alerts by state and shows one with its evidence and deliveries', async () => {
    const firing = await handler.json<{ items: { alertId: string }[] }>('GET', '/api/alerts?state=firing')
    expect(firing.body.items.map((a) => a.alertId)).toEqual(['ep1'])
    expect((await handler.json<{ items: unknown[] }>('GET', '/api/alerts?state=resolved')).body.items).toEqual([])
    const detail = await handler.json<{ messages: AlertMessage[]; deliveries: { channel: string; deliveredAt: string | null }[] }>('GET', '/api/alerts/ep1')
    expect(detail.body.messages[0]?.evidence).toEqual(message.evidence)
    expect(detail.body.deliveries).toEqual([expect.objectContaining({ channel: 'ding', deliveredAt: null })])
    expect((await handler.json('GET', '/api/alerts/none')).status).toBe(404)
  })

  it('acknowledges a firing alert through the engine, naming who did', async () => {
    expect((await handler.json('POST', '/api/alerts/ep1/acknowledge')).status).toBe(200)
    const detail = await handler.json<{ acknowledgedBy: string }>('GET', '/api/alerts/ep1')
    expect(detail.body.acknowledgedBy).toBe('handler')
    expect((await handler.json('POST', '/api/alerts/none/acknowledge')).status).toBe(404)
  })

  it('silences a rule until a future time and ends the silence on request', async () => {
    const past = await analyst.json<{ error: { message: string } }>('POST', '/api/silences', { ruleId: 'water', endsAt: '2026-11-26T03:00:00Z', comment: '已知停水' })
    expect(past.status).toBe(400)
    expect(past.body.error.message).toBe('endsAt: must be in the future')
    const made = await analyst.json<Silence>('POST', '/api/silences', { ruleId: 'water', endsAt: '2026-11-26T18:00:00+08:00', comment: '已知停水，自来水公司在修' })
    expect(made).toMatchObject({ status: 201, body: { ruleId: 'water', group: null, endsAt: '2026-11-26T10:00:00.000Z', createdBy: 'analyst' } })
    expect((await handler.json<{ items: Silence[] }>('GET', '/api/silences')).body.items.map((s) => s.id)).toEqual([made.body.id])
    expect((await analyst.json('DELETE', `/api/silences/${made.body.id}`)).status).toBe(200)
    expect((await analyst.json('DELETE', `/api/silences/${made.body.id}`)).status).toBe(404)
  })

  it('lists the rules read-only with the files that failed validation, line by line', async () => {
    const res = await handler.json<{ rules: { id: string }[]; errors: { file: string; line: number }[] }>('GET', '/api/rules')
    expect(res.body.rules.map((r) => r.id)).toEqual(['water'])
    expect(res.body.errors).toEqual([{ file: 'rules/broken.yaml', line: 4, message: 'expr: unbalanced parenthesis' }])
  })

  it('names the rules that hit a post on its page, from the engine’s rules', async () => {
    const post = analyzer.analyze({ id: 'hit', source: 'test', content: '溪口镇停水两天了', day: '2026-11-26', fetchedAt: '2026-11-26T00:00:00Z' })
    await db.store.savePosts([{ ...post, ruleHits: [{ ruleId: 'water', spans: [[3, 5]], terms: ['停水'] }] }])
    const res = await analyst.json<{ ruleHits: unknown[] }>('GET', '/api/posts/hit')
    expect(res.body.ruleHits).toEqual([{ ruleId: 'water', name: '停水投诉', terms: ['停水'] }])
  })

  it('answers 503 for engine actions when no alert engine runs in the process', async () => {
    const alone = await signIn(testApp(db.store), 'analyst')
    const res = await alone.json<{ error: { code: string } }>('POST', '/api/alerts/ep1/acknowledge')
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('alerting_off')
  })
})
