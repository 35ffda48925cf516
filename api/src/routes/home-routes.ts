import { createRoute, z } from '@hono/zod-openapi'
import { findPlaces, findRising, findTopics, hotWordBoard, type Analyzer } from '@yuqing/analyzer'
import { daysUpTo, HotWord, type HourRange } from '@yuqing/core'
import { goingWrong, TASK_STATES, type Store } from '@yuqing/store'
import { guardedErrors, jsonOf, router } from '../openapi.ts'
import type { PipelineStatus } from './read-routes.ts'
import { AlertSummary, Day, DayVolume, PlaceOfDay, RisingTerm, StoredPost, TaskState } from '../schemas.ts'

export interface HomeDeps {
  store: Store
  analyzer: Pick<Analyzer, 'specificity' | 'places'>
  today: () => string
  now: () => Date
  status?: (() => PipelineStatus) | undefined
}

/** Days of a hot word's sparkline, the day shown included. */
export const SPARK_DAYS = 7
const BOARD_SIZE = 30
const TOPICS = 8
const RISING = 8
const PLACES = 10
const FIRING_SHOWN = 5

const dayRange = (day: string): HourRange => ({ from: `${day}T00`, to: `${day}T23` })

const HomeTopic = z.object({
  terms: z.array(z.string()),
  negativeShare: z.number(),
  score: z.number(),
  volume: z.number().int().openapi({ description: 'posts of the topic that day, at least: its posts as read (up to 200 a term), or the count of its biggest term when more' }),
  growth: z.number().openapi({ description: 'growth of its leading term against its baseline' }),
  isNew: z.boolean(),
  representative: StoredPost.nullable(),
})

const Home = z
  .object({
    today: z.string(),
    day: z.string(),
    status: z.object({ crawling: z.boolean(), lastCrawlAt: z.string().nullable(), queued: z.number(), postsStored: z.number() }).nullable(),
    days: z.array(DayVolume).openapi({ description: 'days with posts, newest first' }),
    board: z.array(HotWord.extend({ spark: z.array(z.number()).openapi({ description: `posts a day over the ${SPARK_DAYS} days up to the board’s day, oldest first` }) })),
    topics: z.array(HomeTopic),
    places: z.array(PlaceOfDay).openapi({ description: `the user’s places (words their dictionaries tag ns) mentioned that day, most posts first, up to ${PLACES}` }),
    rising: z.array(RisingTerm).openapi({ description: 'terms whose share of the posts rose three days in a row or more, up to the day: steady growth, which a trend score against the days before misses' }),
    sources: z.object({ total: z.number().int(), bad: z.number().int().openapi({ description: 'sources whose latest crawl failed or found nothing, or whose next crawl is long overdue' }) }),
    alerts: z.object({ firing: z.number().int(), latest: z.array(AlertSummary) }),
    tasks: z.object({ byState: z.record(TaskState, z.number().int()), overdue: z.number().int() }),
  })
  .openapi('Home')

/**
 * `GET /api/home`: everything the morning screen shows in one answer (the board with sparklines,
 * negative topics, firing alerts, task counts), so the page loads in one request after the session.
 */
export function homeRoutes(deps: HomeDeps) {
  const { store } = deps
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/home',
      tags: ['read'],
      summary: 'The home page in one request: board with 7-day sparklines, negative topics, places, steadily rising terms, firing alerts, task counts',
      request: { query: z.object({ day: Day.optional() }) },
      responses: { 200: jsonOf(Home, 'the home page'), ...guardedErrors },
    }),
    async (c) => {
      const today = deps.today()
      const { day = today } = c.req.valid('query')
      const now = deps.now()
      const [days, board, topics, places, rising, sources, firing, counts, overdue] = await Promise.all([
        store.days(),
        boardWithSparks(deps, day),
        topicsOf(store, deps.analyzer.specificity, day),
        findPlaces(store, deps.analyzer.places(), day, { days: SPARK_DAYS, top: PLACES }),
        findRising(store, day, { days: SPARK_DAYS, top: RISING, specificity: deps.analyzer.specificity }),
        store.sources.list(),
        store.alerts.alerts({ state: 'firing', limit: 200 }),
        Promise.all(TASK_STATES.map(async (state) => [state, (await store.tasks.tasks({ state, limit: 1 })).total] as const)),
        store.tasks.overdueTasks(now),
      ])
      return c.json(
        {
          today,
          day,
          status: deps.status?.() ?? null,
          days,
          board,
          topics,
          places,
          rising,
          sources: { total: sources.length, bad: sources.filter((h) => goingWrong(h, now)).length },
          alerts: { firing: firing.length, latest: firing.slice(0, FIRING_SHOWN) },
          tasks: { byState: Object.fromEntries(counts) as Record<(typeof TASK_STATES)[number], number>, overdue: overdue.length },
        },
        200,
      )
    },
  )
}

async function boardWithSparks(deps: HomeDeps, day: string) {
  const items = await hotWordBoard(deps.store, deps.analyzer.specificity, day, BOARD_SIZE)
  const terms = items.map((w) => w.term)
  const sparkDays = daysUpTo(day, SPARK_DAYS)
  const totals = await Promise.all(sparkDays.map((d) => (terms.length === 0 ? new Map<string, number>() : deps.store.termTotals(terms, [dayRange(d)]))))
  return items.map((w) => ({ ...w, spark: totals.map((t) => t.get(w.term) ?? 0) }))
}

async function topicsOf(store: Store, specificity: (term: string) => number, day: string) {
  const topics = await findTopics(store, { kind: 'day', day }, { maxTopics: TOPICS, specificity })
  const representatives = await store.postsWithHits(
    topics.map((t) => t.representativePostId),
    '',
  )
  const byId = new Map(representatives.map((r) => [r.post.id, r.post]))
  return topics.map((t) => {
    const lead = t.trends[0]
    const post = byId.get(t.representativePostId)
    return {
      terms: t.terms,
      negativeShare: t.negativeShare,
      score: t.score,
      volume: t.volume,
      growth: lead?.growth ?? 0,
      isNew: lead?.isNew ?? false,
      // The representative post is shown with the topic's own words marked.
      representative: post ? { ...post, snippet: post.snippet || excerpt(post.text, t.terms), matches: t.terms.filter((term) => post.text.includes(term)) } : null,
    }
  })
}

/** About 120 characters of `text` from a little before the first of `terms` it mentions. */
function excerpt(text: string, terms: readonly string[]): string {
  const at = Math.max(0, Math.min(...terms.map((t) => text.indexOf(t)).filter((i) => i >= 0), text.length) - 20)
  const start = at >= text.length ? 0 : at
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 120)}${start + 120 < text.length ? '…' : ''}`
}
