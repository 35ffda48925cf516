// Rule files: schema, loading with file:line errors, the JSON Schema for editors
export { RuleDefinition, RuleFile, RULE_KINDS, parseRule, isTermBased, windowHours, durationMs } from './rule-schema.ts'
export type { Rule, RuleKind } from './rule-schema.ts'
export { loadRuleFiles, loadRuleFile, parseRuleFile } from './rule-files.ts'
export type { LoadedRule, RuleFileError, RuleFiles } from './rule-files.ts'
export { ruleJsonSchema, ruleSchemaIsCurrent, writeRuleSchema, RULE_SCHEMA_FILE, RULE_SCHEMA_COMMAND } from './rule-json-schema.ts'

// Keyword expressions
export { compileExpression, positiveTerms } from './expression.ts'
export type { Expression } from './expression.ts'
export { parseExpression, MAX_EXPRESSION_LENGTH, MAX_NESTING, MAX_WORDS, MAX_DISTANCE } from './expression-parser.ts'
export type { ExpressionNode } from './expression-parser.ts'
export type { ExpressionMatch, Span } from './matcher.ts'

// Matching posts in the ingest path
export { RuleSet, matchesPosts } from './rule-set.ts'
export type { MatchablePost, RuleHit } from './rule-set.ts'

// Window rules
export { evaluateRule, groupPrefix, groupPrefixEn } from './evaluate-rule.ts'
export { countOf } from './rule-check.ts'
export type { RuleCheck, EvaluateOptions } from './rule-check.ts'
export type { RuleData, RuleHitQuery, RuleHitCount } from './rule-data.ts'
export { MemoryRuleData } from './memory-rule-data.ts'
export { ruleWindow, bucketStart, describeSpan } from './rule-window.ts'
export type { RuleWindow } from './rule-window.ts'

// A rule's own tests
export { runRuleTests } from './rule-tests.ts'
export type { RuleTestResult, RuleTestCase } from './rule-tests.ts'

// Alert lifecycle
export { advance, acknowledge, initialRecord, episodeId, EVIDENCE_PER_MESSAGE } from './lifecycle.ts'
export type { LifecycleRule, Evaluation, DraftMessage, Transition } from './lifecycle.ts'
export { lifecycleRuleOf } from './lifecycle-rule.ts'
