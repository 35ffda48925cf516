import { z } from '@hono/zod-openapi'
import { AlertMessage, AlertSeverity, isDay, SentimentLabel } from '@yuqing/core'
import { CRAWL_STATUSES, ROLES, TASK_STATES } from '@yuqing/store'

export const Day = z.string().refine(isDay, 'expected a day as YYYY-MM-DD').openapi({ example: '2026-11-26' })

export const StoredPost = z
  .object({
    id: z.string(),
    source: z.string(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    text: z.string().openapi({ description: 'plain text: render it as text, never as HTML' }),
    author: z.string().nullable(),
    publishedAt: z.string().nullable(),
    day: z.string(),
    hour: z.string(),
    sentiment: z.object({
      score: z.number(),
      label: SentimentLabel,
      corrected: z
        .object({
          by: z.string(),
          at: z.string(),
          was: SentimentLabel,
          of: z.string().optional().openapi({ description: 'a near-duplicate that followed the relabel of its original: that post’s id' }),
        })
        .optional()
        .openapi({ description: 'set when a person relabelled the post (or its original): who, when, and the analyzer’s label' }),
    }),
    official: z.boolean().openapi({
      description: 'from a source of official notices or news: its label leans only where the model and the sentiment lexicon agree, so it may be neutral against its score',
    }),
    keywords: z.array(z.string()),
    duplicateOf: z.string().nullable(),
    reposts: z.number().int(),
    snippet: z.string(),
    matches: z.array(z.string()),
  })
  .openapi('Post')

export const Trend = z
  .object({
    term: z.string(),
    count: z.number(),
    baseline: z.number(),
    score: z.number(),
    growth: z.number(),
    negativeShare: z.number(),
    isNew: z.boolean(),
    samplePostIds: z.array(z.string()),
  })
  .openapi('Trend')

export const DayVolume = z
  .object({
    day: z.string(),
    posts: z.number().int().openapi({ description: 'posts of the day, near-duplicates included' }),
    originals: z.number().int().openapi({ description: 'posts of the day with near-duplicates folded' }),
    negative: z.number().int().openapi({ description: 'negative originals of the day' }),
  })
  .openapi('DayVolume')

export const RisingTerm = z
  .object({
    term: z.string(),
    counts: z.array(z.number().int()).openapi({ description: 'posts a day mentioning it, oldest first, the day asked last' }),
    rises: z.number().int().openapi({ description: 'days in a row (of those with posts) its count and share of the day’s posts rose, up to the day' }),
    baseline: z.number().openapi({ description: 'posts expected on the day at its share of the first day of the rise that had posts of it' }),
    score: z.number().openapi({ description: 'G² of the day’s count against that baseline' }),
    growth: z.number().openapi({ description: '(count − baseline) / max(baseline, 1)' }),
    negativeShare: z.number(),
  })
  .openapi('RisingTerm')

export const PostDetail = StoredPost.extend({
  ruleHits: z
    .array(z.object({ ruleId: z.string(), name: z.string().nullable().openapi({ description: 'the rule’s name, when the alert engine runs in this process' }), terms: z.array(z.string()) }))
    .openapi({ description: 'the rules that hit the post, with the words each matched' }),
}).openapi('PostDetail')

export const PlaceOfDay = z
  .object({
    place: z.string().openapi({ description: 'a word the user’s dictionaries tag ns (place name)' }),
    count: z.number().int().openapi({ description: 'posts mentioning it that day (originals: a repost wave counts once)' }),
    previous: z.number().int().openapi({ description: 'the same on the day before' }),
    negativeShare: z.number(),
    spark: z.array(z.number().int()).openapi({ description: 'posts a day over the 7 days up to the day, oldest first' }),
  })
  .openapi('PlaceOfDay')

export const SourceHealth = z
  .object({
    source: z.string(),
    last: z
      .object({
        source: z.string(),
        name: z.string().optional().openapi({ description: 'the source’s name, as its definition gives it' }),
        startedAt: z.string(),
        finishedAt: z.string(),
        status: z.enum(CRAWL_STATUSES).openapi({
          description:
            'ok; partial: some pages failed; empty: list pages read but no post found (selectors?); failed: no list page read, or the crawl stopped with an error; running: started and not ended (still so at the next crawl: its process died)',
        }),
        listPages: z.number().int(),
        postPages: z.number().int(),
        queued: z.number().int().openapi({ description: 'new posts' }),
        known: z.number().int().openapi({ description: 'posts found that were stored already' }),
        failures: z.number().int(),
        skipped: z.number().int().openapi({ description: 'pages robots.txt kept the crawler from' }),
        problem: z.string().nullable().openapi({ description: 'what went wrong first (url: reason)' }),
        intervalMs: z.number().int().openapi({ description: 'how often the source is crawled' }),
      })
      .openapi({ description: 'the latest crawl' }),
    lastGoodAt: z.string().nullable().openapi({ description: 'when a crawl that found posts (ok or partial) last ended' }),
    badRuns: z.number().int().openapi({ description: 'crawls in a row, up to the latest, that failed or found nothing' }),
    stalledSince: z
      .string()
      .nullable()
      .openapi({ description: 'when the next crawl became long overdue (two intervals after the latest started, and 5 minutes): its crawler stopped; null while it is not' }),
  })
  .openapi('SourceHealth')

export const TrendWindow = z.union([
  z.object({ kind: z.literal('day'), day: z.string() }),
  z.object({ kind: z.enum(['hour', '24h']), hour: z.string() }),
])

export const Topic = z
  .object({ terms: z.array(z.string()), postIds: z.array(z.string()), volume: z.number().int(), negativeShare: z.number(), representativePostId: z.string(), score: z.number() })
  .openapi('Topic')

export const Role = z.enum(ROLES)
export const User = z.object({ id: z.string(), name: z.string(), role: Role, createdAt: z.string() }).openapi('User')

export const TaskState = z.enum(TASK_STATES)
export const Task = z
  .object({
    id: z.string(),
    title: z.string(),
    state: TaskState,
    origin: z.object({ kind: z.enum(['post', 'alert']), id: z.string() }),
    evidence: z.object({ text: z.string(), postIds: z.array(z.string()), urls: z.array(z.string()) }),
    department: z.string().nullable(),
    assignee: z.string().nullable(),
    dueAt: z.string().nullable(),
    resolution: z.string().nullable(),
    publicReply: z.string().nullable(),
    rating: z.number().int().nullable(),
    remark: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    overdue: z.boolean().openapi({ description: 'open (assigned or in progress) past its due time: 督办' }),
    next: z.array(TaskState).openapi({ description: 'states the task may move to from here' }),
  })
  .openapi('Task')

const TaskChange = z.object({
  state: TaskState.optional(),
  department: z.string().nullable().optional(),
  assignee: z.string().nullable().optional(),
  dueAt: z.string().nullable().optional(),
  resolution: z.string().nullable().optional(),
  publicReply: z.string().nullable().optional(),
  rating: z.number().int().nullable().optional(),
  remark: z.string().nullable().optional(),
})

export const TaskEvent = z
  .object({
    seq: z.number().int(),
    taskId: z.string(),
    at: z.string(),
    by: z.string(),
    kind: z.enum(['created', 'transition', 'comment']),
    from: TaskState.nullable(),
    to: TaskState.nullable(),
    changes: TaskChange,
    comment: z.string().nullable(),
  })
  .openapi('TaskEvent')

export const AuditEvent = z
  .object({ seq: z.number().int(), at: z.string(), actor: z.string().nullable(), action: z.string(), target: z.string(), address: z.string(), status: z.number().int(), details: z.unknown() })
  .openapi('AuditEvent')

export const AlertSummary = z
  .object({
    alertId: z.string(),
    ruleId: z.string(),
    group: z.string(),
    state: z.enum(['firing', 'resolved']),
    severity: AlertSeverity,
    summary: z.string(),
    /** The summary in English; null for an alert raised before summaries had one. */
    summaryEn: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('AlertSummary')

export const AlertDetail = AlertSummary.extend({
  messages: z.array(AlertMessage.extend({ suppressed: z.boolean() })),
  deliveries: z.array(z.object({ key: z.string(), channel: z.string(), deliveredAt: z.string().nullable(), attempts: z.number().int(), lastError: z.string().nullable() })),
}).openapi('AlertDetail')
