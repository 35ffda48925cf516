import { describe, expect, it } from 'vitest'
import type { StoredPost } from '@yuqing/store'
import { evidenceOf } from './evidence.ts'

function stored(text: string): StoredPost {
  return {
    id: 'p1',
    source: 'forum',
    url: 'http://forum.test/t/1',
    title: '停水',
    text,
    author: null,
    publishedAt: '2026-11-26T10:00:00+08:00',
    day: '2026-11-26',
    hour: '2026-11-26T10',
    sentiment: { score: -0.6, label: 'negative' },
    official: false,
    keywords: [],
    duplicateOf: null,
    reposts: 0,
    snippet: '',
    matches: [],
  }
}

const marked = (e: { snippet: string; highlights: [number, number][] }) => e.highlights.map(([s, t]) => e.snippet.slice(s, t))

describe('alert evidence', () => {
  it('marks the matched stretches of a short post', () => {
    const e = evidenceOf({ post: stored('溪口镇停水三天，自来水公司不回应'), spans: [[3, 5], [8, 13]], terms: ['停水'] })
    expect(e.snippet).toBe('溪口镇停水三天，自来水公司不回应')
    expect(marked(e)).toEqual(['停水', '自来水公司'])
    expect(e).toMatchObject({ postId: 'p1', url: 'http://forum.test/t/1', sentiment: 'negative' })
  })

  it('cuts a long post around its first match and shifts the marks with it', () => {
    const text = `${'前'.repeat(300)}停水${'后'.repeat(300)}停水`
    const e = evidenceOf({ post: stored(text), spans: [[300, 302], [602, 604]], terms: [] })
    expect(e.snippet.startsWith('…')).toBe(true)
    expect(e.snippet.endsWith('…')).toBe(true)
    expect(marked(e)).toEqual(['停水'])
  })

  it('joins overlapping marks into one', () => {
    const e = evidenceOf({ post: stored('电信诈骗案件'), spans: [[0, 4], [2, 6]], terms: [] })
    expect(e.highlights).toEqual([[0, 6]])
  })

  it('marks the terms where a rule gave no spans', () => {
    const e = evidenceOf({ post: stored('停水了，又停水'), spans: [], terms: [] }, ['停水'])
    expect(marked(e)).toEqual(['停水', '停水'])
  })
})
