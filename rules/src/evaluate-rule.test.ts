import { describe, expect, it } from 'vitest'
import { addDays } from '@yuqing/core'
import { evaluateRule } from './evaluate-rule.ts'
import { MemoryRuleData } from './memory-rule-data.ts'
import type { Rule } from './rule-schema.ts'
import { RuleSet } from './rule-set.ts'
import { testPost, testRule } from './test-posts.ts'

/** 10:30 in Shanghai: the current bucket is 10, half of it has passed. */
const now = new Date('2026-11-26T02:30:00Z')
const options = { bucketZone: 'Asia/Shanghai' }
const today = '2026-11-26'

type PostOptions = Parameters<typeof testPost>[2]
let serial = 0

/** Stores `n` posts with `text` as the ingest path would, matched against `rules`. */
function ingest(data: MemoryRuleData, rules: Rule[], n: number, text: string, postOptions: PostOptions = {}): void {
  const set = new RuleSet(rules)
  for (let i = 0; i < n; i++) {
    const post = testPost(`${postOptions.source ?? 'forum'}-${serial++}`, text, postOptions)
    data.add(post, set.matchPost(post))
  }
}

const hourOn = (daysBefore: number, hour: string) => `${addDays(today, -daysBefore)}T${hour}`

describe('match rules', () => {
  const rule = testRule({ id: 'fraud', kind: 'match', query: '诈骗' })

  it('breach while the window holds a hit, with the hit as evidence', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 1, '被诈骗了', { hour: '2026-11-26T10' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check).toMatchObject({ ruleId: 'fraud', group: '', breached: true, matchedTerms: ['诈骗'] })
    expect(check?.evidencePostIds).toHaveLength(1)
    expect(check?.summary).toBe('「测试规则」11-26 09:00–10:30 命中 1 条帖子。')
    expect(check?.summaryEn).toBe('“测试规则” 11-26 09:00–10:30: 1 matching post.')
  })

  it('do not breach once the hits are older than the window', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 4, '被诈骗了', { hour: '2026-11-26T08' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check).toMatchObject({ breached: false, evidencePostIds: [], stats: { count: 0, baseline: null } })
  })
})

describe('threshold rules', () => {
  const rule = testRule({ id: 'fire', kind: 'threshold', window: '1h', count: 3, query: '火灾' })

  it('breach at the count and say so with the numbers and the window in the rule’s zone', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 2, '火灾', { hour: '2026-11-26T09', sentiment: 'negative' })
    ingest(data, [rule], 1, '火灾', { hour: '2026-11-26T10' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check?.breached).toBe(true)
    expect(check?.stats).toEqual({ count: 3, baseline: null, negativeShare: 2 / 3, from: '2026-11-26T01:00:00.000Z', to: now.toISOString() })
    expect(check?.summary).toBe('「测试规则」11-26 09:00–10:30 命中 3 条帖子，达到阈值 3 条。')
    expect(check?.summaryEn).toBe('“测试规则” 11-26 09:00–10:30: 3 matching posts, reaching the threshold of 3.')
  })

  it('do not breach one post below the count', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 2, '火灾', { hour: '2026-11-26T10' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check?.breached).toBe(false)
    expect(check?.summary).toContain('命中 2 条帖子，未达阈值 3 条')
    expect(check?.summaryEn).toContain('2 matching posts, below the threshold of 3.')
  })

  it('count each source on its own with groupBy: source, and check a quiet active source', async () => {
    const perSource = testRule({ id: 'fire', kind: 'threshold', window: '1h', count: 3, query: '火灾', groupBy: 'source' })
    const data = new MemoryRuleData()
    ingest(data, [perSource], 3, '火灾', { source: 'forum-a' })
    ingest(data, [perSource], 2, '火灾', { source: 'forum-b' })
    const checks = await evaluateRule(perSource, data, now, { ...options, activeGroups: ['forum-c'] })
    expect(checks.map((c) => [c.group, c.breached, c.stats.count])).toEqual([
      ['forum-a', true, 3],
      ['forum-b', false, 2],
      ['forum-c', false, 0],
    ])
    expect(checks[0]?.evidencePostIds.every((id) => id.includes('forum-a'))).toBe(true)
    expect(checks[0]?.summary).toMatch(/^来源 forum-a：/)
    expect(checks[0]?.summaryEn).toMatch(/^Source forum-a: “测试规则” /)
  })

  it('count a repost wave once when duplicates are folded', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 1, '火灾')
    ingest(data, [rule], 5, '火灾', { duplicateOf: 'original' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check?.stats.count).toBe(1)
  })
})

describe('spike rules', () => {
  const spike = (fields: Record<string, unknown>) => testRule({ id: 'spike', kind: 'spike', window: '1h', query: '停水', factor: 3, baselineDays: 7, ...fields })

  /** Two hits a day in the 09 bucket on each of the 7 days before: a baseline of 2. */
  function usualWeek(data: MemoryRuleData, rule: Rule): void {
    for (let d = 1; d <= 7; d++) ingest(data, [rule], 2, '停水', { hour: hourOn(d, '09') })
  }

  it('do not fire on 2 → 6 when minCount asks for more posts than that', async () => {
    const rule = spike({ minCount: 10 })
    const data = new MemoryRuleData()
    usualWeek(data, rule)
    ingest(data, [rule], 6, '停水', { hour: '2026-11-26T10' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check).toMatchObject({ breached: false, stats: { count: 6, baseline: 2 } })
  })

  it('fire on 2 → 6 at three times the baseline when minCount allows it', async () => {
    const rule = spike({ minCount: 5 })
    const data = new MemoryRuleData()
    usualWeek(data, rule)
    ingest(data, [rule], 6, '停水', { hour: '2026-11-26T10' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check).toMatchObject({ breached: true, stats: { count: 6, baseline: 2 } })
    expect(check?.summary).toContain('命中 6 条帖子，前 7 天同时段平均 2 条，为其 3 倍（告警条件：3 倍且至少 5 条）')
    expect(check?.summaryEn).toContain(': 6 matching posts, 3× the mean of 2 at this time of day over the 7 days before (fires at 3× and 5 or more).')
  })

  it('do not fire below the factor', async () => {
    const rule = spike({ minCount: 1 })
    const data = new MemoryRuleData()
    usualWeek(data, rule)
    ingest(data, [rule], 5, '停水', { hour: '2026-11-26T10' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check?.breached).toBe(false)
  })

  it('weigh the current hour of earlier days by the part of it that has passed', async () => {
    const rule = spike({ minCount: 1 })
    const data = new MemoryRuleData()
    for (let d = 1; d <= 7; d++) ingest(data, [rule], 4, '停水', { hour: hourOn(d, '10') })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check?.stats.baseline).toBe(2)
  })

  it('need the baseline of minBaseline before a rise counts, as ElastAlert’s threshold_ref', async () => {
    const strict = spike({ minCount: 5, minBaseline: 1 })
    const lenient = spike({ minCount: 5 })
    const data = new MemoryRuleData()
    ingest(data, [strict], 10, '停水')
    const [fromNothing] = await evaluateRule(strict, data, now, options)
    const [fromNothingAllowed] = await evaluateRule(lenient, data, now, options)
    expect(fromNothing).toMatchObject({ breached: false, stats: { count: 10, baseline: 0 } })
    expect(fromNothingAllowed?.breached).toBe(true)
    expect(fromNothingAllowed?.summary).toContain('前 7 天同时段没有命中')
    expect(fromNothingAllowed?.summaryEn).toContain('none at this time of day over the 7 days before')
  })

  it('compare each source with its own baseline', async () => {
    const rule = spike({ minCount: 3, groupBy: 'source' })
    const data = new MemoryRuleData()
    for (let d = 1; d <= 7; d++) ingest(data, [rule], 5, '停水', { hour: hourOn(d, '09'), source: 'busy' })
    ingest(data, [rule], 6, '停水', { source: 'busy' })
    ingest(data, [rule], 6, '停水', { source: 'quiet' })
    const checks = await evaluateRule(rule, data, now, options)
    expect(checks.map((c) => [c.group, c.breached, c.stats.baseline])).toEqual([
      ['busy', false, 5],
      ['quiet', true, 0],
    ])
  })
})

describe('new_term rules', () => {
  const rule = testRule({ id: 'new-words', kind: 'new_term', window: '1d', days: 7, minCount: 3 })

  function posts(data: MemoryRuleData, n: number, terms: string[], hour: string, sentiment: 'negative' | 'neutral' = 'neutral'): void {
    for (let i = 0; i < n; i++) data.add(testPost(`${hour}-${terms.join()}-${i}`, terms.join(' '), { hour, terms, sentiment }), [])
  }

  it('fire once per term never seen in the days before that passes minCount now', async () => {
    const data = new MemoryRuleData()
    posts(data, 4, ['杀猪盘'], '2026-11-26T08')
    posts(data, 4, ['停水'], '2026-11-26T08')
    posts(data, 1, ['停水'], hourOn(3, '12'))
    posts(data, 2, ['裸聊'], '2026-11-26T09')
    const checks = await evaluateRule(rule, data, now, options)
    expect(checks.map((c) => [c.group, c.breached, c.stats.count, c.stats.baseline])).toEqual([['杀猪盘', true, 4, 0]])
    expect(checks[0]?.evidencePostIds).toHaveLength(4)
    expect(checks[0]?.matchedTerms).toEqual(['杀猪盘'])
    expect(checks[0]?.summary).toContain('新词「杀猪盘」11-25 10:00–11-26 10:30 出现在 4 条帖子中，此前 7 天没有出现')
    expect(checks[0]?.summaryEn).toBe('“测试规则” new word “杀猪盘” 11-25 10:00–11-26 10:30: in 4 posts, none in the 7 days before (fires at 3 or more).')
  })

  it('look only at terms the query matches', async () => {
    const fraudWords = testRule({ id: 'new-fraud', kind: 'new_term', window: '1d', minCount: 3, query: '诈骗 | 骗局' })
    const data = new MemoryRuleData()
    posts(data, 3, ['裸聊诈骗'], '2026-11-26T09')
    posts(data, 3, ['演唱会'], '2026-11-26T09')
    const checks = await evaluateRule(fraudWords, data, now, options)
    expect(checks.map((c) => c.group)).toEqual(['裸聊诈骗'])
  })

  it('resolve an active term once it is no longer new', async () => {
    const data = new MemoryRuleData()
    posts(data, 3, ['杀猪盘'], hourOn(2, '09'))
    posts(data, 3, ['杀猪盘'], '2026-11-26T09')
    const checks = await evaluateRule(rule, data, now, { ...options, activeGroups: ['杀猪盘'] })
    expect(checks.map((c) => [c.group, c.breached])).toEqual([['杀猪盘', false]])
    expect(checks[0]?.summary).toContain('此前 7 天出现 3 条，不是新词')
    expect(checks[0]?.summaryEn).toContain('in 3 posts, 3 in the 7 days before, so not new.')
  })
})

describe('negative_share rules', () => {
  const rule = testRule({ id: 'dispute', kind: 'negative_share', window: '1d', query: '维权 | 讨薪', minShare: 0.6, minCount: 10 })

  it('breach when both the negative share and the volume pass their bounds', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 7, '工地讨薪', { sentiment: 'negative' })
    ingest(data, [rule], 3, '工地讨薪', { sentiment: 'neutral' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check).toMatchObject({ breached: true, stats: { count: 10, negativeShare: 0.7 } })
    expect(check?.summary).toContain('命中 10 条帖子，其中负面 7 条（70%），达到告警条件（负面占比 60% 且至少 10 条）')
    expect(check?.summaryEn).toContain(': 10 matching posts, 7 negative (70%), meeting the condition (60% negative and 10 posts or more).')
  })

  it('do not breach a mostly negative trickle below minCount', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 9, '工地讨薪', { sentiment: 'negative' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check).toMatchObject({ breached: false, stats: { count: 9, negativeShare: 1 } })
  })

  it('do not breach a large volume that is mostly not negative', async () => {
    const data = new MemoryRuleData()
    ingest(data, [rule], 5, '依法维权', { sentiment: 'negative' })
    ingest(data, [rule], 15, '依法维权', { sentiment: 'positive' })
    const [check] = await evaluateRule(rule, data, now, options)
    expect(check?.breached).toBe(false)
  })

  it('judge each term on its own with groupBy: term', async () => {
    const perTerm = testRule({ id: 'negative-words', kind: 'negative_share', window: '1d', groupBy: 'term', minShare: 0.8, minCount: 4 })
    const data = new MemoryRuleData()
    for (let i = 0; i < 5; i++) data.add(testPost(`w${i}`, '', { terms: ['停水'], sentiment: 'negative' }), [])
    for (let i = 0; i < 5; i++) data.add(testPost(`c${i}`, '', { terms: ['演唱会'], sentiment: i < 2 ? 'negative' : 'positive' }), [])
    const checks = await evaluateRule(perTerm, data, now, options)
    expect(checks.map((c) => [c.group, c.breached, c.stats.negativeShare])).toEqual([['停水', true, 1]])
  })
})
