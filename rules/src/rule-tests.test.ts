import { describe, expect, it } from 'vitest'
import { runRuleTests } from './rule-tests.ts'
import { testRule } from './test-posts.ts'

describe('a rule’s own tests', () => {
  it('pass when every match text matches and no noMatch text does', () => {
    const rule = testRule({ kind: 'match', query: '诈骗 -宣传', tests: { match: ['被诈骗了'], noMatch: ['反诈骗宣传'] } })
    expect(runRuleTests(rule)).toMatchObject({ ruleId: 'test-rule', passed: true, failures: [] })
  })

  it('name the text and what the query found when a case fails', () => {
    const rule = testRule({ kind: 'match', query: '诈骗', tests: { match: ['被骗了'], noMatch: ['反诈骗宣传'] } })
    const result = runRuleTests(rule)
    expect(result.passed).toBe(false)
    expect(result.failures).toEqual(['test-rule: should match but did not: "被骗了"', 'test-rule: should not match but matched "诈骗": "反诈骗宣传"'])
  })

  it('read test texts as the analyzer normalises posts, full-width letters included', () => {
    const rule = testRule({ kind: 'match', query: 'app + 诈骗', tests: { match: ['ＡＰＰ诈骗'], noMatch: [] } })
    expect(runRuleTests(rule).passed).toBe(true)
  })
})
