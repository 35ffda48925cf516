import { describe, expect, it } from 'vitest'
import { featureHash, KIND } from '../src/sentiment-features.ts'
import { seeded } from './sentiment-data.ts'
import { wordVectorInputs, wordVectors, type VectorOptions } from './word-vectors.ts'

// Three groups of words; the two words of a group stand in the same company, no word of another group does.
const groups = [
  { words: ['咖啡', '奶茶'], contexts: [['早上', '喝', '提神'], ['下午', '喝', '解渴'], ['买', '一杯', '带走']] },
  { words: ['小猫', '小狗'], contexts: [['回家', '喂', '吃饭'], ['带着', '散步', '公园'], ['抱着', '睡觉', '沙发']] },
  { words: ['暴雨', '大雪'], contexts: [['今天', '出门', '带伞'], ['突然', '停课', '通知'], ['路上', '堵车', '小心']] },
]

/**
 * Posts like 早上 喝 的 咖啡 ， 提神: a context's words around one word of a group, in a seeded order;
 * 的 stands next to every word, so it tells nothing.
 */
function corpus(): string[][] {
  const random = seeded(5)
  const posts: string[][] = []
  for (let i = 0; i < 600; i++) {
    const group = groups[i % groups.length] ?? groups[0]
    const word = group?.words[Math.floor(random() * 2)] ?? ''
    const [a = '', b = '', c = ''] = group?.contexts[Math.floor(random() * 3)] ?? []
    posts.push([a, b, '的', word, '，', c])
  }
  return posts
}

const options: VectorOptions = { minCount: 5, cap: 1000, window: 2, dims: 8, power: 0.5 }
const cosine = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0)

describe('word vectors', () => {
  const { words, vectors } = wordVectors(corpus(), options)
  const vectorOf = (word: string) => vectors[words.indexOf(word)] ?? new Float64Array(options.dims)

  it('learns every word seen often enough, but no punctuation', () => {
    expect(words).toHaveLength(1 + 6 + 8 + 9 + 9)
    expect(words).not.toContain('，')
  })

  it('gives words that share their neighbours nearly the same vector', () => {
    for (const { words: [a = '', b = ''] } of groups) expect(cosine(vectorOf(a), vectorOf(b)), `${a} ~ ${b}`).toBeGreaterThan(0.9)
  })

  it('does not make words alike for a neighbour every post has (的)', () => {
    for (const [a = '', b = ''] of [['咖啡', '小猫'], ['咖啡', '暴雨'], ['小狗', '大雪']]) expect(cosine(vectorOf(a), vectorOf(b)), `${a} ~ ${b}`).toBeLessThan(0.1)
  })

  it('gives each word a vector of length 1', () => {
    for (const v of vectors) expect(cosine(v, v)).toBeCloseTo(1, 3)
  })

  it('gives the same vectors for the same posts', () => {
    expect(wordVectors(corpus(), options)).toEqual({ words, vectors })
  })

  it('refuses fewer words than dimensions, saying how many it found', () => {
    expect(() => wordVectors(corpus(), { ...options, dims: 50 })).toThrow('33 words seen at least 5 times, fewer than the 50 dimensions')
  })

  it('makes a word feature and its negated feature add the same vector in blocks of their own', () => {
    const extra = wordVectorInputs(words, vectors, options.dims, 3)
    expect(extra).toMatchObject({ dims: 2 * options.dims, gamma: 3 })
    expect(extra.byHash.get(featureHash(KIND.word + '咖啡'))).toEqual({ offset: 0, vector: vectorOf('咖啡') })
    expect(extra.byHash.get(featureHash(KIND.negated + '咖啡'))).toEqual({ offset: options.dims, vector: vectorOf('咖啡') })
  })
})
