import { describe, expect, it } from 'vitest'
import { splitPost } from './post-parts.ts'

describe('post parts', () => {
  it('separates the poster’s words from the repost chain', () => {
    const parts = splitPost('说得对，大家注意防护//@青溪发布:出门戴口罩//@某网友：收到')
    expect(parts.own).toBe('说得对，大家注意防护')
    expect(parts.repostChain).toBe('出门戴口罩 收到')
  })

  it('gives a bare repost no words of its own', () => {
    expect(splitPost('//@青溪发布:今晚八点停水').own).toBe('')
  })

  it('keeps emoticons, emoji and links as signals but not as words', () => {
    const parts = splitPost('又停水了[抓狂][怒]😡 详情 https://t.cn/A6abc 看这里')
    expect(parts.emoticons).toEqual(['[抓狂]', '[怒]'])
    expect(parts.emoji).toEqual(['😡'])
    expect(parts.urls).toEqual(['https://t.cn/A6abc'])
    expect(parts.own).toBe('又停水了 详情 看这里')
  })

  it('finds pictographs of the basic plane as emoji too', () => {
    expect(splitPost('今天天气☀️不错 ©2020').emoji).toEqual(['☀️', '©'])
  })

  it('leaves a plain post as it is', () => {
    expect(splitPost('溪口镇今天停水')).toEqual({ own: '溪口镇今天停水', repostChain: '', urls: [], emoticons: [], emoji: [] })
  })
})
