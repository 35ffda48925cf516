import { describe, expect, it } from 'vitest'
import { poissonScore, scoreTrends } from './trends.ts'

const week = { baselineWindows: 7 }

describe('trend scoring', () => {
  it('ranks 200→400 far above 2→6, though the small one grew more', () => {
    const trends = scoreTrends(
      [
        { term: '小', count: 6, negativeCount: 0 },
        { term: '大', count: 400, negativeCount: 100 },
      ],
      new Map([
        ['小', 14],
        ['大', 1400],
      ]),
      week,
    )
    expect(trends.map((t) => t.term)).toEqual(['大', '小'])
    expect(trends[0]).toMatchObject({ baseline: 200, growth: 1, negativeShare: 0.25, isNew: false })
    expect(trends[1]?.growth).toBe(2)
  })

  it('needs the minimum support, even for a new term', () => {
    const history = new Map<string, number>()
    expect(scoreTrends([{ term: '新词', count: 2, negativeCount: 0 }], history, week)).toEqual([])
    const [trend] = scoreTrends([{ term: '新词', count: 3, negativeCount: 3 }], history, week)
    expect(trend).toMatchObject({ term: '新词', isNew: true, baseline: 0, negativeShare: 1 })
  })

  it('does not let a term at or below its usual rate trend', () => {
    const trends = scoreTrends(
      [
        { term: '平稳', count: 50, negativeCount: 0 },
        { term: '下降', count: 10, negativeCount: 0 },
      ],
      new Map([
        ['平稳', 350],
        ['下降', 700],
      ]),
      week,
    )
    expect(trends).toEqual([])
  })

  it('expects more of every term on a busier day', () => {
    const current = [{ term: '口罩', count: 40, negativeCount: 0 }]
    const history = new Map([['口罩', 140]])
    expect(scoreTrends(current, history, week)).toHaveLength(1)
    const [scaled] = scoreTrends(current, history, { ...week, volumeRatio: 1.5 })
    expect(scaled?.baseline).toBe(30)
    expect(scoreTrends(current, history, { ...week, volumeRatio: 2 })).toEqual([])
  })

  it('scores zero at or below the rate and more the further above', () => {
    expect(poissonScore(5, 5)).toBe(0)
    expect(poissonScore(10, 5)).toBeGreaterThan(poissonScore(8, 5))
  })

  it('orders ties by count, then term, and keeps the top N', () => {
    const counts = ['丙', '甲', '乙'].map((term) => ({ term, count: 5, negativeCount: 0 }))
    const trends = scoreTrends(counts, new Map(), { baselineWindows: 7, top: 2 })
    expect(trends.map((t) => t.term)).toEqual(['丙', '乙'].sort((a, b) => a.localeCompare(b)))
  })
})
