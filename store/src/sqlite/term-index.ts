import type Database from 'better-sqlite3'
import { addDays, addHours, type AnalyzedPost, type DayVolume, type HourRange, type PostFact, type TermCount, type TermDay } from '@yuqing/core'
import { matchExpression } from '../search-text.ts'

/**
 * What hot words, trends, the day list and topics read, kept up to date as posts are saved so that
 * no read scans posts (a day holds tens of thousands):
 *
 * - `term_buckets`: posts mentioning a term per local hour (hour ranges: rules, 24-hour trends);
 * - `term_days`: the same per local day (the board, day trends, sparklines);
 * - `post_buckets`: posts, originals and negative originals per hour (volumes and the day list);
 * - `term_posts`: the originals mentioning a term per hour (topics, trend samples, rule evidence).
 */
export function termIndex(db: Database.Database) {
  const bumpTerm = db.prepare(`
    INSERT INTO term_buckets (hour, term, count, negative_count, folded) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (hour, term) DO UPDATE SET count = count + excluded.count,
      negative_count = negative_count + excluded.negative_count, folded = folded + excluded.folded`)
  const bumpTermDay = db.prepare(`
    INSERT INTO term_days (day, term, count, negative_count) VALUES (?, ?, ?, ?)
    ON CONFLICT (day, term) DO UPDATE SET count = count + excluded.count, negative_count = negative_count + excluded.negative_count`)
  const bumpPosts = db.prepare(`
    INSERT INTO post_buckets (day, hour, posts, originals, negatives) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (day, hour) DO UPDATE SET posts = posts + excluded.posts, originals = originals + excluded.originals,
      negatives = negatives + excluded.negatives`)
  const appendPosts = db.prepare('INSERT INTO term_posts (term, hour, first, posts) VALUES (?, ?, ?, ?)')

  const countsOfHours = db.prepare<[string, string, number], TermCount>(`
    SELECT term, SUM(count) AS count, SUM(negative_count) AS negativeCount
    FROM term_buckets WHERE hour >= ? AND hour <= ?
    GROUP BY term HAVING SUM(count) > 0 ORDER BY count DESC, term LIMIT ?`)
  const countsOfDays = db.prepare<[string, string, number], TermCount>(`
    SELECT term, SUM(count) AS count, SUM(negative_count) AS negativeCount
    FROM term_days WHERE day >= ? AND day <= ?
    GROUP BY term HAVING SUM(count) > 0 ORDER BY count DESC, term LIMIT ?`)
  // One statement per range for all the terms: the term-first index serves each term with a seek.
  const totalsOfHours = db.prepare<[string, string, string], { term: string; count: number }>(`
    SELECT t.value AS term, SUM(b.count) AS count FROM json_each(?) AS t
    JOIN term_buckets AS b ON b.term = t.value AND b.hour >= ? AND b.hour <= ? GROUP BY t.value`)
  // Days: a seek of the primary key per day and term (a term-first index cost more to keep up on
  // every batch than it saves here, where ranges are a few days).
  const totalsOfDays = db.prepare<[string, string], { term: string; count: number }>(`
    SELECT t.value AS term, SUM(d.count) AS count FROM json_each(?) AS t CROSS JOIN json_each(?) AS k
    CROSS JOIN term_days AS d ON d.day = k.value AND d.term = t.value GROUP BY t.value`)
  // The primary key, a seek per day.
  const daysOfTerm = db.prepare<[string, string], { day: string; count: number; negativeCount: number }>(`
    SELECT d.day AS day, d.count AS count, d.negative_count AS negativeCount FROM json_each(?) AS k
    CROSS JOIN term_days AS d ON d.day = k.value AND d.term = ?`)
  // The day bounds let the primary key serve an hour range.
  const originalsIn = db.prepare<[string, string, string, string], { n: number | null }>(
    'SELECT SUM(originals) AS n FROM post_buckets WHERE day >= ? AND day <= ? AND hour >= ? AND hour <= ?',
  )
  const daysWithPosts = db.prepare<[], DayVolume>(
    'SELECT day, SUM(posts) AS posts, SUM(originals) AS originals, SUM(negatives) AS negative FROM post_buckets GROUP BY day HAVING SUM(posts) > 0 ORDER BY day DESC',
  )
  const hoursOfTerm = db.prepare<[string, string], { posts: string }>(
    // One seek per hour of the list (newest first), an hour's chunks together: its newest posts
    // are picked across the batches that stored them.
    `SELECT group_concat(p.posts, ' ') AS posts FROM json_each(?) AS h
     CROSS JOIN term_posts AS p ON p.hour = h.value AND p.term = ? GROUP BY h.key ORDER BY h.key`,
  )
  const newestOf = db.prepare<[string, number], { id: string; sentiment_label: string; published_at: string | null }>(`
    SELECT id, sentiment_label, published_at FROM posts WHERE rowid IN (SELECT value FROM json_each(?))
    ORDER BY published_at DESC, id LIMIT ?`)

  return {
    /**
     * The tallies of one batch, written by `write` inside the batch's transaction: one upsert per
     * (hour, term), not per post. A near-duplicate counts toward a term's repost signal (`folded`),
     * not its post count, and is listed under no term.
     */
    batch() {
      type Bucket = { term: string; count: number; negative: number; folded: number; posts: number[] }
      // By hour, then term: a batch has a few hours, and no key is built per term.
      const hours = new Map<string, { day: string; hour: string; posts: number; originals: number; negatives: number; terms: Map<string, Bucket> }>()
      return {
        add(post: AnalyzedPost, rowid: number, duplicate: boolean): void {
          let hour = hours.get(post.hour)
          if (!hour) {
            hour = { day: post.day, hour: post.hour, posts: 0, originals: 0, negatives: 0, terms: new Map() }
            hours.set(post.hour, hour)
          }
          hour.posts++
          if (!duplicate) hour.originals++
          const negative = post.sentiment.label === 'negative' && !duplicate ? 1 : 0
          hour.negatives += negative
          for (const term of post.terms) {
            let bucket = hour.terms.get(term)
            if (!bucket) {
              bucket = { term, count: 0, negative: 0, folded: 0, posts: [] }
              hour.terms.set(term, bucket)
            }
            if (duplicate) bucket.folded++
            else {
              bucket.count++
              bucket.posts.push(rowid)
            }
            bucket.negative += negative
          }
        },
        write(): void {
          const days = new Map<string, { day: string; term: string; count: number; negative: number }>()
          for (const { hour, terms } of hours.values()) {
            const day = hour.slice(0, 10)
            for (const b of terms.values()) {
              bumpTerm.run(hour, b.term, b.count, b.negative, b.folded)
              if (b.posts.length > 0) appendPosts.run(b.term, hour, b.posts[0], b.posts.join(' '))
              if (b.count === 0) continue
              const key = `${day}\u0000${b.term}`
              const sum = days.get(key) ?? { day, term: b.term, count: 0, negative: 0 }
              days.set(key, sum)
              sum.count += b.count
              sum.negative += b.negative
            }
          }
          for (const d of days.values()) bumpTermDay.run(d.day, d.term, d.count, d.negative)
          for (const h of hours.values()) bumpPosts.run(h.day, h.hour, h.posts, h.originals, h.negatives)
        },
      }
    },

    countsIn(range: HourRange, limit: number): TermCount[] {
      const days = wholeDays(range)
      return days ? countsOfDays.all(days.from, days.to, limit) : countsOfHours.all(range.from, range.to, limit)
    },

    totals(terms: readonly string[], ranges: readonly HourRange[]): Map<string, number> {
      const totals = new Map(terms.map((term) => [term, 0]))
      if (totals.size === 0) return totals
      const list = JSON.stringify([...totals.keys()])
      for (const range of ranges) {
        const days = wholeDays(range)
        const rows = days ? totalsOfDays.all(list, JSON.stringify(daysOf(days))) : totalsOfHours.all(list, range.from, range.to)
        for (const row of rows) totals.set(row.term, (totals.get(row.term) ?? 0) + row.count)
      }
      return totals
    },

    daysOf(term: string, days: readonly string[]): TermDay[] {
      const found = new Map(daysOfTerm.all(JSON.stringify(days), term).map((row) => [row.day, row]))
      return days.map((day) => found.get(day) ?? { day, count: 0, negativeCount: 0 })
    },

    postCount(range: HourRange): number {
      return originalsIn.get(range.from.slice(0, 10), range.to.slice(0, 10), range.from, range.to)?.n ?? 0
    },

    days(): DayVolume[] {
      return daysWithPosts.all()
    },

    /** Newest first: an hour at a time, so only the posts of the hours shown are read. */
    mentioning(terms: readonly string[], range: HourRange, limit: number): Map<string, PostFact[]> {
      const out = new Map<string, PostFact[]>()
      const hours = JSON.stringify(hoursNewestFirst(range))
      for (const term of terms) {
        const found: PostFact[] = []
        for (const { posts } of limit > 0 ? hoursOfTerm.all(hours, term) : []) {
          for (const r of newestOf.all(`[${posts.replaceAll(' ', ',')}]`, limit - found.length)) {
            found.push({ id: r.id, negative: r.sentiment_label === 'negative', publishedAt: r.published_at })
          }
          if (found.length >= limit) break
        }
        out.set(term, found)
      }
      return out
    },
  }
}

/** The hours of a range, newest first (hour labels of the local zone, one per hour). */
function hoursNewestFirst(range: HourRange): string[] {
  const hours: string[] = []
  for (let hour = range.to; hour >= range.from; hour = addHours(hour, -1)) hours.push(hour)
  return hours
}

function daysOf(range: { from: string; to: string }): string[] {
  const days: string[] = []
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day)
  return days
}

/** The days a range covers when it starts at a day's first hour and ends at a day's last. */
function wholeDays(range: HourRange): { from: string; to: string } | undefined {
  return range.from.endsWith('T00') && range.to.endsWith('T23') ? { from: range.from.slice(0, 10), to: range.to.slice(0, 10) } : undefined
}

/**
 * Fills `term_posts` for the posts stored before it existed. Their terms were not kept, so each
 * term counted in `term_buckets` is looked up in the full-text index, as posts mentioning a term
 * were found before: a post whose longer word contains the term (大桥 in 青溪大桥) is listed too.
 */
export function fillTermPosts(db: Database.Database): void {
  const terms = db.prepare('SELECT DISTINCT term FROM term_buckets').pluck().all() as string[]
  const mentioning = db.prepare<[string], { rowid: number; hour: string }>(`
    SELECT rowid, hour FROM posts WHERE rowid IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)
      AND duplicate_of IS NULL ORDER BY rowid`)
  const insert = db.prepare('INSERT INTO term_posts (term, hour, posts) VALUES (?, ?, ?)')
  for (const term of terms) {
    const match = matchExpression([term])
    if (!match) continue
    const byHour = new Map<string, number[]>()
    for (const { rowid, hour } of mentioning.iterate(match)) {
      const list = byHour.get(hour)
      if (list) list.push(rowid)
      else byHour.set(hour, [rowid])
    }
    for (const [hour, rowids] of byHour) insert.run(term, hour, rowids.join(' '))
  }
}
