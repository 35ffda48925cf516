import { describe, expect, it } from 'vitest'
import { hammingDistance, SimHasher, simhash, simhashBands } from './simhash.ts'

const words = (s: string) => s.split(' ')

describe('SimHash', () => {
  it('is 64 bits as 16 hex digits and the same for the same words', () => {
    const a = simhash(words('溪口镇 停水 第三天 自来水公司 没有 说法'))
    expect(a).toMatch(/^[0-9a-f]{16}$/)
    expect(simhash(words('溪口镇 停水 第三天 自来水公司 没有 说法'))).toBe(a)
  })

  it('gives the values stored by earlier versions, so stored posts still fold with new ones', () => {
    // Pinned from the bit-sliced implementation this one replaced (same features, same majority).
    expect(simhash(words('溪口镇 停水 第三天 自来水公司 没有 说法'))).toBe('1988db406a004502')
    // Over 255 features: the 8-bit lanes are emptied on the way.
    expect(simhash(Array.from({ length: 700 }, (_, i) => `词${i}`))).toBe('19f15b44e7b848d0')
  })

  it('gives the same hash fed a word at a time, and starts afresh after reset', () => {
    const hasher = new SimHasher()
    const list = words('溪口镇 停水 第三天 自来水公司 没有 说法')
    hasher.add('残留')
    hasher.reset()
    for (const word of list) hasher.add(word)
    expect(hasher.digest()).toBe(simhash(list))
    hasher.reset()
    expect(hasher.digest()).toBe('0000000000000000')
    hasher.add('水')
    expect(hasher.digest()).toBe('0000000000000000')
  })

  it('keeps a copy with a character changed within 3 bits and a different post far', () => {
    const base =
      '青溪大桥 封闭 施工 期间 请 绕行 滨江路 公交 改线 上班族 提前 出门 注意 安全 施工方 表示 会 加派 人手 夜间 施工 争取 提前 一到 两周 完工 同时 交警 会 在 路口 增派 警力 疏导 大家 再 坚持 一下'
    // One character changed, as when a reposter fixes a typo.
    const edited = base.replace('坚持', '坚守')
    const other = '桂花节 灯会 周末 开幕 小吃 好吃 人 很多 推荐 带 孩子 去 青溪公园 玩'
    expect(hammingDistance(simhash(words(base)), simhash(words(edited)))).toBeLessThanOrEqual(3)
    expect(hammingDistance(simhash(words(base)), simhash(words(other)))).toBeGreaterThan(10)
  })

  it('splits a hash into four 16-bit bands', () => {
    expect(simhashBands('0001000200030004')).toEqual([1, 2, 3, 4])
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64)
  })
})
