import type Database from 'better-sqlite3'
import type { AnalyzedPost, HourRange, PostRuleHit, SentimentLabel } from '@yuqing/core'
import type { RuleHitCount, RuleHitPost, RuleHitQuery, SentimentCorrection, StoredPost } from '../store.ts'

/** The columns of a `posts` row, as the store reads them back. */
export interface PostRow {
  rowid?: number
  id: string
  source: string
  url: string | null
  title: string | null
  text: string
  author: string | null
  published_at: string | null
  day: string
  hour: string
  duplicate_of: string | null
  reposts: number
  sentiment_score: number
  sentiment_label: StoredPost['sentiment']['label']
  /** A SentimentCorrection as JSON, or NULL. */
  sentiment_corrected: string | null
  /** 1 for a post from a source of official notices or news. */
  official: number
  keywords: string
}

export function storedPostOf(row: PostRow, found: { snippet: string; matches: string[] } = { snippet: '', matches: [] }): StoredPost {
  return {
    id: row.id,
    source: row.source,
    url: row.url,
    title: row.title,
    text: row.text,
    author: row.author,
    publishedAt: row.published_at,
    day: row.day,
    hour: row.hour,
    sentiment: row.sentiment_corrected
      ? { score: row.sentiment_score, label: row.sentiment_label, corrected: JSON.parse(row.sentiment_corrected) as SentimentCorrection }
      : { score: row.sentiment_score, label: row.sentiment_label },
    official: row.official === 1,
    keywords: JSON.parse(row.keywords) as string[],
    duplicateOf: row.duplicate_of,
    reposts: row.reposts,
    ...found,
  }
}

/** Rule hits: written with their posts, counted per hour range by window rules. */
export function ruleHitQueries(db: Database.Database) {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO rule_hits (rule_id, post_id, hour, source, negative, folded, spans, terms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const folding = (q: RuleHitQuery) => (q.foldDuplicates ? 'AND folded = 0' : '')

  return {
    /** Inside the batch's transaction: the post's hits, if it has any, negative by `label` (the post's as stored). */
    save(post: AnalyzedPost, duplicateOf: string | undefined, label: SentimentLabel): void {
      for (const hit of post.ruleHits ?? []) {
        insert.run(hit.ruleId, post.id, post.hour, post.source, label === 'negative' ? 1 : 0, duplicateOf ? 1 : 0, JSON.stringify(hit.spans), JSON.stringify(hit.terms))
      }
    },

    counts(q: RuleHitQuery, groupBy?: 'source'): RuleHitCount[] {
      const group = groupBy === 'source' ? 'source' : "''"
      return db
        .prepare(`
          SELECT ${group} AS "group", COUNT(*) AS count, SUM(negative) AS negative FROM rule_hits
          WHERE rule_id = ? AND hour >= ? AND hour <= ? ${folding(q)} GROUP BY 1 ORDER BY count DESC, 1`)
        .all(q.ruleId, q.range.from, q.range.to) as RuleHitCount[]
    },

    postIds(q: RuleHitQuery, limit: number, source?: string): string[] {
      const rows = db
        .prepare(`
          SELECT h.post_id FROM rule_hits h JOIN posts p ON p.id = h.post_id
          WHERE h.rule_id = ? AND h.hour >= ? AND h.hour <= ? ${folding(q)} ${source === undefined ? '' : 'AND h.source = ?'}
          ORDER BY h.hour DESC, p.published_at DESC, p.rowid DESC LIMIT ?`)
        .all(q.ruleId, q.range.from, q.range.to, ...(source === undefined ? [] : [source]), limit) as { post_id: string }[]
      return rows.map((r) => r.post_id)
    },

    postsWithHits(ids: readonly string[], ruleId: string): RuleHitPost[] {
      const read = db.prepare<[string, string], PostRow & { spans: string | null; terms: string | null }>(`
        SELECT p.*, h.spans, h.terms FROM posts p LEFT JOIN rule_hits h ON h.post_id = p.id AND h.rule_id = ?
        WHERE p.id = ?`)
      const out: RuleHitPost[] = []
      for (const id of ids) {
        const row = read.get(ruleId, id)
        if (!row) continue
        out.push({
          post: storedPostOf(row),
          spans: row.spans ? (JSON.parse(row.spans) as RuleHitPost['spans']) : [],
          terms: row.terms ? (JSON.parse(row.terms) as string[]) : [],
        })
      }
      return out
    },

    /** Every rule that hit the post, by rule id, with its spans and terms (migration 11's index serves the post id). */
    hitsOf(postId: string): PostRuleHit[] {
      const rows = db.prepare<[string], { rule_id: string; spans: string; terms: string }>('SELECT rule_id, spans, terms FROM rule_hits WHERE post_id = ? ORDER BY rule_id').all(postId)
      return rows.map((r) => ({ ruleId: r.rule_id, spans: JSON.parse(r.spans) as PostRuleHit['spans'], terms: JSON.parse(r.terms) as string[] }))
    },

    postsIn(range: HourRange, after: number, limit: number): (StoredPost & { seq: number })[] {
      const rows = db
        .prepare('SELECT rowid, * FROM posts WHERE day >= ? AND day <= ? AND hour >= ? AND hour <= ? AND rowid > ? ORDER BY rowid LIMIT ?')
        .all(range.from.slice(0, 10), range.to.slice(0, 10), range.from, range.to, after, limit) as (PostRow & { rowid: number })[]
      return rows.map((row) => ({ ...storedPostOf(row), seq: row.rowid }))
    },
  }
}
