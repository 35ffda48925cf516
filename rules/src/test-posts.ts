import type { SentimentLabel } from '@yuqing/core'
import type { MatchablePost } from './rule-set.ts'
import { parseRule, type Rule } from './rule-schema.ts'

/** A post as matching sees it, for tests: text, hour, source and sentiment are what matter. */
export function testPost(
  id: string,
  text: string,
  options: { hour?: string; source?: string; sentiment?: SentimentLabel; title?: string; duplicateOf?: string; terms?: string[] } = {},
): MatchablePost & { terms: string[] } {
  return {
    id,
    text,
    hour: options.hour ?? '2026-11-26T10',
    source: options.source ?? 'forum',
    sentiment: { label: options.sentiment ?? 'neutral' },
    title: options.title,
    duplicateOf: options.duplicateOf ?? null,
    terms: options.terms ?? [],
  }
}

/** A rule from a plain object, defaults applied, as a rule file would give it. */
export function testRule(fields: Record<string, unknown>): Rule {
  return parseRule({ id: 'test-rule', name: '测试规则', ...fields })
}
