import { describe, expect, it } from 'vitest'
import { scoreRising } from './rising.ts'
import { poissonScore } from './trends.ts'

const flat = [1000, 1000, 1000, 1000, 1000, 1000, 1000]
const row = (term: string, counts: number[], negativeCount = 0) => ({ term, counts, negativeCount })

describe('rising terms', () => {
  it('finds a story that doubles every day, which a trend score against the days before misses', () => {
    const [found, ...rest] = scoreRising([row('双黄连', [0, 0, 0, 2, 4, 8, 16], 4), row('天气', [30, 31, 29, 30, 32, 30, 31])], flat)
    expect(rest).toEqual([])
    // Four rises from nothing on the third day, measured from its first posts (2, and half a post of prior).
    expect(found).toMatchObject({ term: '双黄连', counts: [0, 0, 0, 2, 4, 8, 16], rises: 4, baseline: 2, growth: 7, negativeShare: 0.25 })
    expect(found?.score).toBeCloseTo(poissonScore(16, 2.5), 2)
  })

  it('needs three rises in a row up to the day', () => {
    expect(scoreRising([row('停水', [0, 0, 0, 0, 3, 6, 12])], flat)).toHaveLength(1)
    expect(scoreRising([row('停水', [0, 0, 0, 0, 3, 6, 12])], flat, { minRises: 4 })).toEqual([])
    // Down on the day: not rising, however it grew before.
    expect(scoreRising([row('停水', [1, 2, 4, 8, 16, 32, 30])], flat)).toEqual([])
  })

  it('counts a rise only when both the count and the share of the day’s posts rose', () => {
    const growing = [100, 200, 400, 800]
    // Twice the posts each day on twice the traffic: the share stayed put.
    expect(scoreRising([row('交通', [10, 20, 40, 80])], growing)).toEqual([])
    // The same count on ever quieter days: the share rose, the count did not.
    expect(scoreRising([row('交通', [20, 20, 20, 20])], [...growing].reverse())).toEqual([])
    expect(scoreRising([row('交通', [10, 30, 80, 200])], growing)).toHaveLength(1)
  })

  it('takes a day that jumped more than threefold for a spike, which the trends show, not steady growth', () => {
    expect(scoreRising([row('重中之重', [0, 0, 0, 1, 2, 3, 133])], flat)).toEqual([])
    expect(scoreRising([row('重中之重', [0, 0, 0, 1, 2, 3, 9])], flat)).toHaveLength(1)
  })

  it('steps over a day without any post (not monitored), as trend baselines do', () => {
    const [found] = scoreRising([row('供暖', [0, 0, 2, 0, 4, 8, 16])], [1000, 1000, 1000, 0, 1000, 1000, 1000])
    expect(found).toMatchObject({ rises: 4, counts: [0, 0, 2, 0, 4, 8, 16] })
    // Nothing on the day itself: nothing to say.
    expect(scoreRising([row('供暖', [0, 0, 0, 2, 4, 8, 0])], [1000, 1000, 1000, 1000, 1000, 1000, 0])).toEqual([])
  })

  it('needs the minimum support and a rise beyond chance', () => {
    // 1, 2, 3, 5 posts: up every day; 5 against 1 (and half a post) scores G² 5.04.
    expect(scoreRising([row('路灯', [0, 0, 0, 1, 2, 3, 5])], flat)).toHaveLength(1)
    expect(scoreRising([row('路灯', [0, 0, 0, 1, 2, 3, 5])], flat, { minScore: 10.83 })).toEqual([])
    expect(scoreRising([row('路灯', [0, 0, 0, 1, 2, 3, 5])], flat, { minCount: 6 })).toEqual([])
    // 1, 2, 3: up every day, well within chance.
    expect(scoreRising([row('路灯', [0, 0, 0, 0, 1, 2, 3])], flat)).toEqual([])
    // A jump from nothing to 20, then up by one a day: measured from 20, no growth beyond chance.
    expect(scoreRising([row('天气', [0, 0, 0, 20, 21, 22, 23])], flat)).toEqual([])
  })

  it('ranks by score and keeps the top', () => {
    const rows = [row('甲', [0, 0, 0, 1, 2, 4, 8]), row('乙', [0, 0, 0, 10, 20, 40, 80]), row('丙', [0, 0, 0, 3, 6, 12, 24])]
    expect(scoreRising(rows, flat).map((t) => t.term)).toEqual(['乙', '丙', '甲'])
    expect(scoreRising(rows, flat, { top: 1 }).map((t) => t.term)).toEqual(['乙'])
  })

  it('leaves out a common word, and ranks by score times specificity, given the terms’ specificity', () => {
    const rows = [row('进行', [0, 0, 0, 10, 20, 40, 80]), row('供暖', [0, 0, 0, 3, 6, 12, 24])]
    expect(scoreRising(rows, flat).map((t) => t.term)).toEqual(['进行', '供暖'])
    const specificity = (term: string) => (term === '进行' ? 0.26 : 1)
    expect(scoreRising(rows, flat, { specificity }).map((t) => t.term)).toEqual(['供暖'])
    // Let in: G² 186 × 0.26 against 51 × 1; the scores themselves stay G².
    const ranked = scoreRising(rows, flat, { specificity, minSpecificity: 0.2 })
    expect(ranked.map((t) => t.term)).toEqual(['供暖', '进行'])
    expect(ranked[1]?.score).toBeCloseTo(poissonScore(80, 10.5), 2)
  })
})
