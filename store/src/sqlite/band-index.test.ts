import { describe, expect, it } from 'vitest'
import { simhash } from '@yuqing/core'
import { BandIndex } from './band-index.ts'

const words = (s: string) => s.split(' ')
const text = '青溪大桥 封闭 施工 期间 请 绕行 滨江路 公交 改线 上班族 提前 出门 注意 安全 施工方 表示 会 加派 人手 夜间 施工'

describe('SimHash band index', () => {
  it('finds the earliest original within the bit limit', () => {
    const index = new BandIndex()
    index.add({ id: 'first', simhash: simhash(words(text)), day: '2026-11-20' })
    index.add({ id: 'second', simhash: simhash(words(text)), day: '2026-11-21' })
    expect(index.find(simhash(words(text.replace('坚持', '坚守'))), '2026-11-22', 3)).toBe('first')
    expect(index.find(simhash(words('桂花节 灯会 周末 开幕 小吃 好吃 人 很多 推荐 带 孩子 去 青溪公园')), '2026-11-22', 3)).toBeUndefined()
  })

  it('does not fold into an original older than its window or newer than the post', () => {
    const index = new BandIndex(30)
    index.add({ id: 'old', simhash: simhash(words(text)), day: '2026-09-01' })
    expect(index.find(simhash(words(text)), '2026-11-26', 3)).toBeUndefined()
    expect(index.find(simhash(words(text)), '2026-08-31', 3)).toBeUndefined()
    expect(index.find(simhash(words(text)), '2026-09-15', 3)).toBe('old')
  })

  it('keeps adding quickly when more originals than its limit are within the window (it rescanned them all on every add)', () => {
    const index = new BandIndex(30, 400)
    const hash = (i: number) => i.toString(16).padStart(16, '0')
    for (let i = 0; i < 50_000; i++) index.add({ id: `p${i}`, simhash: hash(i), day: '2026-11-20' })
    expect(index.find(hash(7), '2026-11-21', 0)).toBe('p7')
    // Past the window, old originals still go once the index has grown enough to evict again.
    for (let i = 0; i < 60_000; i++) index.add({ id: `q${i}`, simhash: hash(1_000_000 + i), day: '2027-01-20' })
    expect(index.find(hash(7), '2026-11-21', 0)).toBeUndefined()
  })
})
