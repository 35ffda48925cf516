import { describe, expect, it } from 'vitest'
import { RULE_SCHEMA_COMMAND, ruleJsonSchema, ruleSchemaIsCurrent } from './rule-json-schema.ts'

describe('rule JSON Schema for editors', () => {
  it(`is committed as generated (else run ${RULE_SCHEMA_COMMAND})`, async () => {
    expect(await ruleSchemaIsCurrent(), `rules/rule.schema.json is out of date: run ${RULE_SCHEMA_COMMAND}`).toBe(true)
  })

  it('lists every kind with its own parameters and closes objects to typos', () => {
    const schema = JSON.parse(ruleJsonSchema()) as { $defs: { Rule: { oneOf: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean }[] } } }
    const kinds = schema.$defs.Rule.oneOf
    expect(kinds.map((k) => (k.properties.kind as { const: string }).const)).toEqual(['match', 'threshold', 'spike', 'new_term', 'negative_share'])
    expect(kinds.find((k) => (k.properties.kind as { const: string }).const === 'spike')?.required).toEqual(['id', 'name', 'query', 'kind', 'window', 'factor'])
    expect(kinds.every((k) => k.additionalProperties === false)).toBe(true)
  })
})
