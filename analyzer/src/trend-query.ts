import { addDays, addHours, hourOf, InputError, isDay, type HourRange, type PostFact, type TermCount } from '@yuqing/core'
import { groupTopics, type Topic } from './topics.ts'
import { scoreTrends, type ScoredTrend } from './trends.ts'

/** What trend finding reads from a store (the Store interface has all of it). */
export interface TrendSource {
  termCountsIn(range: HourRange, limit: number): Promise<TermCount[]>
  termTotals(terms: readonly string[], ranges: readonly HourRange[]): Promise<Map<string, number>>
  postsMentioning(terms: readonly string[], range: HourRange, limit: number): Promise<Map<string, PostFact[]>>
  postCount(range: HourRange): Promise<number>
}

/**
 * A window to find trends in: a calendar day, or the hour or 24 hours ending at a given local hour
 * bucket. Its baseline is the same window on each of the `baselineDays` days before, so an hour is
 * compared with the same hour of earlier days (daily rhythm), not with the night before it.
 */
export type TrendWindow = { kind: 'day'; day: string } | { kind: 'hour' | '24h'; hour: string }

export interface Trend extends ScoredTrend {
  samplePostIds: string[]
}

export interface TrendOptions {
  top?: number
  minCount?: number
  baselineDays?: number
  /** Sample posts kept per trend. */
  samples?: number
  /** How specific a term is (the analyzer's): see TrendScoringOptions. */
  specificity?: (term: string) => number
}

export function windowRange(window: TrendWindow): HourRange {
  switch (window.kind) {
    case 'day':
      return { from: `${window.day}T00`, to: `${window.day}T23` }
    case 'hour':
      return { from: window.hour, to: window.hour }
    case '24h':
      return { from: addHours(window.hour, -23), to: window.hour }
  }
}

function shiftDays(range: HourRange, days: number): HourRange {
  const shift = (hour: string) => `${addDays(hour.slice(0, 10), days)}${hour.slice(10)}`
  return { from: shift(range.from), to: shift(range.to) }
}

/** Trending terms of a window against the same window on earlier days, with sample posts. */
export async function findTrends(source: TrendSource, window: TrendWindow, options: TrendOptions = {}): Promise<Trend[]> {
  const baselineDays = options.baselineDays ?? 7
  const top = options.top ?? 20
  const range = windowRange(window)
  // Score more candidates than shown: a term lower by volume may rise most above its baseline.
  const current = await source.termCountsIn(range, Math.max(500, top * 20))
  const earlier = Array.from({ length: baselineDays }, (_, i) => shiftDays(range, -(i + 1)))
  const history = await source.termTotals(
    current.map((c) => c.term),
    earlier,
  )
  const volumes = await Promise.all([range, ...earlier].map((r) => source.postCount(r)))
  const [now = 0, ...before] = volumes
  // An earlier window without any post was not monitored (yuqing not yet running, a source down):
  // it is left out of the baseline rather than counted as a window where nothing was said.
  const monitored = Math.max(1, before.filter((n) => n > 0).length)
  const meanBefore = before.reduce((a, b) => a + b, 0) / monitored
  // +1 on both sides: a first day after an empty week is not an infinite rise in volume.
  const volumeRatio = (now + 1) / (meanBefore + 1)
  const trends = scoreTrends(current, history, {
    baselineWindows: monitored,
    top,
    minCount: options.minCount ?? 3,
    volumeRatio,
    ...(options.specificity ? { specificity: options.specificity } : {}),
  })
  const posts = await source.postsMentioning(
    trends.map((t) => t.term),
    range,
    options.samples ?? 5,
  )
  return trends.map((t) => ({ ...t, samplePostIds: (posts.get(t.term) ?? []).map((p) => p.id) }))
}

export interface TopicQueryOptions extends TrendOptions {
  maxTopics?: number
  /** How specific a term is (the analyzer's): its trends (see TrendScoringOptions), and each topic named by its story (see TopicOptions). */
  specificity?: (term: string) => number
  /** The newest posts read per term to group the terms by (default 200). */
  postsPerTerm?: number
}

export interface WindowTopic extends Topic {
  trends: Trend[]
  /**
   * Posts of the topic in the window, at least: its posts as read (up to `postsPerTerm` a term), or
   * its biggest term's count when that is more. `postIds` alone undercounts a big story.
   */
  volume: number
}

/** Topics of a window: its trending terms grouped by the posts they share, negative-first. */
export async function findTopics(source: TrendSource, window: TrendWindow, options: TopicQueryOptions = {}): Promise<WindowTopic[]> {
  const trends = await findTrends(source, window, { ...options, top: options.top ?? 30, samples: 0 })
  const range = windowRange(window)
  const mentions = await source.postsMentioning(
    trends.map((t) => t.term),
    range,
    options.postsPerTerm ?? 200,
  )
  const facts = new Map<string, PostFact>()
  for (const list of mentions.values()) for (const p of list) facts.set(p.id, p)
  const topics = groupTopics(
    trends.map((t) => ({ term: t.term, score: t.score, postIds: (mentions.get(t.term) ?? []).map((p) => p.id) })),
    facts,
    {
      ...(options.maxTopics !== undefined ? { maxTopics: options.maxTopics } : {}),
      ...(options.specificity ? { specificity: options.specificity } : {}),
    },
  )
  const byTerm = new Map(trends.map((t) => [t.term, t]))
  return topics.map((topic) => {
    const own = topic.terms.flatMap((term) => byTerm.get(term) ?? [])
    return { ...topic, trends: own, volume: Math.max(topic.postIds.length, ...own.map((t) => t.count)) }
  })
}

/**
 * The window a user asked for: `day` (a calendar day in the zone), or `at` (an ISO instant) with
 * `window` 1h (that hour) or 1d (the 24 hours up to and including that hour).
 */
export function parseTrendWindow(input: { day?: string | undefined; at?: string | undefined; window?: string | undefined }, timezone: string): TrendWindow {
  if (input.day !== undefined) {
    if (input.at !== undefined) throw new InputError('give either a day or an instant with a window, not both', { where: '--day/--at' })
    if (!isDay(input.day)) throw new InputError(`expected YYYY-MM-DD, got "${input.day}"`, { where: 'day' })
    return { kind: 'day', day: input.day }
  }
  if (input.at === undefined) throw new InputError('which window? give a day (YYYY-MM-DD), or an instant (ISO 8601) with a window of 1h or 1d', { where: 'day/at' })
  const instant = new Date(input.at)
  if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(input.at)) throw new InputError(`expected an ISO 8601 instant, got "${input.at}"`, { where: 'at' })
  const hour = hourOf(instant, timezone)
  switch (input.window ?? '1h') {
    case '1h':
      return { kind: 'hour', hour }
    case '1d':
      return { kind: '24h', hour }
    default:
      throw new InputError(`expected 1h or 1d, got "${input.window}"`, { where: 'window' })
  }
}
