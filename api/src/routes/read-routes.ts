import { createRoute, z } from '@hono/zod-openapi'
import { findRising, findTopics, findTrends, hotWordBoard, parseTrendWindow, type Analyzer } from '@yuqing/analyzer'
import { HotWord, InputError, SentimentLabel } from '@yuqing/core'
import { withStall, type Store } from '@yuqing/store'
import { HttpError } from '../http-error.ts'
import { ErrorBody, guardedErrors, jsonOf, router } from '../openapi.ts'
import type { AlertControl } from '../alert-control.ts'
import { withRuleMatches } from '../rule-posts.ts'
import { Day, DayVolume, PostDetail, RisingTerm, SourceHealth, StoredPost, Topic, Trend, TrendWindow } from '../schemas.ts'

export interface PipelineStatus {
  crawling: boolean
  lastCrawlAt: string | null
  queued: number
  postsStored: number
}

export interface ReadDeps {
  store: Store
  analyzer: Pick<Analyzer, 'specificity'>
  timezone: string
  today: () => string
  now: () => Date
  status?: (() => PipelineStatus) | undefined
  /** The running alert engine, for the names of the rules that hit a post (ids alone without it). */
  alerting?: Pick<AlertControl, 'rules'> | undefined
}

const Status = z.object({ crawling: z.boolean(), lastCrawlAt: z.string().nullable(), queued: z.number(), postsStored: z.number() }).nullable()

/** The trend window of a request; a bad one is a 400 that names the parameter. */
function trendWindow(input: Parameters<typeof parseTrendWindow>[0], timezone: string) {
  try {
    return parseTrendWindow(input, timezone)
  } catch (error) {
    if (error instanceof InputError) throw new HttpError(400, 'invalid_request', error.message)
    throw error
  }
}

/** The days a post search covers: `day` alone, or `from`…`to` (either end open); a bad range is a 400 naming the parameter. */
export function dayRange(day: string | undefined, from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  if (day !== undefined) {
    if (from !== undefined || to !== undefined) throw new HttpError(400, 'invalid_request', 'day: give either day (one day) or from/to (a range), not both')
    return { from: day, to: day }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new HttpError(400, 'invalid_request', `from: ${from} is after to (${to}); give the earlier day as from`)
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }
}

const get = <P extends string>(path: P, summary: string) => ({ method: 'get' as const, path, summary, tags: ['read'] })

/** The board, trends, topics and posts: what every role reads. */
export function readRoutes(deps: ReadDeps) {
  const { store } = deps
  return router()
    .openapi(
      createRoute({ ...get('/health', 'The process is up'), tags: ['ops'], responses: { 200: jsonOf(z.object({ ok: z.literal(true) }), 'up') } }),
      (c) => c.json({ ok: true as const }, 200),
    )
    .openapi(createRoute({ ...get('/status', 'What the pipeline is doing'), responses: { 200: jsonOf(Status, 'status'), ...guardedErrors } }), (c) =>
      c.json(deps.status?.() ?? null, 200),
    )
    .openapi(
      createRoute({
        ...get('/sources', 'Each source’s latest crawl and how long it has gone wrong, by id (a source shows after its first crawl)'),
        responses: { 200: jsonOf(z.object({ items: z.array(SourceHealth) }), 'sources'), ...guardedErrors },
      }),
      async (c) => c.json({ items: (await store.sources.list()).map((h) => withStall(h, deps.now())) }, 200),
    )
    .openapi(
      createRoute({
        ...get('/days', 'Days with posts, newest first'),
        responses: { 200: jsonOf(z.object({ today: z.string(), days: z.array(DayVolume) }), 'days'), ...guardedErrors },
      }),
      async (c) => c.json({ today: deps.today(), days: await store.days() }, 200),
    )
    .openapi(
      createRoute({
        ...get('/hotwords', 'The day’s hot-word board'),
        request: { query: z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(200).default(30) }) },
        responses: { 200: jsonOf(z.object({ day: z.string(), items: z.array(HotWord) }), 'the board'), ...guardedErrors },
      }),
      async (c) => {
        const { day = deps.today(), top } = c.req.valid('query')
        return c.json({ day, items: await hotWordBoard(store, deps.analyzer.specificity, day, top) }, 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/trends', 'Terms rising above their baseline'),
        request: {
          query: z.object({
            day: Day.optional(),
            at: z.string().max(40).optional().openapi({ description: 'ISO 8601 instant; with `window`' }),
            window: z.enum(['1h', '1d']).optional(),
            top: z.coerce.number().int().min(1).max(100).default(20),
          }),
        },
        responses: { 200: jsonOf(z.object({ window: TrendWindow, items: z.array(Trend) }), 'rising terms'), ...guardedErrors },
      }),
      async (c) => {
        const { top, ...asked } = c.req.valid('query')
        const window = trendWindow(asked.at === undefined && asked.day === undefined ? { day: deps.today() } : asked, deps.timezone)
        return c.json({ window, items: await findTrends(store, window, { top, specificity: deps.analyzer.specificity }) }, 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/rising', 'Terms whose count and share of the posts rose three days in a row or more, up to the day'),
        request: { query: z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(100).default(10) }) },
        responses: { 200: jsonOf(z.object({ day: z.string(), items: z.array(RisingTerm) }), 'steadily rising terms, best first'), ...guardedErrors },
      }),
      async (c) => {
        const { day = deps.today(), top } = c.req.valid('query')
        return c.json({ day, items: await findRising(store, day, { top, specificity: deps.analyzer.specificity }) }, 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/topics', 'Trending terms grouped by shared posts, negative first'),
        request: { query: z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(50).default(10) }) },
        responses: { 200: jsonOf(z.object({ day: z.string(), items: z.array(Topic) }), 'topics'), ...guardedErrors },
      }),
      async (c) => {
        const { day = deps.today(), top } = c.req.valid('query')
        return c.json({ day, items: await findTopics(store, { kind: 'day', day }, { maxTopics: top, specificity: deps.analyzer.specificity }) }, 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/posts', 'Posts, newest first, with a snippet and the words to highlight'),
        request: {
          query: z.object({
            q: z.string().max(200).optional().openapi({ description: 'free text, segmented like the posts' }),
            term: z.string().max(50).optional().openapi({ description: 'one hot word' }),
            day: Day.optional().openapi({ description: 'one local day: shorthand for `from` and `to` the same day' }),
            from: Day.optional().openapi({ description: 'first local day of a range, inclusive' }),
            to: Day.optional().openapi({ description: 'last local day of a range, inclusive' }),
            source: z.string().max(100).optional(),
            duplicateOf: z.string().max(200).optional().openapi({ description: 'only the reposts folded into this original: its wave' }),
            rule: z.string().max(100).optional().openapi({ description: 'only posts this rule hit, its matched terms highlighted' }),
            sentiment: SentimentLabel.optional().openapi({ description: 'only posts of this sentiment' }),
            corrected: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true')
              .openapi({ description: '`true`: only posts whose sentiment a person relabelled (not the near-duplicates that followed their original)' }),
            fold: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true')
              .openapi({ description: '`true`: each repost wave once, through its original' }),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
        responses: { 200: jsonOf(z.object({ total: z.number(), items: z.array(StoredPost) }), 'a page of posts'), ...guardedErrors },
      }),
      async (c) => {
        const { fold, day, ...query } = c.req.valid('query')
        const page = await store.searchPosts({ ...query, ...dayRange(day, query.from, query.to), foldDuplicates: fold })
        return c.json(query.rule ? await withRuleMatches(store, page, query.rule) : page, 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/posts/{id}', 'One post, with its original (duplicateOf) or the size of its repost wave (reposts), and the rules that hit it'),
        request: { params: z.object({ id: z.string().max(200) }) },
        responses: { 200: jsonOf(PostDetail, 'the post'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such post') },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        // postsWithHits reads posts by id; with no rule it carries no spans.
        const [[found], hits] = await Promise.all([store.postsWithHits([id], ''), store.ruleHitsOf(id)])
        if (!found) throw new HttpError(404, 'not_found', `no post ${id}: it may have been removed by retention, or the link is mistyped`)
        const names = hits.length > 0 && deps.alerting ? new Map((await deps.alerting.rules()).rules.map((r) => [r.id, r.name])) : undefined
        const ruleHits = hits.map(({ ruleId, terms }) => ({ ruleId, name: names?.get(ruleId) ?? null, terms }))
        return c.json({ ...found.post, ruleHits }, 200)
      },
    )
}
