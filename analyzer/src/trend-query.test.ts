import { describe, expect, it } from 'vitest'
import type { HourRange, PostFact } from '@yuqing/core'
import { findTopics, type TrendSource } from './trend-query.ts'

/** A day with one story of `count` posts and nothing before it; reads at most `limit` posts a term, as a store does. */
function oneStory(term: string, count: number): TrendSource {
  const posts: PostFact[] = Array.from({ length: count }, (_, i) => ({ id: `p${i}`, negative: i % 2 === 0, publishedAt: `2026-11-26T0${i % 10}:00:00Z` }))
  const isDay = (range: HourRange) => range.from === '2026-11-26T00'
  return {
    termCountsIn: async (range) => (isDay(range) ? [{ term, count, negativeCount: Math.ceil(count / 2) }] : []),
    termTotals: async () => new Map(),
    postsMentioning: async (terms, range, limit) => new Map(terms.map((t) => [t, t === term && isDay(range) ? posts.slice(0, limit) : []])),
    postCount: async (range) => (isDay(range) ? count : 0),
  }
}

describe('topics of a window', () => {
  it('counts a big story by its biggest term, not only the posts read to group it', async () => {
    const [topic] = await findTopics(oneStory('停水', 12), { kind: 'day', day: '2026-11-26' }, { postsPerTerm: 5 })
    expect(topic?.postIds).toHaveLength(5)
    expect(topic?.volume).toBe(12)
    const [small] = await findTopics(oneStory('停水', 4), { kind: 'day', day: '2026-11-26' }, { postsPerTerm: 5 })
    expect(small?.volume).toBe(4)
  })
})
