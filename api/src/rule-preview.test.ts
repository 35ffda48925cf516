import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RuleSet, type Rule } from '@yuqing/rules'
import type { Store } from '@yuqing/store'
import type { RuleBackTest, RuleBackTester } from './routes/rule-preview-routes.ts'
import { addRoleUsers, analyzer, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

interface PreviewBody {
  errors: { line: number; message: string }[]
  backTestAvailable: boolean
  rules: { id: string; line: number; tests: { passed: boolean; failures: string[]; cases: { text: string; passed: boolean }[] }; backTest: RuleBackTest | null }[]
}

const GOOD = `id: water-outage
name: 停水投诉
kind: match
query: 停水 + -演练
severity: warning
tests:
  match: [溪口镇停水三天了]
  noMatch: [消防停水演练]
`

/**
 * Stands in for the CLI's back-test (the API may not import the CLI): it runs the rule's query over
 * the stored posts of the period, which is what the preview route has to pass through and shape.
 */
function queryReplay(store: Store, calls: { rule: Rule; from: Date; to: Date }[]): RuleBackTester {
  return async (rule, { from, to }) => {
    calls.push({ rule, from, to })
    const set = new RuleSet([rule])
    const { posts } = await store.postsIn({ from: '2026-10-01T00', to: '2026-11-30T23' }, 0, 1000)
    const hit = posts.filter((p) => set.matchPost(p).length > 0)
    return { ruleId: rule.id, from: from.toISOString(), to: to.toISOString(), posts: posts.length, hits: hit.length, firings: [] }
  }
}

let db: TestStore
let analyst: Client
let handler: Client
const calls: { rule: Rule; from: Date; to: Date }[] = []

beforeAll(async () => {
  db = await openTestStore()
  const texts = ['溪口镇停水两天了', '消防停水演练，请勿惊慌', '桂花节开幕']
  await db.store.savePosts(texts.map((content, i) => analyzer.analyze({ id: `r${i}`, source: 'test', content, day: '2026-11-20', fetchedAt: '2026-11-26T00:00:00Z' })))
  await addRoleUsers(db.store)
  const app = testApp(db.store, { backTest: queryReplay(db.store, calls) })
  analyst = await signIn(app, 'analyst')
  handler = await signIn(app, 'handler')
})
afterAll(async () => {
  await db.close()
})

describe('rule preview', () => {
  it('runs a rule’s own tests and back-tests it over the last 30 days', async () => {
    const { status, body } = await analyst.json<PreviewBody>('POST', '/api/rules/preview', { yaml: GOOD })
    expect(status).toBe(200)
    expect(body.errors).toEqual([])
    expect(body.backTestAvailable).toBe(true)
    expect(body.rules).toHaveLength(1)
    expect(body.rules[0]).toMatchObject({ id: 'water-outage', line: 1, tests: { passed: true, failures: [] }, backTest: { ruleId: 'water-outage', posts: 3, hits: 1 } })
    expect(body.rules[0]?.tests.cases.map((c) => c.text)).toEqual(['溪口镇停水三天了', '消防停水演练'])
    expect(calls.at(-1)?.rule.query).toBe('停水 + -演练')
    expect(calls.at(-1)?.from.toISOString()).toBe('2026-10-27T04:00:00.000Z')
    expect(calls.at(-1)?.to.toISOString()).toBe('2026-11-26T04:00:00.000Z')
  })

  it('names the line of a broken field and of a failing test, and back-tests nothing broken', async () => {
    const before = calls.length
    const broken = await analyst.json<PreviewBody>('POST', '/api/rules/preview', { yaml: GOOD.replace('kind: match', 'kind: sometimes') })
    expect(broken.body.rules).toEqual([])
    expect(broken.body.errors).toEqual([{ line: 3, message: expect.stringContaining('kind') as string }])
    expect(calls.length).toBe(before)

    const failing = await analyst.json<PreviewBody>('POST', '/api/rules/preview', { yaml: GOOD.replace('noMatch: [消防停水演练]', 'noMatch: [明天停水]') })
    expect(failing.body.rules[0]?.tests.passed).toBe(false)
    expect(failing.body.rules[0]?.tests.failures).toEqual(['water-outage: should not match but matched "停水": "明天停水"'])
  })

  it('only validates and tests when the process has no back-test to offer', async () => {
    const alone = await signIn(testApp(db.store), 'analyst')
    const { body } = await alone.json<PreviewBody>('POST', '/api/rules/preview', { yaml: GOOD })
    expect(body.backTestAvailable).toBe(false)
    expect(body.rules[0]).toMatchObject({ tests: { passed: true }, backTest: null })
  })

  it('is refused to handlers and to an empty text', async () => {
    expect((await handler.json('POST', '/api/rules/preview', { yaml: GOOD })).status).toBe(403)
    const empty = await analyst.json<{ error: { message: string } }>('POST', '/api/rules/preview', { yaml: '' })
    expect(empty.status).toBe(400)
    expect(empty.body.error.message).toMatch(/^yaml: /)
  })
})
