import type { LifecycleRule } from './lifecycle.ts'
import { durationMs, type Rule } from './rule-schema.ts'

/** What the alert lifecycle needs of a rule file's rule. */
export function lifecycleRuleOf(rule: Rule): LifecycleRule {
  return {
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    timezone: rule.timezone,
    pendingFor: rule.pendingFor,
    realertMs: durationMs(rule.realert),
  }
}
