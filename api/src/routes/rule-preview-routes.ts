import { createRoute, z } from '@hono/zod-openapi'
import { parseRuleFile, runRuleTests, type Rule } from '@yuqing/rules'
import { bodyOf, guardedErrors, jsonOf, router } from '../openapi.ts'

/** One episode a back-test says the rule would have raised. */
export interface BackTestFiring {
  group: string
  startsAt: string
  /** null: still firing at the end of the period. */
  endsAt: string | null
  summary: string
  /** The summary in English. */
  summaryEn: string
  /** Messages the episode would have sent (the first, grouped updates, the resolution). */
  messages: number
  evidence: { id: string; title: string | null; url: string | null; publishedAt: string | null; text: string }[]
}

/** What a rule would have done over the stored posts of a period (the shape of the CLI's `backTest`). */
export interface RuleBackTest {
  ruleId: string
  from: string
  to: string
  /** Stored posts read, and how many of them the rule's query matched. */
  posts: number
  hits: number
  firings: BackTestFiring[]
}

/** Replays a rule over stored posts without writing anything; the process that owns the alert engine provides it. */
export type RuleBackTester = (rule: Rule, period: { from: Date; to: Date }) => Promise<RuleBackTest>

export interface RulePreviewDeps {
  backTest?: RuleBackTester | undefined
  now: () => Date
}

/** How far back a preview replays a rule. */
export const PREVIEW_DAYS = 30
const PREVIEW_FILE = 'preview.yaml'

const BackTest = z
  .object({
    ruleId: z.string(),
    from: z.string(),
    to: z.string(),
    posts: z.number().int(),
    hits: z.number().int(),
    firings: z.array(
      z.object({
        group: z.string(),
        startsAt: z.string(),
        endsAt: z.string().nullable(),
        summary: z.string(),
        summaryEn: z.string(),
        messages: z.number().int(),
        evidence: z.array(z.object({ id: z.string(), title: z.string().nullable(), url: z.string().nullable(), publishedAt: z.string().nullable(), text: z.string() })),
      }),
    ),
  })
  .openapi('RuleBackTest')

const Preview = z
  .object({
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })).openapi({ description: 'validation errors of the text, by line' }),
    backTestAvailable: z.boolean().openapi({ description: 'false when this process has no stored posts to replay (API-only runs)' }),
    rules: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        line: z.number().int(),
        tests: z.object({
          passed: z.boolean(),
          cases: z.array(z.object({ text: z.string(), expected: z.enum(['match', 'noMatch']), matchedTerms: z.array(z.string()), passed: z.boolean() })),
          failures: z.array(z.string()),
        }),
        backTest: BackTest.nullable(),
      }),
    ),
  })
  .openapi('RulePreview')

/**
 * `POST /api/rules/preview`: a rule file's text checked as the loader checks it, its own tests run,
 * and a back-test over the last 30 days, before anyone puts the file in place. Nothing is saved.
 */
export function rulePreviewRoutes(deps: RulePreviewDeps) {
  return router().openapi(
    createRoute({
      method: 'post',
      path: '/rules/preview',
      tags: ['alerts'],
      summary: 'Check a rule file’s YAML text: validation errors by line, its own tests, and how often it would have fired in the last 30 days',
      request: { body: bodyOf(z.object({ yaml: z.string().min(1).max(100_000) })) },
      responses: { 200: jsonOf(Preview, 'the preview'), ...guardedErrors },
    }),
    async (c) => {
      const parsed = parseRuleFile(c.req.valid('json').yaml, PREVIEW_FILE)
      const to = deps.now()
      const from = new Date(to.getTime() - PREVIEW_DAYS * 86_400_000)
      const rules = []
      // One rule at a time: a back-test reads a month of posts, and two at once only compete for the disk.
      for (const { rule, line } of parsed.rules) {
        const tests = runRuleTests(rule)
        const backTest = deps.backTest ? await deps.backTest(rule, { from, to }) : null
        rules.push({ id: rule.id, name: rule.name, kind: rule.kind, line, tests: { passed: tests.passed, cases: tests.cases, failures: tests.failures }, backTest })
      }
      return c.json({ errors: parsed.errors.map(({ line, message }) => ({ line, message })), backTestAvailable: deps.backTest !== undefined, rules }, 200)
    },
  )
}
