import type Database from 'better-sqlite3'
import type { AnalyzedPost, HourRange, PostFact, TermCount } from '@yuqing/core'
import { matchExpression } from '../search-text.ts'

/**
 * What hot words, trends, the day list and topics read, kept up to date as posts are saved so that
 * no read scans posts (a day holds tens of thousands):
 *
 * - `term_buckets`: posts mentioning a term per local hour (hour ranges: rules, 24-hour trends);
 * - `term_days`: the same per local day (the board, day trends, sparklines);
 * - `post_buckets`: posts and originals per hour (volumes and the day list);
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
    INSERT INTO post_buckets (day, hour, posts, originals) VALUES (?, ?, ?, ?)
    ON CONFLICT (day, hour) DO UPDATE SET posts = posts + excluded.posts, originals = originals + excluded.originals`)
  const appendPosts = db.prepare(`
    INSERT INTO term_posts (term, hour, posts) VALUES (?, ?, ?)
    ON CONFLICT (term, hour) DO UPDATE SET posts = posts || ' ' || excluded.posts`)

  const countsOfHours = db.prepare<[string, string, number], TermCount>(`
    SELECT term, SUM(count) AS count, SUM(negative_count) AS negativeCount
    FROM term_buckets WHERE hour >= ? AND hour <= ?
    GROUP BY term HAVING SUM(count) > 0 ORDER BY count DESC, term LIMIT ?`)
  const countsOfDays = db.prepare<[string, string, number], TermCount>(`
    SELECT term, SUM(count) AS count, SUM(negative_count) AS negativeCount
    FROM term_days WHERE day >= ? AND day <= ?
    GROUP BY term HAVING SUM(count) > 0 ORDER BY count DESC, term LIMIT ?`)
  // One statement per range for all the terms: the term-first indexes serve each term with a seek.
  const totalsOfHours = db.prepare<[string, string, string], { term: string; count: number }>(`
    SELECT t.value AS term, SUM(b.count) AS count FROM json_each(?) AS t
    JOIN term_buckets AS b ON b.term = t.value AND b.hour >= ? AND b.hour <= ? GROUP BY t.value`)
  const totalsOfDays = db.prepare<[string, string, string], { term: string; count: number }>(`
    SELECT t.value AS term, SUM(d.count) AS count FROM json_each(?) AS t
    JOIN term_days AS d ON d.term = t.value AND d.day >= ? AND d.day <= ? GROUP BY t.value`)
  // The day bounds let the primary key serve an hour range.
  const originalsIn = db.prepare<[string, string, string, string], { n: number | null }>(
    'SELECT SUM(originals) AS n FROM post_buckets WHERE day >= ? AND day <= ? AND hour >= ? AND hour <= ?',
  )
  const daysWithPosts = db.prepare<[], { day: string; posts: number }>(
    'SELECT day, SUM(posts) AS posts FROM post_buckets GROUP BY day HAVING SUM(posts) > 0 ORDER BY day DESC',
  )
  const hoursOfTerm = db.prepare<[string, string, string], { posts: string }>(
    'SELECT posts FROM term_posts WHERE term = ? AND hour >= ? AND hour <= ? ORDER BY hour DESC',
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
      const terms = new Map<string, { hour: string; term: string; count: number; negative: number; folded: number; posts: number[] }>()
      const hours = new Map<string, { day: string; hour: string; posts: number; originals: number }>()
      return {
        add(post: AnalyzedPost, rowid: number, duplicate: boolean): void {
          const hourKey = `${post.day}\u0000${post.hour}`
          const hour = hours.get(hourKey) ?? { day: post.day, hour: post.hour, posts: 0, originals: 0 }
          hours.set(hourKey, hour)
          hour.posts++
          if (!duplicate) hour.originals++
          const negative = post.sentiment.label === 'negative' && !duplicate ? 1 : 0
          for (const term of post.terms) {
            const key = `${post.hour}\u0000${term}`
            let bucket = terms.get(key)
            if (!bucket) {
              bucket = { hour: post.hour, term, count: 0, negative: 0, folded: 0, posts: [] }
              terms.set(key, bucket)
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
          for (const b of terms.values()) {
            bumpTerm.run(b.hour, b.term, b.count, b.negative, b.folded)
            if (b.posts.length > 0) appendPosts.run(b.term, b.hour, b.posts.join(' '))
            if (b.count === 0) continue
            const day = b.hour.slice(0, 10)
            const key = `${day}\u0000${b.term}`
            const sum = days.get(key) ?? { day, term: b.term, count: 0, negative: 0 }
            days.set(key, sum)
            sum.count += b.count
            sum.negative += b.negative
          }
          for (const d of days.values()) bumpTermDay.run(d.day, d.term, d.count, d.negative)
          for (const h of hours.values()) bumpPosts.run(h.day, h.hour, h.posts, h.originals)
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
        const rows = days ? totalsOfDays.all(list, days.from, days.to) : totalsOfHours.all(list, range.from, range.to)
        for (const row of rows) totals.set(row.term, (totals.get(row.term) ?? 0) + row.count)
      }
      return totals
    },

    postCount(range: HourRange): number {
      return originalsIn.get(range.from.slice(0, 10), range.to.slice(0, 10), range.from, range.to)?.n ?? 0
    },

    days(): { day: string; posts: number }[] {
      return daysWithPosts.all()
    },

    /** Newest first: an hour at a time, so only the posts of the hours shown are read. */
    mentioning(terms: readonly string[], range: HourRange, limit: number): Map<string, PostFact[]> {
      const out = new Map<string, PostFact[]>()
      for (const term of terms) {
        const found: PostFact[] = []
        for (const { posts } of limit > 0 ? hoursOfTerm.all(term, range.from, range.to) : []) {
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
