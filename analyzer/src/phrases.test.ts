import { describe, expect, it } from 'vitest'
import { PhraseMiner } from './phrases.ts'

const always = () => true

describe('phrase mining', () => {
  it('accepts two terms that stand together far more than chance and merges them', () => {
    const miner = new PhraseMiner({ minCount: 5, minPmi: 2, refreshEvery: 1000 })
    for (let i = 0; i < 20; i++) miner.observe([`做${i}`, '核酸', '检测', `结果${i}`], always)
    for (let i = 0; i < 40; i++) miner.observe([`话题${i}`, '医院', `病人${i}`], always)
    miner.refresh()
    expect(miner.phrases().map((p) => p.phrase)).toEqual(['核酸检测'])
    expect(miner.merge(['今天', '核酸', '检测', '医院'])).toEqual(['今天', '核酸检测', '医院'])
  })

  it('never pairs across a token that is not a term', () => {
    const miner = new PhraseMiner({ minCount: 2, refreshEvery: 1000 })
    for (let i = 0; i < 10; i++) miner.observe(['方舱', '的', '医院'], (t) => t !== '的')
    miner.refresh()
    expect(miner.phrases()).toEqual([])
  })

  it('learns from a sample of the posts when asked to', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000, sampleEvery: 4 })
    for (let i = 0; i < 12; i++) miner.observe([`前${i}`, '方舱', '医院', `词${i}`], always)
    miner.refresh()
    expect(miner.phrases()).toEqual([expect.objectContaining({ phrase: '方舱医院', count: 3 })])
  })

  it('refreshes on its own every so many posts', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 10 })
    for (let i = 0; i < 9; i++) miner.observe([`前${i}`, '方舱', '医院', `词${i}`], always)
    expect(miner.phrases()).toEqual([])
    miner.observe(['方舱', '医院'], always)
    expect(miner.phrases().map((p) => p.parts)).toEqual([['方舱', '医院']])
  })

  it('changes its version when the phrases it accepts change, not when only their counts do', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000 })
    for (let i = 0; i < 4; i++) miner.observe([`前${i}`, '方舱', '医院', `词${i}`], always)
    miner.refresh()
    const first = miner.version
    miner.observe(['方舱', '医院'], always)
    miner.refresh()
    expect(miner.version).toBe(first)
    for (let i = 0; i < 4; i++) miner.observe([`前${i}`, '核酸', '检测', `句${i}`], always)
    miner.refresh()
    expect(miner.version).not.toBe(first)
    expect(miner.phrases().map((p) => p.phrase).sort()).toEqual(['方舱医院', '核酸检测'])
  })

  it('counts a reposted text once, so a viral headline’s fragments do not become phrases', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000 })
    const headline = ['意大利', '宣布', '进入', '紧急状态']
    for (let i = 0; i < 50; i++) miner.observe(headline, always, '意大利宣布进入紧急状态')
    for (let i = 0; i < 5; i++) miner.observe([`前${i}`, '方舱', '医院', `词${i}`], always, `前${i}方舱医院词${i}`)
    miner.refresh()
    expect(miner.phrases().map((p) => p.phrase)).toEqual(['方舱医院'])
  })

  it('takes no phrase from one sentence reposted with different comments: its words always have the same neighbours', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000 })
    // Each copy is a different text: the reposter's comment before the sentence, and what follows
    // it, differ (so its first pair follows, and its last pair precedes, a different token each time).
    const ends = ['，', '！', '。', '：']
    for (let i = 0; i < 30; i++) miner.observe([`评论${i}`, ends[i % 4] as string, '门把手', '测出', '新冠', '病毒', `后话${i}`], always, `评论${i}${ends[i % 4]}门把手测出新冠病毒后话${i}`)
    // A phrase people write: seen between different words each time.
    for (let i = 0; i < 3; i++) miner.observe([`前${i}`, '方舱', '医院', `后${i}`], always, `前${i}方舱医院后${i}`)
    miner.refresh()
    expect(miner.phrases().map((p) => p.phrase)).toEqual(['方舱医院'])
  })

  it('wants different neighbours on both sides: three after it but one before is not enough', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000 })
    for (let i = 0; i < 6; i++) miner.observe(['前', '方舱', '医院', `后${i}`], always)
    miner.refresh()
    expect(miner.phrases()).toEqual([])
    for (const before of ['甲', '乙']) miner.observe([before, '方舱', '医院', '后0'], always)
    miner.refresh()
    expect(miner.phrases().map((p) => p.phrase)).toEqual(['方舱医院'])
    expect(() => new PhraseMiner({ minContexts: 4 })).toThrow(/minContexts must be 1, 2 or 3, got 4/)
  })

  it('takes no phrase with a verb that reports or counts: the name beside it is the hot word', () => {
    const observeAll = (miner: PhraseMiner) => {
      for (let i = 0; i < 6; i++) miner.observe([`前${i}`, '教育部', '回应', `后${i}`], always)
      for (let i = 0; i < 6; i++) miner.observe([`前${i}`, '超过', '中国', `后${i}`], always)
      for (let i = 0; i < 6; i++) miner.observe([`前${i}`, '方舱', '医院', `后${i}`], always)
      miner.refresh()
      return miner.phrases().map((p) => p.phrase)
    }
    expect(observeAll(new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000 }))).toEqual(['方舱医院'])
    expect(observeAll(new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000, loneWords: [] })).sort()).toEqual(['教育部回应', '方舱医院', '超过中国'])
  })

  it('keeps the pairs that may make a phrase when it forgets the rare ones', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 1000, maxPairs: 5 })
    for (let i = 0; i < 20; i++) miner.observe([`话题${i}`, `词${i}`], always)
    for (let i = 0; i < 4; i++) miner.observe([`前${i}`, '方舱', '医院', `句${i}`], always)
    miner.refresh()
    expect(miner.phrases().map((p) => p.phrase)).toEqual(['方舱医院'])
    // The twenty pairs seen once are gone; the phrase is still counted on.
    miner.observe(['方舱', '医院'], always)
    miner.refresh()
    expect(miner.phrases()).toEqual([expect.objectContaining({ phrase: '方舱医院', count: 5 })])
  })

  it('forgets thousands of pairs seen once in place and still finds every other, even when each pair is a candidate from its first sight', () => {
    const miner = new PhraseMiner({ minCount: 1, minPmi: 1, minContexts: 1, minShare: 0, refreshEvery: 100_000, maxPairs: 100 })
    for (let i = 0; i < 3_000; i++) miner.observe([`甲${i}`, `乙${i}`], always)
    for (let round = 0; round < 2; round++) for (let i = 0; i < 50; i++) miner.observe([`丙${i}`, `丁${i}`], always)
    // The first refresh accepts what it counted so far, then forgets the pairs seen once; the second sees what is left.
    miner.refresh()
    miner.refresh()
    const twice = Array.from({ length: 50 }, (_, i) => `丙${i}丁${i}`)
    expect(miner.phrases().map((p) => p.phrase).sort()).toEqual(twice.sort())
    expect(new Set(miner.phrases().map((p) => p.count))).toEqual(new Set([2]))
    // Each kept pair is still found where the removals moved it: counting it again adds to its count.
    for (let i = 0; i < 50; i++) miner.observe([`丙${i}`, `丁${i}`], always)
    miner.refresh()
    expect(new Set(miner.phrases().map((p) => p.count))).toEqual(new Set([3]))
    expect(miner.phrases()).toHaveLength(50)
  })

  it('keeps every count and neighbour while its pair table grows many times over', () => {
    const miner = new PhraseMiner({ minCount: 3, minPmi: 1, refreshEvery: 100_000 })
    for (let i = 0; i < 2; i++) miner.observe([`前${i}`, '方舱', '医院', `句${i}`], always)
    // 30,000 pairs seen once: the table starts with room for 2,048.
    for (let i = 0; i < 10_000; i++) miner.observe([`甲${i}`, `乙${i}`, `丙${i}`, `丁${i}`], always)
    miner.refresh()
    expect(miner.phrases()).toEqual([])
    // The third sighting, between a third pair of neighbours, makes the phrase.
    miner.observe(['前2', '方舱', '医院', '句2'], always)
    miner.refresh()
    expect(miner.phrases()).toEqual([expect.objectContaining({ phrase: '方舱医院', count: 3 })])
  })
})
