import { describe, expect, it } from 'vitest'
import { indexText, matchExpression, snippetOf } from './search-text.ts'

describe('search text', () => {
  it('indexes words and the bigrams of long Han words', () => {
    expect(indexText(['青溪大桥', '，', '堵车', 'GDP'])).toBe('青溪大桥 青溪 溪大 大桥 堵车 gdp')
  })

  it('quotes every piece of a query so nothing is read as FTS syntax', () => {
    expect(matchExpression(['堵车', 'OR', 'NEAR(a b)', '"x'])).toBe('"堵车" AND "or" AND "near" AND "a" AND "b" AND "x"')
    expect(matchExpression(['c++', 'a.b'])).toBe('"c" AND "a" AND "b"')
    expect(matchExpression(['!!', ' '])).toBeUndefined()
  })

  it('cuts a snippet around the first match and names the words found', () => {
    const text = `${'很长的前文'.repeat(20)}今天青溪大桥又堵车了${'后文'.repeat(60)}`
    const { snippet, matches } = snippetOf(text, ['堵车', '没有的词'])
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet).toContain('青溪大桥又堵车了')
    expect(matches).toEqual(['堵车'])
  })
})
