import { compileExpression } from './expression.ts'
import type { Rule } from './rule-schema.ts'

export interface RuleTestCase {
  text: string
  expected: 'match' | 'noMatch'
  /** What the query matched in the text (none when it did not match). */
  matchedTerms: string[]
  passed: boolean
}

export interface RuleTestResult {
  ruleId: string
  passed: boolean
  cases: RuleTestCase[]
  /** One line per failed case, saying what was expected. */
  failures: string[]
}

/**
 * Runs a rule's `tests:` block against its query. Texts are normalised as the analyzer normalises
 * posts (NFKC: full-width to half-width), so a test reads as the post it stands for.
 */
export function runRuleTests(rule: Pick<Rule, 'id' | 'query' | 'tests'>): RuleTestResult {
  const cases: RuleTestCase[] = []
  if (rule.query !== undefined && rule.tests) {
    const expression = compileExpression(rule.query)
    const run = (text: string, expected: RuleTestCase['expected']) => {
      const found = expression.match(text.normalize('NFKC'))
      cases.push({ text, expected, matchedTerms: found?.terms ?? [], passed: (found !== undefined) === (expected === 'match') })
    }
    for (const text of rule.tests.match) run(text, 'match')
    for (const text of rule.tests.noMatch) run(text, 'noMatch')
  }
  const failures = cases
    .filter((c) => !c.passed)
    .map((c) => (c.expected === 'match' ? `${rule.id}: should match but did not: "${c.text}"` : `${rule.id}: should not match but matched ${c.matchedTerms.map((t) => `"${t}"`).join(', ')}: "${c.text}"`))
  return { ruleId: rule.id, passed: failures.length === 0, cases, failures }
}
