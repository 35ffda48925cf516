import { describe, expect, it } from 'vitest'
import { indexText, matchExpression, queryPieces, snippetOf } from './search-text.ts'

describe('search text', () => {
  it('indexes words and the bigrams of long Han words', () => {
    expect(indexText(['青溪大桥', '，', '堵车', 'GDP'])).toBe('青溪大桥 青溪 溪大 大桥 堵车 gdp')
  })

  it('indexes common Han words as the general rule does', () => {
    // The rule for any token, written out: a word has a letter or digit; a run of three or more Han
    // characters also gives its bigrams (by character, not UTF-16 unit).
    const byRule = (tokens: string[]) =>
      tokens
        .filter((t) => /[\p{L}\p{N}]/u.test(t))
        .flatMap((t) => {
          const word = t.toLowerCase()
          const chars = [...word]
          return /^\p{Script=Han}{3,}$/u.test(word) ? [word, ...chars.slice(1).map((c, i) => `${chars[i]}${c}`)] : [word]
        })
        .join(' ')
    const edges = ['一', '鿿', '㐀', 'ꀀ', '𠀀', '。', 'A', '9', ' ', '大', '桥']
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const tokens = Array.from({ length: 2000 }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => edges[Math.floor(random() * edges.length)]).join(''))
    expect(indexText(tokens)).toBe(byRule(tokens))
  })

  it('quotes every piece of a query so nothing is read as FTS syntax', () => {
    expect(matchExpression(['堵车', 'OR', 'NEAR(a b)', '"x'])).toBe('"堵车" AND "or" AND "near" AND "a" AND "b" AND "x"')
    expect(matchExpression(['c++', 'a.b'])).toBe('"c" AND "a" AND "b"')
    expect(matchExpression(['!!', ' '])).toBeUndefined()
  })

  it('also finds a searched run of three or more Han characters by its bigrams, inside a longer word', () => {
    expect(matchExpression(['停水'], ['自来水', '停水', 'abc', '水'])).toBe('"停水" AND "abc" AND "水" AND ("自来水" OR ("自来" AND "来水"))')
    // A term required as it is stays exact, even when the query also searches it.
    expect(matchExpression(['自来水'], ['自来水', '停水'])).toBe('"自来水" AND "停水"')
    expect(matchExpression([], ['垃圾焚烧'])).toBe('("垃圾焚烧" OR ("垃圾" AND "圾焚" AND "焚烧"))')
    expect(queryPieces(['停水'], ['自来水', '停水', 'NEAR(x)', '哈哈哈'])).toEqual({ exact: ['停水', 'near', 'x'], inside: ['自来水', '哈哈哈'] })
    expect(matchExpression([], ['哈哈哈'])).toBe('("哈哈哈" OR ("哈哈"))')
  })

  it('cuts a snippet around the first match and names the words found', () => {
    const text = `${'很长的前文'.repeat(20)}今天青溪大桥又堵车了${'后文'.repeat(60)}`
    const { snippet, matches } = snippetOf(text, ['堵车', '没有的词'])
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet).toContain('青溪大桥又堵车了')
    expect(matches).toEqual(['堵车'])
  })
})
