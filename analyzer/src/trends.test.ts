import { describe, expect, it } from 'vitest'
import { compareTerms, poissonScore, scoreTrends } from './trends.ts'

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
    expect(trends[1]).toMatchObject({ baseline: 2, growth: 2 })
    expect(trends[0]?.score).toBeGreaterThan(10 * (trends[1]?.score ?? 0))
  })

  it('scores G² against the baseline rate smoothed by half a post over the history', () => {
    // λ = (14 + 0.5) / 7; G² = 2·(6·ln(6/λ) − (6 − λ))
    const rate = 14.5 / 7
    const [trend] = scoreTrends([{ term: '停水', count: 6, negativeCount: 0 }], new Map([['停水', 14]]), week)
    expect(trend?.score).toBeCloseTo(2 * (6 * Math.log(6 / rate) - (6 - rate)), 2)
  })

  it('never lets a term below the minimum support trend, however steep its rise', () => {
    const rising = [{ term: '爆炸', count: 4, negativeCount: 4 }]
    expect(scoreTrends(rising, new Map([['爆炸', 0]]), { ...week, minCount: 5 })).toEqual([])
    expect(scoreTrends(rising, new Map([['爆炸', 0]]), { ...week, minCount: 4 })).toHaveLength(1)
  })

  it('flags a term no earlier window mentioned as new, and still needs the minimum support', () => {
    const history = new Map<string, number>()
    expect(scoreTrends([{ term: '新词', count: 2, negativeCount: 0 }], history, week)).toEqual([])
    const [trend] = scoreTrends([{ term: '新词', count: 3, negativeCount: 3 }], history, week)
    expect(trend).toMatchObject({ term: '新词', isNew: true, baseline: 0, growth: 3, negativeShare: 1 })
    expect(trend?.score).toBeGreaterThan(0)
  })

  it('does not flag a term seen before as new', () => {
    const [trend] = scoreTrends([{ term: '大桥', count: 9, negativeCount: 0 }], new Map([['大桥', 1]]), week)
    expect(trend?.isNew).toBe(false)
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

  it('drops the wobble of a flat term when asked for a minimum score', () => {
    // 52 against a usual 50 is a chance wobble: G² ≈ 0.07, far under χ²₁'s 5% value of 3.84.
    const wobble = [{ term: '天气', count: 52, negativeCount: 0 }]
    const history = new Map([['天气', 350]])
    expect(scoreTrends(wobble, history, week)).toHaveLength(1)
    expect(scoreTrends(wobble, history, { ...week, minScore: 3.84 })).toEqual([])
  })

  it('expects more of every term on a busier day', () => {
    const current = [{ term: '口罩', count: 40, negativeCount: 0 }]
    const history = new Map([['口罩', 140]])
    expect(scoreTrends(current, history, week)).toHaveLength(1)
    const [scaled] = scoreTrends(current, history, { ...week, volumeRatio: 1.5 })
    expect(scaled?.baseline).toBe(30)
    expect(scoreTrends(current, history, { ...week, volumeRatio: 2 })).toEqual([])
  })

  it('computes the negative share of each trend', () => {
    const trends = scoreTrends(
      [
        { term: '诈骗', count: 8, negativeCount: 6 },
        { term: '桂花节', count: 8, negativeCount: 0 },
      ],
      new Map(),
      week,
    )
    expect(Object.fromEntries(trends.map((t) => [t.term, t.negativeShare]))).toEqual({ 诈骗: 0.75, 桂花节: 0 })
  })

  it('treats a history of no windows as one window instead of dividing by zero', () => {
    const [trend] = scoreTrends([{ term: '降温', count: 5, negativeCount: 0 }], new Map([['降温', 1]]), { baselineWindows: 0 })
    expect(trend).toMatchObject({ baseline: 1, growth: 4 })
    expect(Number.isFinite(trend?.score)).toBe(true)
  })

  it('scores zero at or below the rate and more the further above', () => {
    expect(poissonScore(5, 5)).toBe(0)
    expect(poissonScore(3, 5)).toBe(0)
    expect(poissonScore(10, 5)).toBeGreaterThan(poissonScore(8, 5))
  })

  it('orders by score, then count, then term, and keeps the top N', () => {
    const counts = ['乙', '丙', '甲'].map((term) => ({ term, count: 5, negativeCount: 0 }))
    const trends = scoreTrends(counts, new Map(), { baselineWindows: 7, top: 2 })
    // Code-unit order (丙 U+4E19 < 乙 U+4E59 < 甲 U+7532), whatever the machine's locale.
    expect(trends.map((t) => t.term)).toEqual(['丙', '乙'])
    expect(scoreTrends([...counts].reverse(), new Map(), { baselineWindows: 7, top: 2 })).toEqual(trends)
  })
})

describe('trend scoring with the analyzer’s specificity', () => {
  // A common word (清楚, "clear") rises with the traffic of every story of the day.
  const current = [
    { term: '清楚', count: 60, negativeCount: 10 },
    { term: '焚烧厂', count: 12, negativeCount: 8 },
    { term: '村子', count: 40, negativeCount: 5 },
  ]
  const history = new Map([
    ['清楚', 70],
    ['焚烧厂', 7],
    ['村子', 70],
  ])
  const specificity = (term: string) => ({ 清楚: 0.47, 焚烧厂: 1.07, 村子: 0.63 })[term] ?? 1

  it('leaves out a common word, however it rose, and ranks the rest by score times specificity; the score stays the G²', () => {
    const plain = scoreTrends(current, history, week)
    // On G² alone: 清楚 114, 村子 50, 焚烧厂 36.
    expect(plain.map((t) => t.term)).toEqual(['清楚', '村子', '焚烧厂'])
    const specific = scoreTrends(current, history, { ...week, specificity })
    // Times specificity: 焚烧厂 36 × 1.07 = 39 above 村子 50 × 0.63 = 32.
    expect(specific.map((t) => t.term)).toEqual(['焚烧厂', '村子'])
    const scoreOf = (list: typeof plain, term: string) => list.find((t) => t.term === term)?.score
    expect(specific.map((t) => t.score)).toEqual([scoreOf(plain, '焚烧厂'), scoreOf(plain, '村子')])
    expect(scoreTrends(current, history, { ...week, specificity, minSpecificity: 0.4 }).map((t) => t.term)).toEqual(['清楚', '焚烧厂', '村子'])
  })
})

describe('term order', () => {
  it('sorts by code unit, not by the locale’s pinyin', () => {
    expect(['甲', '乙', '丙', 'b', 'a'].sort(compareTerms)).toEqual(['a', 'b', '丙', '乙', '甲'])
    expect(compareTerms('停水', '停水')).toBe(0)
  })
})
