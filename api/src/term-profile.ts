import { daysUpTo, type HourRange } from '@yuqing/core'
import { snippetOf, type StoredPost, type Store } from '@yuqing/store'

/**
 * How a hot word spread on one day, the questions staff ask of a story before they act on it: when
 * it was first posted, at which hour it peaked, which sources carry it, and which words go with it.
 */
export interface TermProfile {
  term: string
  day: string
  /** Originals mentioning the term in each local hour of the day, 00 to 23 (as the board counts them). */
  hours: number[]
  /** The day's busiest hour (`YYYY-MM-DDTHH`; the earliest of equals), or null on a day without it. */
  peak: { hour: string; count: number } | null
  /** The earliest original mentioning it within `days` days up to the day: where the story started. */
  first: StoredPost | null
  /** The day's posts read below (newest first, near-duplicates left out), and all of them (the sum of `hours`). */
  read: number
  total: number
  /** The sources of the posts read, most posts first: each with its name and negative posts. */
  sources: { source: string; name: string | null; count: number; negative: number }[]
  /** Keywords of the posts read that come with the term in two posts or more, most posts first. */
  related: { term: string; count: number }[]
}

/** Posts of the day read for sources and related words: a day's story has a few hundred at most. */
export const PROFILE_POSTS = 500
const RELATED = 10
/** The posts of the first hour searched for the earliest: an hour of one word is rarely more. */
const FIRST_HOUR_POSTS = 200

const hourRange = (hour: string): HourRange => ({ from: hour, to: hour })
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))

export async function termProfile(store: Store, term: string, day: string, days: number): Promise<TermProfile> {
  return (await profileAndPosts(store, term, day, days)).profile
}

/** The profile, and the day's posts it read (newest first), which a report quotes. */
export async function profileAndPosts(store: Store, term: string, day: string, days: number): Promise<{ profile: TermProfile; posts: StoredPost[] }> {
  const [hours, first, posts, health] = await Promise.all([
    hourCounts(store, term, day),
    firstPost(store, term, day, days),
    postsCounted(store, term, day),
    store.sources.list(),
  ])
  let peak: TermProfile['peak'] = null
  hours.forEach((count, h) => {
    if (count > 0 && count > (peak?.count ?? 0)) peak = { hour: `${day}T${HOURS[h]}`, count }
  })
  const names = new Map(health.map((h) => [h.source, h.last.name ?? null]))
  const bySource = new Map<string, TermProfile['sources'][number]>()
  const together = new Map<string, number>()
  for (const post of posts) {
    const entry = bySource.get(post.source) ?? { source: post.source, name: names.get(post.source) ?? null, count: 0, negative: 0 }
    bySource.set(post.source, entry)
    entry.count++
    if (post.sentiment.label === 'negative') entry.negative++
    for (const keyword of new Set(post.keywords)) {
      // The term itself, and words of it or around it (大桥 beside 青溪大桥), say nothing new.
      if (keyword.includes(term) || term.includes(keyword)) continue
      together.set(keyword, (together.get(keyword) ?? 0) + 1)
    }
  }
  const related = [...together]
    .filter(([, count]) => count >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, RELATED)
    .map(([word, count]) => ({ term: word, count }))
  const profile: TermProfile = {
    term,
    day,
    hours,
    peak,
    first,
    read: posts.length,
    total: hours.reduce((sum, n) => sum + n, 0),
    sources: [...bySource.values()].sort((a, b) => b.count - a.count || (a.source < b.source ? -1 : 1)),
    related,
  }
  return { profile, posts }
}

/**
 * The day's newest originals that the term's count counts (it is among their terms), so that the
 * sources and related words add up to the hours above them. A word search would also find posts
 * where it is only part of a longer word.
 */
async function postsCounted(store: Store, term: string, day: string): Promise<StoredPost[]> {
  const facts = (await store.postsMentioning([term], { from: `${day}T00`, to: `${day}T23` }, PROFILE_POSTS)).get(term) ?? []
  // Each with the passage around the word, as a search would give it (a report quotes it).
  return (await store.postsWithHits(facts.map((f) => f.id), '')).map(({ post }) => ({ ...post, ...snippetOf(post.text, [term], post.title) }))
}

async function hourCounts(store: Store, term: string, day: string): Promise<number[]> {
  // A range a call keeps each hour's count apart (termTotals sums its ranges).
  return Promise.all(HOURS.map(async (hour) => (await store.termTotals([term], [hourRange(`${day}T${hour}`)])).get(term) ?? 0))
}

/**
 * The earliest original of the term in the days up to `day`: its first day, that day's first hour,
 * and of that hour's posts the one published first.
 */
async function firstPost(store: Store, term: string, day: string, days: number): Promise<StoredPost | null> {
  const list = daysUpTo(day, days)
  const firstDay = (await store.termDays(term, list)).find((d) => d.count > 0)?.day
  if (!firstDay) return null
  const hours = await hourCounts(store, term, firstDay)
  const h = hours.findIndex((count) => count > 0)
  if (h < 0) return null
  const hour = `${firstDay}T${HOURS[h]}`
  // A post without a publication time counts at its hour's start (its hour is its day's first, or when it was fetched).
  const time = (publishedAt: string | null) => (publishedAt === null ? -Infinity : Date.parse(publishedAt))
  let earliest: { id: string; at: number } | undefined
  for (const fact of (await store.postsMentioning([term], hourRange(hour), FIRST_HOUR_POSTS)).get(term) ?? []) {
    const at = time(fact.publishedAt)
    if (earliest === undefined || at < earliest.at) earliest = { id: fact.id, at }
  }
  if (!earliest) return null
  const [found] = await store.postsWithHits([earliest.id], '')
  return found?.post ?? null
}
