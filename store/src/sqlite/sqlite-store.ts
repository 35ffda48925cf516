import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { addDays, CriticalError, messageOf, RetryableError, type AnalyzedPost } from '@yuqing/core'
import { EMPTY_HASH, FOLD_WINDOW_DAYS, NEAR_DUPLICATE_BITS } from '../near-duplicates.ts'
import { checkingRanges } from '../checked-ranges.ts'
import { BandIndex } from './band-index.ts'
import { indexText, piecesExpression, searchPieces, snippetOf } from '../search-text.ts'
import type { PostPage, PostQuery, SaveOptions, SaveResult, Store } from '../store.ts'
import { pendingMatchQueries } from './pending-matches.ts'
import { ruleHitQueries, storedPostOf, type PostRow } from './rule-hits.ts'
import { sentimentCorrections } from './sentiment-corrections.ts'
import { migrations } from './schema.ts'
import { sqliteAccounts, sqliteAuditLog } from './sqlite-accounts.ts'
import { sqliteAlertStore } from './sqlite-alert-store.ts'
import { sqliteSourceHealth } from './sqlite-source-health.ts'
import { sqliteTasks } from './sqlite-tasks.ts'
import { termIndex } from './term-index.ts'

export interface SqliteStoreOptions {
  /** Database file; `:memory:` for a throw-away store. */
  file: string
  /** Segmentation of search queries: the analyzer's, so queries and posts split alike. */
  tokenize: (text: string) => string[]
  /** How long a write waits for another process's write to end before it fails as retryable (default 5,000 ms). */
  busyTimeoutMs?: number
}

/** The embedded default: one SQLite file (WAL), FTS5 over segmented text, hourly term counts. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.file, options.busyTimeoutMs ?? 5_000)
  migrate(db)

  const insertPost = db.prepare(`
    INSERT INTO posts (id, source, url, title, text, author, published_at, fetched_at, day, hour,
                       sentiment_score, sentiment_label, sentiment_corrected, official, keywords, simhash, duplicate_of)
    VALUES (@id, @source, @url, @title, @text, @author, @publishedAt, @fetchedAt, @day, @hour,
            @score, @label, @corrected, @official, @keywords, @simhash, @duplicateOf)
    ON CONFLICT (id) DO NOTHING`)
  const insertWords = db.prepare('INSERT INTO posts_fts (rowid, words) VALUES (?, ?)')
  const countRepost = db.prepare('UPDATE posts SET reposts = reposts + 1 WHERE id = ?')
  const terms = termIndex(db)

  let bands = loadBandIndex(db)
  const ruleHits = ruleHitQueries(db)
  const corrections = sentimentCorrections(db)
  const pendingMatches = pendingMatchQueries(db)

  // One transaction per batch: posts, their index words, term counts and "pending match" markers
  // land together or not at all. Term counts are summed over the batch first.
  const saveBatch = db.transaction((posts: readonly AnalyzedPost[], options: SaveOptions): SaveResult => {
    const pending = new Set(options.pendingMatch?.ids)
    const markedAt = options.pendingMatch?.at.toISOString() ?? ''
    let stored = 0
    let folded = 0
    const saved: SaveResult['saved'] = []
    const tallies = terms.batch()
    for (const post of posts) {
      const duplicateOf = post.simhash === EMPTY_HASH ? undefined : bands.find(post.simhash, post.day, NEAR_DUPLICATE_BITS)
      const { label, corrected } = duplicateOf ? corrections.labelOfCopy(post, duplicateOf) : { label: post.sentiment.label, corrected: null }
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
        label,
        corrected: corrected && JSON.stringify(corrected),
        official: post.official ? 1 : 0,
        keywords: JSON.stringify(post.keywords.map((k) => k.term)),
        simhash: post.simhash,
        duplicateOf: duplicateOf ?? null,
      })
      if (result.changes === 0) continue
      stored++
      saved.push({ id: post.id, duplicateOf: duplicateOf ?? null })
      insertWords.run(result.lastInsertRowid, indexText(post.tokens))
      ruleHits.save(post, duplicateOf, label)
      if (pending.has(post.id)) pendingMatches.mark(post.id, markedAt)
      if (duplicateOf) {
        folded++
        countRepost.run(duplicateOf)
      } else if (post.simhash !== EMPTY_HASH) {
        bands.add({ id: post.id, simhash: post.simhash, day: post.day })
      }
      tallies.add(post, Number(result.lastInsertRowid), duplicateOf !== undefined)
    }
    tallies.write()
    return { stored, folded, duplicates: posts.length - stored, saved }
  })

  return checkingRanges({
    async savePosts(posts, options = {}) {
      try {
        // IMMEDIATE: the write lock from the start. A transaction that reads first (a copy's original)
        // and writes after cannot wait for another process's write: SQLite answers "database is locked"
        // at once, where busy_timeout would have let it wait (two analyze workers on one file).
        return saveBatch.immediate(posts, options)
      } catch (error) {
        // The batch rolled back, but its originals went into the band index: read it again.
        bands = loadBandIndex(db)
        throw busyAsRetryable(error, db.name)
      }
    },

    async pendingMatches(markedBy, limit) {
      return pendingMatches.list(markedBy, limit)
    },

    async clearPendingMatches(posts) {
      pendingMatches.clear(posts.map((p) => p.id))
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
      return terms.countsIn({ from: `${day}T00`, to: `${day}T23` }, limit)
    },

    async termCountsIn(range, limit) {
      return terms.countsIn(range, limit)
    },

    async termTotals(list, ranges) {
      return terms.totals(list, ranges)
    },

    async termDays(term, days) {
      return terms.daysOf(term, days)
    },

    async postCount(range) {
      return terms.postCount(range)
    },

    async postsMentioning(list, range, limit) {
      return terms.mentioning(list, range, limit)
    },

    async searchPosts(query) {
      return searchPosts(db, query, options.tokenize)
    },

    async days() {
      return terms.days()
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

    async ruleHitsOf(postId) {
      return ruleHits.hitsOf(postId)
    },

    async correctSentiment(id, label, by, at) {
      return corrections.correct.immediate(id, label, by, at)
    },

    async postsIn(range, after, limit) {
      return { posts: ruleHits.postsIn(range, after, limit) }
    },

    alerts: sqliteAlertStore(db),
    accounts: sqliteAccounts(db),
    tasks: sqliteTasks(db),
    audit: sqliteAuditLog(db),
    sources: sqliteSourceHealth(db),

    async close() {
      db.close()
    },
  })
}

function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    // NORMAL with WAL: a committed batch survives a process crash; only a power cut may lose the last one.
    db.pragma('synchronous = NORMAL')
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
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

/**
 * Another process held the write lock past busy_timeout (a long batch of another writer): passing,
 * and the batch was rolled back whole, so the caller may send it again (a queue retries it).
 */
function busyAsRetryable(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED' && !(typeof code === 'string' && code.startsWith('SQLITE_BUSY_'))) return error
  return new RetryableError(`the database is busy with another writer: ${messageOf(error)}`, { where: file, cause: error })
}

function migrate(db: Database.Database): void {
  const schemaVersion = () => {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > migrations.length) {
      throw new CriticalError(`database schema version ${version} is newer than this yuqing (${migrations.length})`, {
        where: db.name,
      })
    }
    return version
  }
  // Up to date, the usual case: opened without taking the write lock another process may hold.
  if (schemaVersion() === migrations.length) return
  // The version read again under the write lock: processes opening one file at once migrate it once.
  db.transaction(() => {
    for (const migration of migrations.slice(schemaVersion())) {
      if (typeof migration === 'string') db.exec(migration)
      else migration(db)
    }
    db.pragma(`user_version = ${migrations.length}`)
  }).immediate()
}

/** A person's own relabel, not a copy's that followed its original: migration 13 indexes these rows. */
const RELABELLED = "p.sentiment_corrected IS NOT NULL AND json_extract(p.sentiment_corrected, '$.of') IS NULL"

function searchPosts(db: Database.Database, query: PostQuery, tokenize: (text: string) => string[]): PostPage {
  const { asked, pieces, highlight } = searchPieces(query, tokenize)
  if (asked && !pieces) return { total: 0, items: [] }
  const where: string[] = []
  const params: unknown[] = []
  if (pieces) {
    where.push('p.rowid IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)')
    params.push(piecesExpression(pieces))
    // Found by its bigrams: in the text (or title) as written, not only bigram by bigram.
    for (const word of pieces.inside) {
      where.push("(instr(p.text, ?) > 0 OR instr(coalesce(p.title, ''), ?) > 0)")
      params.push(word, word)
    }
  }
  // A range of one day is that day: as an equality the day index serves it, as a range SQLite
  // reads the word's posts of every day instead (a frequent word's list of a day: 115 against
  // 23 ms on 300,000 posts, measured by the bench).
  const sameDay = query.day === undefined && query.from !== undefined && query.from === query.to
  // The relabelled posts are a few: their own index reads them all sooner than the day index
  // reads a month of posts (`+` keeps SQLite off the day index).
  const day = query.corrected ? '+p.day' : 'p.day'
  // Each filter given: its condition and its value.
  const filters: [string | undefined, string][] = [
    [query.day ?? (sameDay ? query.from : undefined), `${day} = ?`],
    [sameDay ? undefined : query.from, `${day} >= ?`],
    [sameDay ? undefined : query.to, `${day} <= ?`],
    [query.source, 'p.source = ?'],
    [query.sentiment, 'p.sentiment_label = ?'],
    [query.rule, 'p.id IN (SELECT post_id FROM rule_hits WHERE rule_id = ?)'],
    [query.duplicateOf, 'p.duplicate_of = ?'],
  ]
  for (const [value, condition] of filters) {
    if (!value) continue
    where.push(condition)
    params.push(value)
  }
  if (query.foldDuplicates) where.push('p.duplicate_of IS NULL')
  if (query.corrected) where.push(RELABELLED)
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM posts p ${filter}`).get(...params) as { n: number }).n
  const rows = db
    .prepare(`SELECT p.* FROM posts p ${filter} ORDER BY p.hour DESC, p.published_at DESC, p.id LIMIT ? OFFSET ?`)
    .all(...params, query.limit ?? 20, query.offset ?? 0) as PostRow[]
  return {
    total,
    items: rows.map((row) => storedPostOf(row, snippetOf(row.text, highlight, row.title))),
  }
}
