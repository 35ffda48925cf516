import { z } from 'zod'
import { AlertSeverity, isTimeZone, SentimentLabel, messageOf } from '@yuqing/core'
import { compileExpression } from './expression.ts'

/**
 * One alert rule as written in `rules/*.yaml`. Kinds that count posts a `query` matched (match,
 * threshold, spike, negative_share) read the rule's hits; kinds that look at words (new_term, and
 * negative_share with `groupBy: term`) read the hourly term buckets, and their `query`, if any,
 * picks which words by the word itself.
 */
const DURATION = /^([1-9]\d*)(s|m|h|d)$|^0$/
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
/** A window counts hourly buckets; a month is as far back as a rule looks. */
const MAX_WINDOW_HOURS = 31 * 24

/** Milliseconds of a duration such as `10m`, `1h`, `7d`. */
export function durationMs(text: string): number {
  const m = DURATION.exec(text)
  if (!m) throw new Error(`not a duration: "${text}"`)
  if (text === '0') return 0
  return Number(m[1]) * UNIT_MS[(m[2] ?? 'm') as keyof typeof UNIT_MS]
}

const Duration = z.string().regex(DURATION, 'expected a duration such as 30s, 30m, 1h or 1d (or 0)')

const Window = Duration.refine((text) => durationMs(text) > 0 && durationMs(text) % UNIT_MS.h === 0, {
  message: 'a window is whole hours (1h, 6h, 1d): posts are counted in hourly buckets',
})
  .refine((text) => durationMs(text) <= MAX_WINDOW_HOURS * UNIT_MS.h, { message: `a window is at most ${MAX_WINDOW_HOURS / 24}d` })
  .describe('How far back the rule counts, in whole hours: 1h, 6h, 1d. The current hour counts, with the hours before it.')

const TimeZone = z
  .string()
  .refine(isTimeZone, { message: 'unknown time zone; use an IANA name such as Asia/Shanghai' })
  .describe('Zone the alert shows its times in (IANA name).')

const Filters = z
  .strictObject({
    sources: z.array(z.string().min(1)).min(1).optional().describe('Only posts from these source ids.'),
    sentiment: z.array(SentimentLabel).min(1).optional().describe('Only posts with one of these sentiment labels.'),
    foldDuplicates: z.boolean().default(true).describe('Skip near-duplicates (reposts): a repost wave counts once.'),
  })
  .describe('Which posts count.')

const RuleTests = z
  .strictObject({
    match: z.array(z.string()).default([]).describe('Texts the query must match.'),
    noMatch: z.array(z.string()).default([]).describe('Texts the query must not match: put the near-misses here.'),
  })
  .describe('Run by `pnpm test` and `yuqing rules test`.')

const common = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected lower-case letters, digits and dashes (at most 64), e.g. fraud-report')
    .describe('Stable id, unique across all rule files: alerts, silences and hits refer to it.'),
  name: z.string().min(1).describe('Shown as the alert title.'),
  description: z.string().optional(),
  enabled: z.boolean().default(true),
  severity: AlertSeverity.default('warning'),
  query: z.string().min(1).describe('Keyword expression: | or, + and, - not, ( ), "phrase", A ~10 B (within 10 characters).'),
  filters: Filters.default({ foldDuplicates: true }),
  groupBy: z.enum(['source', 'term']).optional().describe('One alert per source, or per term (term-based kinds).'),
  pendingFor: z.number().int().min(1).default(1).describe('Consecutive breaching evaluations before the alert fires.'),
  realert: Duration.default('30m').describe('Least time between two messages of one alert; hits in between are grouped. 0: a message for every hit.'),
  timezone: TimeZone.default('Asia/Shanghai'),
  channels: z.array(z.string().min(1)).optional().describe('Channel ids to deliver to; all configured channels when absent.'),
  tests: RuleTests.optional(),
}

const MatchRule = z
  .strictObject({ ...common, kind: z.literal('match'), window: Window.default('1h') })
  .describe('Every post the query matches is a hit; the alert stays firing while the window holds hits.')

const ThresholdRule = z
  .strictObject({
    ...common,
    kind: z.literal('threshold'),
    window: Window,
    count: z.number().int().min(1).describe('Matching posts in the window that breach the rule.'),
  })
  .describe('At least `count` matching posts in the window.')

const SpikeRule = z
  .strictObject({
    ...common,
    kind: z.literal('spike'),
    window: Window,
    factor: z.number().gt(1).describe('Breach when the window holds at least factor × baseline posts (ElastAlert spike_height).'),
    minCount: z.number().int().min(0).default(5).describe('Posts the window needs at least (ElastAlert threshold_cur).'),
    minBaseline: z.number().min(0).default(0).describe('Baseline the rule needs at least (ElastAlert threshold_ref).'),
    baselineDays: z.number().int().min(1).max(30).default(7).describe('Baseline: mean of the same window on this many days before.'),
  })
  .describe('The window against the same window on earlier days.')

const NewTermRule = z
  .strictObject({
    ...common,
    query: common.query.optional().describe('Only terms the expression matches (the term itself is the text).'),
    kind: z.literal('new_term'),
    window: Window,
    days: z.number().int().min(1).max(90).default(7).describe('A term is new when no post mentioned it in this many days before the window.'),
    minCount: z.number().int().min(1).default(3).describe('Posts mentioning the new term in the window.'),
  })
  .describe('A term no post used in the last `days` days passes `minCount` posts in the window; one alert per term.')

const NegativeShareRule = z
  .strictObject({
    ...common,
    query: common.query.optional().describe('Posts the expression matches; with groupBy: term, the terms it matches.'),
    kind: z.literal('negative_share'),
    window: Window,
    minShare: z.number().gt(0).max(1).describe('Share of negative posts (0–1) that breaches the rule.'),
    minCount: z.number().int().min(1).default(10).describe('Posts the window needs at least.'),
  })
  .describe('Matching posts (or, with groupBy: term, each term) mostly negative at a sufficient volume.')

export const RuleDefinition = z
  .discriminatedUnion('kind', [MatchRule, ThresholdRule, SpikeRule, NewTermRule, NegativeShareRule])
  .superRefine((rule, ctx) => {
    const termBased = isTermBased(rule)
    if (rule.query !== undefined) {
      try {
        compileExpression(rule.query)
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['query'], message: messageOf(error) })
      }
    } else if (!termBased) {
      ctx.addIssue({ code: 'custom', path: ['query'], message: `${rule.kind} counts the posts a query matches: add one` })
    }
    if (rule.groupBy === 'term' && rule.kind !== 'new_term' && rule.kind !== 'negative_share') {
      ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `${rule.kind} groups by source only; groupBy: term is for new_term and negative_share` })
    }
    if (termBased && rule.groupBy === 'source') {
      ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'term buckets are counted over all sources; drop groupBy: source' })
    }
    if (termBased) {
      for (const field of ['sources', 'sentiment'] as const) {
        if (rule.filters[field]) {
          ctx.addIssue({ code: 'custom', path: ['filters', field], message: `${rule.kind} reads term counts of all posts; filters.${field} applies to query hits only` })
        }
      }
    }
    if (rule.tests && rule.query === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tests'], message: 'tests check the query: add a query or drop the tests' })
    }
  })
  .meta({ id: 'Rule', title: 'yuqing alert rule' })

export type Rule = z.output<typeof RuleDefinition>
export type RuleKind = Rule['kind']
export const RULE_KINDS: readonly RuleKind[] = ['match', 'threshold', 'spike', 'new_term', 'negative_share']
/** A rule file holds one rule or a list of them. */
export const RuleFile = z.union([RuleDefinition, z.array(RuleDefinition)])

/** Rules that read term buckets (one group per term) rather than their own hits. */
export function isTermBased(rule: Pick<Rule, 'kind' | 'groupBy'>): boolean {
  return rule.kind === 'new_term' || (rule.kind === 'negative_share' && rule.groupBy === 'term')
}

/** Hours a rule's window spans. */
export function windowHours(rule: Pick<Rule, 'window'>): number {
  return durationMs(rule.window) / UNIT_MS.h
}

/** Parses a rule given as an object (defaults applied); throws a ZodError when it is not one. */
export function parseRule(value: unknown): Rule {
  return RuleDefinition.parse(value)
}
