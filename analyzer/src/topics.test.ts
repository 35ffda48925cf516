import { describe, expect, it } from 'vitest'
import type { PostFact } from '@yuqing/core'
import { groupTopics, surelyNegative } from './topics.ts'

function facts(list: [id: string, negative: boolean, at: string | null][]): Map<string, PostFact> {
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
    expect(topics[1]).toMatchObject({ postIds: ['p4', 'p5', 'p6'], negativeShare: 0, score: 25 })
  })

  it('keeps apart two stories that a common word shares a post with each of (average, not single linkage)', () => {
    const topics = groupTopics(
      [
        { term: '焚烧厂', score: 9, postIds: ['p1', 'p2', 'p3'] },
        { term: '选址', score: 8, postIds: ['p1', 'p2', 'p3'] },
        { term: '外地', score: 20, postIds: ['p3', 'p4'] },
        { term: '青溪大桥', score: 7, postIds: ['p4', 'p5', 'p6'] },
        { term: '施工', score: 6, postIds: ['p4', 'p5', 'p6'] },
      ],
      posts,
    )
    // 外地 shares half its posts with each story: enough to join one, not to join the two.
    expect(topics.map((t) => [...t.terms].sort())).toEqual([
      ['外地', '选址', '焚烧厂'].sort(),
      ['施工', '青溪大桥'].sort(),
    ])
  })

  it('names a topic by the term most of its posts mention, not by the common word that scored highest', () => {
    const input = [
      { term: '外地', score: 20, postIds: ['p1', 'p2'] },
      { term: '焚烧厂', score: 9, postIds: ['p1', 'p2', 'p3'] },
      { term: '选址', score: 8, postIds: ['p1', 'p2', 'p3'] },
    ]
    const [topic] = groupTopics(input, posts)
    // Ties in posts go by score; the posts still follow the terms' scores (外地's first).
    expect(topic).toMatchObject({ terms: ['焚烧厂', '选址', '外地'], postIds: ['p1', 'p2', 'p3'], score: 37 })
  })

  it('weighs a term’s posts by its specificity: a specific word that most posts mention names the topic before a common one that all do', () => {
    const input = [
      { term: '武汉', score: 30, postIds: ['p1', 'p2', 'p3', 'p4'] },
      { term: '封城', score: 40, postIds: ['p1', 'p2', 'p3'] },
    ]
    const specificity = (term: string) => ({ 武汉: 0.57, 封城: 1 })[term] ?? 1
    expect(groupTopics(input, posts).map((t) => t.terms)).toEqual([['武汉', '封城']])
    // 4 posts × 0.57 against 3 × 1.
    expect(groupTopics(input, posts, { specificity }).map((t) => t.terms)).toEqual([['封城', '武汉']])
  })

  it('lists no topic of common words alone: posts that share 外地 and 门口 are no story', () => {
    const input = [
      { term: '外地', score: 30, postIds: ['p1', 'p2'] },
      { term: '门口', score: 20, postIds: ['p1', 'p2'] },
      { term: '焚烧厂', score: 10, postIds: ['p3', 'p4'] },
      { term: '提前', score: 9, postIds: ['p3', 'p4'] },
    ]
    const specificity = (term: string) => ({ 外地: 0.65, 门口: 0.52, 焚烧厂: 1.07, 提前: 0.53 })[term] ?? 1
    expect(groupTopics(input, posts, { specificity }).map((t) => t.terms)).toEqual([['焚烧厂', '提前']])
    // The bar is the caller's to set; without a specificity every term counts as 1.
    expect(groupTopics(input, posts, { specificity, minNameSpecificity: 0.6 }).map((t) => t.terms)).toEqual([['外地', '门口'], ['焚烧厂', '提前']])
    expect(groupTopics(input, posts)).toHaveLength(2)
  })

  it('groups terms that all share posts with one another (封城, 武汉, 交通)', () => {
    const topics = groupTopics(
      [
        { term: '封城', score: 40, postIds: ['p1', 'p2', 'p3'] },
        { term: '武汉', score: 30, postIds: ['p1', 'p2', 'p3', 'p4'] },
        { term: '交通', score: 10, postIds: ['p2', 'p3', 'p5'] },
      ],
      posts,
    )
    expect(topics).toHaveLength(1)
    expect(topics[0]).toMatchObject({ postIds: ['p1', 'p2', 'p3', 'p4', 'p5'], negativeShare: 0.4, score: 80 })
  })

  it('lets a small term join the big story it is part of (overlap coefficient, not Jaccard)', () => {
    const topics = groupTopics(
      [
        { term: '疫情', score: 50, postIds: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] },
        { term: '口罩', score: 5, postIds: ['p6'] },
      ],
      posts,
    )
    // Jaccard would be 1/6, under the threshold; 口罩's one post is wholly inside 疫情's.
    expect(topics.map((t) => t.terms)).toEqual([['疫情', '口罩']])
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

  it('puts a big, mostly negative topic before a few posts that are all negative', () => {
    // 40 posts, 36 of them negative, against 3 posts all negative: 0.9 against 1 as shares, but
    // the three make sure of less (Wilson's lower bound: 0.77 against 0.44).
    const many = facts(Array.from({ length: 40 }, (_, i): [string, boolean, null] => [`m${i}`, i >= 4, null]))
    for (const id of ['f1', 'f2', 'f3']) many.set(id, { id, negative: true, publishedAt: null })
    const topics = groupTopics(
      [
        { term: '外地', score: 40, postIds: ['f1', 'f2', 'f3'] },
        { term: '焚烧厂', score: 30, postIds: [...many.keys()].filter((id) => id.startsWith('m')) },
      ],
      many,
    )
    expect(topics.map((t) => [t.terms[0], t.negativeShare])).toEqual([
      ['焚烧厂', 0.9],
      ['外地', 1],
    ])
  })

  it('measures how sure a negative share is by the lower bound of its Wilson interval', () => {
    expect([surelyNegative(3, 3), surelyNegative(6, 6), surelyNegative(36, 40), surelyNegative(270, 300)].map((x) => Math.round(x * 100) / 100)).toEqual([0.44, 0.61, 0.77, 0.86])
    expect(surelyNegative(0, 5)).toBe(0)
    expect(surelyNegative(0, 0)).toBe(0)
    // More posts at the same share make surer.
    expect(surelyNegative(8, 10)).toBeLessThan(surelyNegative(80, 100))
  })

  it('orders topics of equal negative share by score, and keeps the first maxTopics', () => {
    const input = [
      { term: '桂花节', score: 10, postIds: ['p3'] },
      { term: '马拉松', score: 30, postIds: ['p4'] },
      { term: '书法展', score: 20, postIds: ['p5'] },
    ]
    expect(groupTopics(input, posts).map((t) => t.terms[0])).toEqual(['马拉松', '书法展', '桂花节'])
    expect(groupTopics(input, posts, { maxTopics: 2 }).map((t) => t.terms[0])).toEqual(['马拉松', '书法展'])
  })

  it('groups and orders the same whatever the order of its input', () => {
    const input = [
      { term: '停水', score: 12, postIds: ['p1', 'p2'] },
      { term: '自来水', score: 12, postIds: ['p2', 'p3'] },
      { term: '乙', score: 12, postIds: ['p5'] },
      { term: '丙', score: 12, postIds: ['p6'] },
    ]
    expect(groupTopics([...input].reverse(), posts)).toEqual(groupTopics(input, posts))
    expect(groupTopics(input, posts).map((t) => t.terms)).toEqual([['停水', '自来水'], ['丙'], ['乙']])
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

  it('compares publication times as instants, puts undated posts last and breaks a full tie by id', () => {
    const dated = facts([
      ['a', false, '2026-11-26T10:00:00+08:00'], // 02:00Z
      ['b', false, '2026-11-26T03:00:00Z'],
      ['c', false, null],
      ['d', false, '2026-11-26T03:00:00Z'],
    ])
    const pick = (ids: string[]) => groupTopics([{ term: '供暖', score: 1, postIds: ids }], dated)[0]?.representativePostId
    expect(pick(['a', 'b'])).toBe('b')
    expect(pick(['c', 'a'])).toBe('a')
    expect(pick(['d', 'b'])).toBe('b')
  })

  it('counts a post a term lists twice once', () => {
    const [topic] = groupTopics(
      [
        { term: '停水', score: 5, postIds: ['p2', 'p2', 'p1'] },
        { term: '自来水', score: 4, postIds: ['p1', 'p3'] },
      ],
      posts,
    )
    // p1 is mentioned by both terms, p2 (newer) by one, however often 停水 lists it.
    expect(topic).toMatchObject({ postIds: ['p2', 'p1', 'p3'], representativePostId: 'p1', negativeShare: 0.667 })
  })

  it('counts the negative share over the posts it knows', () => {
    const [topic] = groupTopics([{ term: '停电', score: 4, postIds: ['p1', 'unknown'] }], posts)
    expect(topic).toMatchObject({ postIds: ['p1', 'unknown'], negativeShare: 1 })
  })

  it('drops a term without posts, which has nothing to show', () => {
    const topics = groupTopics(
      [
        { term: '空', score: 9, postIds: [] },
        { term: '停水', score: 5, postIds: ['p1'] },
      ],
      posts,
    )
    expect(topics.map((t) => t.terms)).toEqual([['停水']])
  })

  it('merges only above the overlap threshold', () => {
    const input = [
      { term: '甲', score: 2, postIds: ['p1', 'p2', 'p3', 'p4'] },
      { term: '乙', score: 1, postIds: ['p4', 'p5', 'p6'] },
    ]
    // They share one post: 1 / min(4, 3) ≈ 0.33.
    expect(groupTopics(input, posts, { minOverlap: 0.5 })).toHaveLength(2)
    expect(groupTopics(input, posts, { minOverlap: 0.3 })).toHaveLength(1)
    expect(groupTopics(input, posts)).toHaveLength(1)
  })
})
