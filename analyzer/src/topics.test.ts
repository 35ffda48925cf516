import { describe, expect, it } from 'vitest'
import type { PostFact } from '@yuqing/core'
import { groupTopics } from './topics.ts'

function facts(list: [id: string, negative: boolean, at: string][]): Map<string, PostFact> {
  return new Map(list.map(([id, negative, publishedAt]) => [id, { id, negative, publishedAt }]))
}

const posts = facts([
  ['p1', true, '2026-11-26T08:00:00Z'],
  ['p2', true, '2026-11-26T09:00:00Z'],
  ['p3', false, '2026-11-26T10:00:00Z'],
  ['p4', false, '2026-11-26T11:00:00Z'],
  ['p5', false, '2026-11-26T12:00:00Z'],
  ['p6', false, '2026-11-26T13:00:00Z'],
])

describe('topics', () => {
  it('groups terms that share their posts and keeps apart those that do not', () => {
    const topics = groupTopics(
      [
        { term: '青溪大桥', score: 30, postIds: ['p1', 'p2', 'p3'] },
        { term: '堵车', score: 20, postIds: ['p1', 'p2'] },
        { term: '桂花节', score: 25, postIds: ['p4', 'p5', 'p6'] },
      ],
      posts,
    )
    expect(topics.map((t) => t.terms)).toEqual([['青溪大桥', '堵车'], ['桂花节']])
    expect(topics[0]).toMatchObject({ postIds: ['p1', 'p2', 'p3'], negativeShare: 0.667, score: 50 })
  })

  it('puts the most negative topic first, whatever its score', () => {
    const topics = groupTopics(
      [
        { term: '桂花节', score: 90, postIds: ['p4', 'p5'] },
        { term: '停水', score: 5, postIds: ['p1'] },
      ],
      posts,
    )
    expect(topics.map((t) => t.terms[0])).toEqual(['停水', '桂花节'])
  })

  it('picks the post mentioning most of the topic’s terms, the newest on a tie', () => {
    const [topic] = groupTopics(
      [
        { term: '垃圾焚烧厂', score: 10, postIds: ['p3', 'p4', 'p5'] },
        { term: '选址', score: 8, postIds: ['p3', 'p4'] },
        { term: '听证会', score: 6, postIds: ['p4', 'p5'] },
      ],
      posts,
    )
    expect(topic?.representativePostId).toBe('p4')
    const [tie] = groupTopics([{ term: '环评', score: 3, postIds: ['p5', 'p6'] }], posts)
    expect(tie?.representativePostId).toBe('p6')
  })

  it('merges only above the overlap threshold', () => {
    const input = [
      { term: '甲', score: 2, postIds: ['p1', 'p2', 'p3', 'p4'] },
      { term: '乙', score: 1, postIds: ['p4', 'p5', 'p6'] },
    ]
    expect(groupTopics(input, posts, { minOverlap: 0.5 })).toHaveLength(2)
    expect(groupTopics(input, posts, { minOverlap: 0.3 })).toHaveLength(1)
  })
})
