import { describe, expect, it } from 'vitest'
import { canonicalUrl, postId } from './ids.ts'

describe('post ids', () => {
  it('drops fragments and tracking parameters and sorts the query', () => {
    expect(canonicalUrl('HTTP://Bbs.Example.cn/t?tid=9&utm_source=wx&page=2#reply')).toBe('http://bbs.example.cn/t?page=2&tid=9')
  })

  it('gives one id to the same page reached through different tracking links', () => {
    const a = postId({ source: 's', url: 'http://x.cn/t/1?spm=abc' })
    const b = postId({ source: 's', url: 'http://x.cn/t/1#top' })
    expect(a).toBe(b)
    expect(a).not.toBe(postId({ source: 's', url: 'http://x.cn/t/2' }))
  })

  it('prefers the native id over the URL', () => {
    const byId = postId({ source: 's', nativeId: '42', url: 'http://a.cn/1' })
    expect(byId).toBe(postId({ source: 's', nativeId: '42', url: 'http://b.cn/other' }))
    expect(byId).not.toBe(postId({ source: 'other', nativeId: '42' }))
  })
})
