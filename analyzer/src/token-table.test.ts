import { describe, expect, it } from 'vitest'
import { featureHash, finish, KIND_CODE } from './sentiment-features.ts'
import { TokenTable, unitState } from './token-table.ts'

const add = (table: TokenTable, token: string, kind: number, idf: number): number => {
  table.reserve(1)
  const slot = table.find(token)
  return slot >= 0 ? slot : table.insert(token, kind, idf)
}

describe('the token table', () => {
  it('finds what it holds, with its kind and IDF, after growing many times', () => {
    const table = new TokenTable()
    const tokens = Array.from({ length: 20_000 }, (_, i) => `词${i}`)
    tokens.forEach((t, i) => add(table, t, i % 7, i / 4))
    expect(table.size).toBe(tokens.length)
    tokens.forEach((t, i) => {
      const slot = table.find(t)
      expect(slot, t).toBeGreaterThanOrEqual(0)
      expect(table.kind(slot)).toBe(i % 7)
      expect(table.idf(slot)).toBe(i / 4)
      expect(table.word(slot)).toBe(t)
    })
    expect(table.find('词20000')).toBe(-1)
  })

  it('keeps one string for every copy of a token', () => {
    const table = new TokenTable()
    const first = ['武', '汉'].join('')
    add(table, first, 1, 1)
    const copy = ['武', '汉'].join('')
    expect(table.word(table.find(copy))).toBe(first)
  })

  it('counts a token per post, starting again in the next', () => {
    const table = new TokenTable()
    const slot = add(table, '医院', 1, 1)
    expect(table.count(slot, 1)).toBe(true)
    expect(table.count(slot, 1)).toBe(false)
    expect(table.tf(slot)).toBe(2)
    expect(table.count(slot, 2)).toBe(true)
    expect(table.tf(slot)).toBe(1)
  })

  it('keys a token by the state the sentiment walk computes for it, characters beyond the BMP as one', () => {
    const table = new TokenTable()
    for (const word of ['喜欢', '𠀀字', 'abc']) {
      const slot = add(table, word, 0, 0)
      expect(finish(table.state(slot), KIND_CODE.word)).toBe(featureHash(`w${word}`))
    }
    expect(finish(unitState('好'.charCodeAt(0)), KIND_CODE.word)).toBe(featureHash('w好'))
  })

  it('marks and unmarks the first words of phrases, and forgets everything on clear', () => {
    const table = new TokenTable()
    const slot = add(table, '核酸', 1, 1)
    table.markPhraseStart(slot, true)
    expect(table.startsPhrase(slot)).toBe(true)
    expect(table.kind(slot)).toBe(1)
    table.markPhraseStart(slot, false)
    expect(table.startsPhrase(slot)).toBe(false)
    table.clear()
    expect(table.size).toBe(0)
    expect(table.find('核酸')).toBe(-1)
  })

  it('refuses an insert that no missed find prepared', () => {
    const table = new TokenTable()
    expect(() => table.insert('x', 0, 0)).toThrow('without a find that missed')
  })
})
