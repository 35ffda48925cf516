import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadRuleFiles } from './rule-files.ts'
import { runRuleTests } from './rule-tests.ts'

const rulesDir = fileURLToPath(new URL('..', import.meta.url))
const loaded = await loadRuleFiles(rulesDir)

describe('starter rules in rules/*.yaml', () => {
  it('load without a single error', () => {
    expect(loaded.errors.map((e) => e.text)).toEqual([])
  })

  it('cover fraud, safety accidents, disputes, environment, food safety and traffic', () => {
    const files = new Set(loaded.rules.map((r) => r.file.slice(rulesDir.length)))
    expect([...files].sort()).toEqual(['disputes.yaml', 'environment.yaml', 'food-safety.yaml', 'fraud.yaml', 'safety-accidents.yaml', 'traffic.yaml'])
  })

  it.each(loaded.rules.map((r) => [r.rule.id, r] as const))('%s carries texts it must and must not match', (_id, { rule }) => {
    expect(rule.tests?.match.length ?? 0).toBeGreaterThan(0)
    expect(rule.tests?.noMatch.length ?? 0).toBeGreaterThan(0)
  })

  it.each(loaded.rules.map((r) => [r.rule.id, r] as const))('%s passes its own tests', (_id, { rule }) => {
    const result = runRuleTests(rule)
    expect(result.failures).toEqual([])
    expect(result.cases.length).toBe((rule.tests?.match.length ?? 0) + (rule.tests?.noMatch.length ?? 0))
  })
})
