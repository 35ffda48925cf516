import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { addDays, CriticalError, type AnalyzedPost, type HourRange, type PostFact, type TermCount } from '@yuqing/core'
import { EMPTY_HASH, FOLD_WINDOW_DAYS, NEAR_DUPLICATE_BITS } from '../near-duplicates.ts'
import { BandIndex } from './band-index.ts'
import { indexText, matchExpression, snippetOf } from '../search-text.ts'
import type { PostPage, PostQuery, SaveResult, Store } from '../store.ts'
import { ruleHitQueries, storedPostOf, type PostRow } from './rule-hits.ts'
import { migrations } from './schema.ts'
import { sqliteAccounts, sqliteAuditLog } from './sqlite-accounts.ts'
import { sqliteAlertStore } from './sqlite-alert-store.ts'
import { sqliteTasks } from './sqlite-tasks.ts'

export interface SqliteStoreOptions {
  /** Database file; `:memory:` for a throw-away store. */
  file: string
  /** Segmentation of search queries: the analyzer's, so queries and posts split alike. */
  tokenize: (text: string) => string[]
}


/** The embedded default: one SQLite file (WAL), FTS5 over segmented text, hourly term counts. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.file)
  migrate(db)

  const insertPost = db.prepare(`
    INSERT INTO posts (id, source, url, title, text, author, published_at, fetched_at, day, hour,
                       sentiment_score, sentiment_label, keywords, simhash, duplicate_of)
    VALUES (@id, @source, @url, @title, @text, @author, @publishedAt, @fetchedAt, @day, @hour,
            @score, @label, @keywords, @simhash, @duplicateOf)
    ON CONFLICT (id) DO NOTHING`)
  const insertWords = db.prepare('INSERT INTO posts_fts (rowid, words) VALUES (?, ?)')
  const countRepost = db.prepare('UPDATE posts SET reposts = reposts + 1 WHERE id = ?')
  const bumpTerm = db.prepare(`
    INSERT INTO term_buckets (hour, term, count, negative_count, folded) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (hour, term) DO UPDATE SET count = count + excluded.count,
      negative_count = negative_count + excluded.negative_count, folded = folded + excluded.folded`)

  let bands = loadBandIndex(db)
  const ruleHits = ruleHitQueries(db)

  // One transaction per batch: posts, their index words and term counts land together or not
  // at all. Term counts are summed over the batch first: one upsert per (hour, term), not per post.
  const saveBatch = db.transaction((posts: readonly AnalyzedPost[]): SaveResult => {
    let stored = 0
    let folded = 0
    const saved: SaveResult['saved'] = []
    const buckets = new Map<string, { hour: string; term: string; count: number; negative: number; folded: number }>()
    for (const post of posts) {
      const duplicateOf = post.simhash === EMPTY_HASH ? undefined : bands.find(post.simhash, post.day, NEAR_DUPLICATE_BITS)
      const result = insertPost.run({
        id: post.id,
        source: post.source,
        url: post.url ?? null,
        title: post.title ?? null,
        text: post.text,
        author: post.author ?? null,
        publishedAt: post.publishedAt ?? null,
        fetchedAt: post.fetchedAt,
        day: post.day,
        hour: post.hour,
        score: post.sentiment.score,
        label: post.sentiment.label,
        keywords: JSON.stringify(post.keywords.map((k) => k.term)),
        simhash: post.simhash,
        duplicateOf: duplicateOf ?? null,
      })
      if (result.changes === 0) continue
      stored++
      saved.push({ id: post.id, duplicateOf: duplicateOf ?? null })
      insertWords.run(result.lastInsertRowid, indexText(post.tokens))
      ruleHits.save(post, duplicateOf)
      if (duplicateOf) {
        folded++
        countRepost.run(duplicateOf)
      } else if (post.simhash !== EMPTY_HASH) {
        bands.add({ id: post.id, simhash: post.simhash, day: post.day })
      }
      // A near-duplicate counts toward a term's repost signal, not its post count.
      const negative = post.sentiment.label === 'negative' && !duplicateOf ? 1 : 0
      for (const term of post.terms) {
        const key = `${post.hour}\u0000${term}`
        let bucket = buckets.get(key)
        if (!bucket) {
          bucket = { hour: post.hour, term, count: 0, negative: 0, folded: 0 }
          buckets.set(key, bucket)
        }
        if (duplicateOf) bucket.folded++
        else bucket.count++
        bucket.negative += negative
      }
    }
    for (const b of buckets.values()) bumpTerm.run(b.hour, b.term, b.count, b.negative, b.folded)
    return { stored, folded, duplicates: posts.length - stored, saved }
  })

  const termCountsOfDay = db.prepare<[string, string, number], TermCount>(`
    SELECT term, SUM(count) AS count, SUM(negative_count) AS negativeCount
    FROM term_buckets WHERE hour >= ? AND hour <= ?
    GROUP BY term HAVING SUM(count) > 0 ORDER BY count DESC, term LIMIT ?`)
  const termInRange = db.prepare<[string, string, string], { count: number }>(
    'SELECT SUM(count) AS count FROM term_buckets WHERE term = ? AND hour >= ? AND hour <= ?',
  )
  // The day bounds let the (day, hour) index serve an hour range.
  const postsInRange = db.prepare<[string, string, string, string], { n: number }>(
    'SELECT COUNT(*) AS n FROM posts WHERE day >= ? AND day <= ? AND hour >= ? AND hour <= ? AND duplicate_of IS NULL',
  )
  const daysWithPosts = db.prepare<[], { day: string; posts: number }>(
    'SELECT day, COUNT(*) AS posts FROM posts GROUP BY day ORDER BY day DESC',
  )

  return {
    async savePosts(posts) {
      try {
        return saveBatch(posts)
      } catch (error) {
        // The batch rolled back, but its originals went into the band index: read it again.
        bands = loadBandIndex(db)
        throw error
      }
    },

    async knownPostIds(ids) {
      const known = new Set<string>()
      // Chunks stay under SQLite's bound-parameter limit.
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500)
        const rows = db
          .prepare(`SELECT id FROM posts WHERE id IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as { id: string }[]
        for (const row of rows) known.add(row.id)
      }
      return known
    },

    async termCounts(day, limit) {
      return termCountsOfDay.all(`${day}T00`, `${day}T23`, limit)
    },

    async termCountsIn(range, limit) {
      return termCountsOfDay.all(range.from, range.to, limit)
    },

    async termTotals(terms, ranges) {
      const total = (term: string) => ranges.reduce((sum, r) => sum + (termInRange.get(term, r.from, r.to)?.count ?? 0), 0)
      return new Map(terms.map((term) => [term, total(term)]))
    },

    async postCount(range) {
      return postsInRange.get(range.from.slice(0, 10), range.to.slice(0, 10), range.from, range.to)?.n ?? 0
    },

    async postsMentioning(terms, range, limit) {
      return postsMentioning(db, terms, range, limit)
    },

    async searchPosts(query) {
      return searchPosts(db, query, options.tokenize)
    },

    async days() {
      return daysWithPosts.all()
    },

    async ruleHitCounts(query, groupBy) {
      return ruleHits.counts(query, groupBy)
    },

    async ruleHitPostIds(query, limit, source) {
      return ruleHits.postIds(query, limit, source)
    },

    async postsWithHits(ids, ruleId) {
      return ruleHits.postsWithHits(ids, ruleId)
    },

    async postsIn(range, after, limit) {
      return { posts: ruleHits.postsIn(range, after, limit) }
    },

    alerts: sqliteAlertStore(db),
    accounts: sqliteAccounts(db),
    tasks: sqliteTasks(db),
    audit: sqliteAuditLog(db),

    async close() {
      db.close()
    },
  }
}

function openDatabase(file: string): Database.Database {
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    // NORMAL with WAL: a committed batch survives a process crash; only a power cut may lose the last one.
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
    return db
  } catch (error) {
    throw new CriticalError(`cannot open the database (is the folder writable?)`, { where: file, cause: error })
  }
}

/** The band index of the originals of the last 30 days before the newest stored day. */
function loadBandIndex(db: Database.Database): BandIndex {
  const index = new BandIndex(FOLD_WINDOW_DAYS)
  const newest = (db.prepare('SELECT MAX(day) AS day FROM posts').get() as { day: string | null }).day
  if (!newest) return index
  const rows = db
    .prepare('SELECT id, simhash, day FROM posts WHERE duplicate_of IS NULL AND simhash != ? AND day >= ? ORDER BY rowid')
    .iterate(EMPTY_HASH, addDays(newest, -FOLD_WINDOW_DAYS)) as IterableIterator<{ id: string; simhash: string; day: string }>
  for (const row of rows) index.add(row)
  return index
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > migrations.length) {
    throw new CriticalError(`database schema version ${version} is newer than this yuqing (${migrations.length})`, {
      where: db.name,
    })
  }
  db.transaction(() => {
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v] as string)
    db.pragma(`user_version = ${migrations.length}`)
  })()
}

function postsMentioning(db: Database.Database, terms: readonly string[], range: HourRange, limit: number): Map<string, PostFact[]> {
  const query = db.prepare<[string, string, string, number], { id: string; sentiment_label: string; published_at: string | null }>(`
    SELECT p.id, p.sentiment_label, p.published_at FROM posts p
    WHERE p.rowid IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)
      AND p.hour >= ? AND p.hour <= ? AND p.duplicate_of IS NULL
    ORDER BY p.hour DESC, p.published_at DESC, p.id LIMIT ?`)
  const out = new Map<string, PostFact[]>()
  for (const term of terms) {
    const match = matchExpression([term])
    const rows = match ? query.all(match, range.from, range.to, limit) : []
    out.set(
      term,
      rows.map((r) => ({ id: r.id, negative: r.sentiment_label === 'negative', publishedAt: r.published_at })),
    )
  }
  return out
}

function searchPosts(db: Database.Database, query: PostQuery, tokenize: (text: string) => string[]): PostPage {
  const words = [...(query.q ? tokenize(query.q) : []), ...(query.term ? [query.term] : [])]
  const match = matchExpression(words)
  if (words.length > 0 && !match) return { total: 0, items: [] }
  const where: string[] = []
  const params: unknown[] = []
  if (match) {
    where.push('p.rowid IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)')
    params.push(match)
  }
  if (query.day) {
    where.push('p.day = ?')
    params.push(query.day)
  }
  if (query.source) {
    where.push('p.source = ?')
    params.push(query.source)
  }
  if (query.foldDuplicates) where.push('p.duplicate_of IS NULL')
  if (query.sentiment) {
    where.push('p.sentiment_label = ?')
    params.push(query.sentiment)
  }
  if (query.rule) {
    where.push('p.id IN (SELECT post_id FROM rule_hits WHERE rule_id = ?)')
    params.push(query.rule)
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM posts p ${filter}`).get(...params) as { n: number }).n
  const rows = db
    .prepare(`SELECT p.* FROM posts p ${filter} ORDER BY p.hour DESC, p.published_at DESC, p.id LIMIT ? OFFSET ?`)
    .all(...params, query.limit ?? 20, query.offset ?? 0) as PostRow[]
  const highlight = words.filter((w) => /[\p{L}\p{N}]/u.test(w))
  return {
    total,
    items: rows.map((row) => storedPostOf(row, snippetOf(row.text, highlight, row.title))),
  }
}
