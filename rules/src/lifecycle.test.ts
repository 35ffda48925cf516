import { describe, expect, it } from 'vitest'
import type { AlertRecord } from '@yuqing/core'
import { acknowledge, advance, EVIDENCE_PER_MESSAGE, type Evaluation, type LifecycleRule, type Transition } from './lifecycle.ts'

const rule: LifecycleRule = { id: 'water', name: '停水投诉', severity: 'warning', timezone: 'Asia/Shanghai', pendingFor: 2, realertMs: 30 * 60_000 }
const start = Date.parse('2026-11-26T02:00:00Z')
const at = (minutes: number) => new Date(start + minutes * 60_000)

function evaluation(breached: boolean, evidencePostIds: string[] = [], count = evidencePostIds.length): Evaluation {
  return {
    group: '',
    breached,
    summary: `${count} posts`,
    summaryEn: `${count} posts`,
    stats: { count, baseline: 1, from: at(-60).toISOString(), to: at(0).toISOString() },
    matchedTerms: ['停水'],
    evidencePostIds,
  }
}

/** Runs evaluations one after another, collecting the messages sent. */
function run(steps: [number, Evaluation][], r: LifecycleRule = rule, from?: AlertRecord): { record: AlertRecord | undefined; sent: Transition['message'][] } {
  let record = from
  const sent: Transition['message'][] = []
  for (const [minute, e] of steps) {
    const t = advance(record, r, e, at(minute))
    record = t.record
    if (t.message) sent.push(t.message)
  }
  return { record, sent }
}

describe('alert lifecycle', () => {
  it('stays pending until the rule breaches pendingFor times in a row, then fires once', () => {
    const { record, sent } = run([
      [0, evaluation(true, ['p1'])],
      [1, evaluation(true, ['p2'])],
      [2, evaluation(true, ['p3'])],
    ])
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ event: 'firing', sequence: 1, evidencePostIds: ['p2', 'p1'], startsAt: at(1).toISOString() })
    expect(record).toMatchObject({ state: 'firing', breaches: 3, unsent: ['p3'] })
  })

  it('forgets a pending breach when the next evaluation does not breach', () => {
    const { record, sent } = run([
      [0, evaluation(true, ['p1'])],
      [1, evaluation(false)],
      [2, evaluation(true, ['p2'])],
    ])
    expect(sent).toEqual([])
    expect(record).toMatchObject({ state: 'pending', breaches: 1 })
  })

  it('groups hits into one message per realert period, each post sent once', () => {
    const fast = { ...rule, pendingFor: 1 }
    const { sent } = run(
      [
        [0, evaluation(true, ['p1'])],
        [5, evaluation(true, ['p2', 'p1'])],
        [10, evaluation(true, ['p3', 'p2', 'p1'])],
        [31, evaluation(true, ['p3', 'p2', 'p1'])],
        [40, evaluation(true, ['p3'])],
      ],
      fast,
    )
    expect(sent.map((m) => [m?.sequence, m?.evidencePostIds])).toEqual([
      [1, ['p1']],
      [2, ['p3', 'p2']],
    ])
  })

  it('sends a resolved message with the episode’s id and end when the rule stops breaching', () => {
    const { record, sent } = run([
      [0, evaluation(true, ['p1'])],
      [1, evaluation(true, ['p2'])],
      [20, evaluation(false)],
      [21, evaluation(false)],
    ])
    expect(sent.map((m) => m?.event)).toEqual(['firing', 'resolved'])
    expect(sent[1]).toMatchObject({ alertId: sent[0]?.alertId, sequence: 2, endsAt: at(20).toISOString(), evidencePostIds: [] })
    expect(record?.state).toBe('resolved')
  })

  it('opens a new episode with a new id when a resolved rule fires again', () => {
    const fast = { ...rule, pendingFor: 1 }
    const { sent } = run(
      [
        [0, evaluation(true, ['p1'])],
        [1, evaluation(false)],
        [2, evaluation(true, ['p1', 'p2'])],
      ],
      fast,
    )
    expect(sent.map((m) => [m?.event, m?.sequence])).toEqual([
      ['firing', 1],
      ['resolved', 2],
      ['firing', 1],
    ])
    expect(sent[2]?.alertId).not.toBe(sent[0]?.alertId)
    expect(sent[2]?.evidencePostIds).toEqual(['p1', 'p2'])
  })

  it('sends no updates once acknowledged, but still the resolution', () => {
    const fast = { ...rule, pendingFor: 1 }
    const first = run([[0, evaluation(true, ['p1'])]], fast)
    const acked = acknowledge(first.record as AlertRecord, 'analyst1', at(1))
    const { sent } = run(
      [
        [40, evaluation(true, ['p2'])],
        [80, evaluation(true, ['p3'])],
        [90, evaluation(false)],
      ],
      fast,
      acked,
    )
    expect(sent.map((m) => m?.event)).toEqual(['resolved'])
  })

  it('carries at most a few evidence posts per message and keeps the rest for the next', () => {
    const fast = { ...rule, pendingFor: 1 }
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`)
    const { record, sent } = run([[0, evaluation(true, ids)]], fast)
    expect(sent[0]?.evidencePostIds).toEqual(ids.slice(0, EVIDENCE_PER_MESSAGE))
    expect(record?.unsent).toEqual(ids.slice(EVIDENCE_PER_MESSAGE))
    expect(record?.sent).toEqual(ids.slice(0, EVIDENCE_PER_MESSAGE))
  })

  it('counts each post once among the sent when the kept ones go with the next message', () => {
    const fast = { ...rule, pendingFor: 1, realertMs: 0 }
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`)
    const { record, sent } = run(
      [
        [0, evaluation(true, ids)],
        [1, evaluation(true, ['q1'])],
      ],
      fast,
    )
    expect(sent.map((m) => m?.evidencePostIds)).toEqual([ids.slice(0, EVIDENCE_PER_MESSAGE), ['q1', ...ids.slice(EVIDENCE_PER_MESSAGE, EVIDENCE_PER_MESSAGE + 4)]])
    expect(record?.sent).toHaveLength(new Set(record?.sent).size)
    expect(new Set(record?.sent)).toEqual(new Set([...ids, 'q1']))
    expect(record?.unsent).toEqual([])
  })

  it('gives the same episode id to the same rule, group and start (a replay after a restart)', () => {
    const fast = { ...rule, pendingFor: 1 }
    const a = advance(undefined, fast, evaluation(true, ['p1']), at(0))
    const b = advance(undefined, fast, evaluation(true, ['p1']), at(0))
    expect(a.message?.alertId).toMatch(/^[0-9a-f]{24}$/)
    expect(b.message?.alertId).toBe(a.message?.alertId)
  })
})
