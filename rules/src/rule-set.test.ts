import { describe, expect, it } from 'vitest'
import { RuleSet } from './rule-set.ts'
import { testPost, testRule } from './test-posts.ts'

const fraud = testRule({ id: 'fraud', kind: 'match', query: '诈骗 | 刷单' })
const fire = testRule({ id: 'fire', kind: 'threshold', window: '1h', count: 3, query: '火灾 ~10 (伤亡 | 受伤)' })

describe('rule set', () => {
  it('returns one hit per matching rule, with the post’s hour, source, sentiment and spans', () => {
    const set = new RuleSet([fraud, fire])
    const post = testPost('p1', '网上刷单被诈骗，仓库火灾两人受伤', { sentiment: 'negative', source: 'county-forum' })
    expect(set.matchPost(post)).toEqual([
      { ruleId: 'fraud', postId: 'p1', hour: '2026-11-26T10', source: 'county-forum', negative: true, spans: [[2, 4], [5, 7]], matchedTerms: ['刷单', '诈骗'] },
      { ruleId: 'fire', postId: 'p1', hour: '2026-11-26T10', source: 'county-forum', negative: true, spans: [[10, 12], [14, 16]], matchedTerms: ['火灾', '受伤'] },
    ])
  })

  it('returns no hit for a post no rule matches', () => {
    expect(new RuleSet([fraud, fire]).matchPost(testPost('p1', '今天天气很好'))).toEqual([])
  })

  it('matches words of the title but gives spans in the text only', () => {
    const hits = new RuleSet([fraud]).matchPost(testPost('p1', '如题，大家小心', { title: '刷单骗局' }))
    expect(hits).toHaveLength(1)
    expect(hits[0]?.spans).toEqual([])
    expect(hits[0]?.matchedTerms).toEqual(['刷单'])
  })

  it('honours the source filter', () => {
    const set = new RuleSet([testRule({ kind: 'match', query: '诈骗', filters: { sources: ['gov-board'] } })])
    expect(set.matchPost(testPost('p1', '诈骗', { source: 'forum' }))).toEqual([])
    expect(set.matchPost(testPost('p2', '诈骗', { source: 'gov-board' }))).toHaveLength(1)
  })

  it('honours the sentiment filter', () => {
    const set = new RuleSet([testRule({ kind: 'match', query: '物业', filters: { sentiment: ['negative'] } })])
    expect(set.matchPost(testPost('p1', '物业很负责', { sentiment: 'positive' }))).toEqual([])
    expect(set.matchPost(testPost('p2', '物业不管事', { sentiment: 'negative' }))).toHaveLength(1)
  })

  it('skips a folded near-duplicate unless the rule counts duplicates', () => {
    const folding = testRule({ id: 'folding', kind: 'match', query: '诈骗' })
    const counting = testRule({ id: 'counting', kind: 'match', query: '诈骗', filters: { foldDuplicates: false } })
    const hits = new RuleSet([folding, counting]).matchPost(testPost('p2', '转发：诈骗', { duplicateOf: 'p1' }))
    expect(hits.map((h) => h.ruleId)).toEqual(['counting'])
  })

  it('leaves out disabled rules and rules that read term counts', () => {
    const disabled = testRule({ id: 'off', kind: 'match', query: '诈骗', enabled: false })
    const newTerm = testRule({ id: 'new', kind: 'new_term', window: '1d', query: '诈骗' })
    expect(new RuleSet([disabled, newTerm]).matchPost(testPost('p1', '诈骗'))).toEqual([])
  })

  it('matches many rules sharing words in one pass, each by its own expression', () => {
    const rules = Array.from({ length: 50 }, (_, i) => testRule({ id: `r${i}`, kind: 'match', query: `诈骗 + 地名${i}号` }))
    const hits = new RuleSet(rules).matchPost(testPost('p1', '地名7号和地名42号都出现了诈骗'))
    expect(hits.map((h) => h.ruleId)).toEqual(['r7', 'r42'])
  })
})
