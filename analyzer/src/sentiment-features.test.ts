import { describe, expect, it } from 'vitest'
import { featureHash, featureHashes, sentimentFeatures } from './sentiment-features.ts'

describe('sentiment features', () => {
  const text = '不满意！停水😡'
  const tokens = ['不', '满意', '!', '停水']

  it('marks the words after a negation, up to the end of the clause', () => {
    const features = sentimentFeatures(text, tokens, ['[怒]'])
    expect(features).toEqual(expect.arrayContaining(['w:不', 'n:满意', 'p:!', 'w:停水', 'e:[怒]', 'c:不', 'b:不满', 't:不满意']))
    expect(features).not.toContain('n:停水')
  })

  it('hashes a long post with spaces, emoji and a lone surrogate as its strings hash', () => {
    const long = `青溪大桥 封闭\t施工😡😡 ${'堵车严重'.repeat(150)} \ud83d 结尾`
    const hashes: number[] = []
    featureHashes(long, ['青溪大桥'], [], (h) => hashes.push(h))
    expect(hashes).toEqual(sentimentFeatures(long, ['青溪大桥']).map(featureHash))
  })

  it('hashes each feature exactly as its string hashes, surrogate pairs included', () => {
    const hashes: number[] = []
    featureHashes(text, tokens, ['[怒]'], (h) => hashes.push(h))
    expect(hashes).toEqual(sentimentFeatures(text, tokens, ['[怒]']).map(featureHash))
    expect(new Set(hashes.map((h) => Number.isSafeInteger(h)))).toEqual(new Set([true]))
  })
})
