import { describe, expect, it } from 'vitest'
import type { TermCount } from '@yuqing/core'
import { hotWordBoard, rankHotWords } from './hot-words.ts'

const flat = () => 1
const neutral = (term: string, count: number): TermCount => ({ term, count, negativeCount: 0 })

describe('hot-word board', () => {
  it('ranks by count and reports places gained since yesterday', () => {
    const board = rankHotWords(
      [
        { term: '停水', count: 9, negativeCount: 9 },
        { term: '大桥', count: 5, negativeCount: 1 },
        { term: '桂花节', count: 2, negativeCount: 0 },
      ],
      [
        { term: '大桥', count: 8, negativeCount: 0 },
        { term: '桂花节', count: 6, negativeCount: 0 },
        { term: '停水', count: 1, negativeCount: 1 },
      ],
      flat,
      10,
    )
    expect(board.map((w) => [w.term, w.rank, w.rankChange])).toEqual([
      ['停水', 1, 2],
      ['大桥', 2, -1],
      ['桂花节', 3, -1],
    ])
    expect(board[0]?.negativeShare).toBe(1)
  })

  it('scores count × specificity × (1 + 0.5·growth boost) × (1 + 0.5·negative share)', () => {
    // 停水: 9 posts, 4 yesterday, a third negative: 9 × 0.8 × (1 + 0.5·log2(10/5)) × (1 + 0.5/3)
    const [row] = rankHotWords([{ term: '停水', count: 9, negativeCount: 3 }], [neutral('停水', 4)], () => 0.8, 5)
    expect(row).toMatchObject({ count: 9, negativeCount: 3, negativeShare: 0.333, score: 12.6 })
  })

  it('ranks a term that doubled since yesterday above one that stayed flat at the same count', () => {
    const board = rankHotWords([neutral('平稳', 9), neutral('翻倍', 9)], [neutral('平稳', 9), neutral('翻倍', 4)], flat, 5)
    expect(board.map((w) => [w.term, w.score])).toEqual([
      ['翻倍', 13.5],
      ['平稳', 9],
    ])
  })

  it('lifts a more negative term above another of equal count and growth', () => {
    const yesterday = [neutral('投诉', 6), neutral('表扬', 6)]
    const board = rankHotWords(
      [
        { term: '表扬', count: 6, negativeCount: 0 },
        { term: '投诉', count: 6, negativeCount: 6 },
      ],
      yesterday,
      flat,
      5,
    )
    expect(board.map((w) => [w.term, w.score])).toEqual([
      ['投诉', 9],
      ['表扬', 6],
    ])
  })

  it('caps the growth lift, so a small new term does not bury a big steady story', () => {
    const board = rankHotWords([neutral('新词', 10), neutral('老话题', 31)], [neutral('老话题', 31)], flat, 5)
    // 新词 rose from nothing: log2(11) is clipped to 2, so it counts double and no more.
    expect(board.map((w) => [w.term, w.score])).toEqual([
      ['老话题', 31],
      ['新词', 20],
    ])
  })

  it('neither lifts nor punishes a term that fell since yesterday', () => {
    const [row] = rankHotWords([neutral('降温', 5)], [neutral('降温', 20)], flat, 5)
    expect(row?.score).toBe(5)
  })

  it('reads an empty yesterday as unmonitored: growth then lifts no term', () => {
    const board = rankHotWords([neutral('大', 6), neutral('小', 4)], [], flat, 5)
    expect(board.map((w) => [w.term, w.score, w.rankChange])).toEqual([
      ['大', 6, null],
      ['小', 4, null],
    ])
  })

  it('marks a term that was not on yesterday’s board as new (null change)', () => {
    const [row] = rankHotWords([{ term: '诈骗', count: 3, negativeCount: 3 }], [], flat, 5)
    expect(row?.rankChange).toBeNull()
  })

  it('lets specificity put a local word above a common one of equal count', () => {
    const board = rankHotWords([neutral('大家', 4), neutral('青溪大桥', 4)], [], (t) => (t === '大家' ? 0.4 : 1.2), 2)
    expect(board.map((w) => w.term)).toEqual(['青溪大桥', '大家'])
  })

  it('measures rank change against yesterday’s board as it was, growth included', () => {
    // Yesterday 乙 (4, new) led 甲 (6, flat) thanks to its growth; today 甲 (6, flat) leads 乙 (5).
    const dayBefore = [neutral('甲', 6)]
    const yesterday = [neutral('甲', 6), neutral('乙', 4)]
    const today = [neutral('甲', 6), neutral('乙', 5)]
    expect(rankHotWords(yesterday, dayBefore, flat, 5).map((w) => w.term)).toEqual(['乙', '甲'])
    expect(rankHotWords(today, yesterday, flat, 5, dayBefore).map((w) => [w.term, w.rank, w.rankChange])).toEqual([
      ['甲', 1, 1],
      ['乙', 2, -1],
    ])
    // Without the day before, yesterday is ranked by volume alone and nobody seems to move.
    expect(rankHotWords(today, yesterday, flat, 5).map((w) => w.rankChange)).toEqual([0, 0])
  })

  it('breaks ties by count, then by term in code-unit order', () => {
    const board = rankHotWords([neutral('乙', 3), neutral('甲', 3), neutral('丙', 3)], [], flat, 5)
    expect(board.map((w) => w.term)).toEqual(['丙', '乙', '甲'])
  })

  it('asks the store for the day and the two before it, all to the same depth', async () => {
    const asked: [string, number][] = []
    const counts: Record<string, TermCount[]> = {
      '2026-03-01': [neutral('降温', 4), neutral('供暖', 4)],
      '2026-02-28': [neutral('降温', 1), neutral('供暖', 4)],
      '2026-02-27': [neutral('供暖', 4)],
    }
    const board = await hotWordBoard(
      {
        termCounts: async (day, limit) => {
          asked.push([day, limit])
          return counts[day] ?? []
        },
      },
      flat,
      '2026-03-01',
      5,
    )
    expect(asked.sort()).toEqual([
      ['2026-02-27', 200],
      ['2026-02-28', 200],
      ['2026-03-01', 200],
    ])
    // 降温 rose from 1 to 4 and passes 供暖, which led yesterday.
    expect(board.map((w) => [w.term, w.rank, w.rankChange])).toEqual([
      ['降温', 1, 1],
      ['供暖', 2, -1],
    ])
  })
})
