import { describe, expect, it } from 'vitest'
import { hotWordBoard, rankHotWords } from './hot-words.ts'

const flat = () => 1

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

  it('marks a term that was not on yesterday’s board as new (null change)', () => {
    const [row] = rankHotWords([{ term: '诈骗', count: 3, negativeCount: 3 }], [], flat, 5)
    expect(row?.rankChange).toBeNull()
  })

  it('lets specificity put a local word above a common one of equal count', () => {
    const board = rankHotWords(
      [
        { term: '大家', count: 4, negativeCount: 0 },
        { term: '青溪大桥', count: 4, negativeCount: 0 },
      ],
      [],
      (t) => (t === '大家' ? 0.4 : 1.2),
      2,
    )
    expect(board.map((w) => w.term)).toEqual(['青溪大桥', '大家'])
  })

  it('asks the store for the day and the day before', async () => {
    const asked: string[] = []
    const board = await hotWordBoard(
      {
        termCounts: async (day) => {
          asked.push(day)
          return day === '2026-03-01' ? [{ term: '降温', count: 2, negativeCount: 0 }] : []
        },
      },
      flat,
      '2026-03-01',
      5,
    )
    expect(asked.sort()).toEqual(['2026-02-28', '2026-03-01'])
    expect(board).toHaveLength(1)
  })
})
