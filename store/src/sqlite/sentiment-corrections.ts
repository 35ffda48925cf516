import type Database from 'better-sqlite3'
import type { SentimentLabel } from '@yuqing/core'
import type { Relabelled, SentimentCorrection } from '../store.ts'
import { storedPostOf, type PostRow } from './rule-hits.ts'

/**
 * A person's sentiment label for a post, in one transaction with everything that counted the old
 * one: an original's negative count under each of its terms (per hour and per day) and in its
 * hour's volume, and the `negative` flag of its rule hits (what negative-share rules count). A
 * near-duplicate counts toward none of the volumes, only its rule hits.
 */
export function sentimentCorrections(db: Database.Database) {
  const post = db.prepare<[string], PostRow & { rowid: number }>('SELECT rowid, * FROM posts WHERE id = ?')
  // The original's terms are the `term_posts` rows of its hour that list its rowid (the post keeps no terms of its own).
  const listsOfHour = db.prepare<[string], { term: string; posts: string }>('SELECT term, posts FROM term_posts WHERE hour = ?')
  // Kept within 0…count: a database whose term_posts were first filled from the word index
  // (migration 4) lists an older post under the shorter words inside its own (大桥 in 青溪大桥),
  // which its relabel must not push below none or above all.
  const bumpTermHour = db.prepare('UPDATE term_buckets SET negative_count = MIN(count, MAX(0, negative_count + ?)) WHERE hour = ? AND term = ?')
  const bumpTermDay = db.prepare('UPDATE term_days SET negative_count = MIN(count, MAX(0, negative_count + ?)) WHERE day = ? AND term = ?')
  const bumpHour = db.prepare('UPDATE post_buckets SET negatives = negatives + ? WHERE day = ? AND hour = ?')
  const markHits = db.prepare('UPDATE rule_hits SET negative = ? WHERE post_id = ?')
  const relabel = db.prepare('UPDATE posts SET sentiment_label = ?, sentiment_corrected = ? WHERE rowid = ?')

  const termsOf = (rowid: number, hour: string): Set<string> => {
    const id = String(rowid)
    const terms = new Set<string>()
    for (const { term, posts } of listsOfHour.iterate(hour)) {
      if (posts.split(' ').includes(id)) terms.add(term)
    }
    return terms
  }

  return {
    correct: db.transaction((id: string, label: SentimentLabel, by: string, at: Date): Relabelled | undefined => {
      const row = post.get(id)
      if (!row) return undefined
      const from = row.sentiment_label
      if (label === from) return { post: storedPostOf(row), from }
      const before = row.sentiment_corrected ? (JSON.parse(row.sentiment_corrected) as SentimentCorrection) : undefined
      const was = before?.was ?? row.sentiment_label
      const corrected: SentimentCorrection | null = label === was ? null : { by, at: at.toISOString(), was }
      const delta = Number(label === 'negative') - Number(from === 'negative')
      if (delta !== 0) {
        markHits.run(label === 'negative' ? 1 : 0, id)
        if (row.duplicate_of === null) {
          for (const term of termsOf(row.rowid, row.hour)) {
            bumpTermHour.run(delta, row.hour, term)
            bumpTermDay.run(delta, row.day, term)
          }
          bumpHour.run(delta, row.day, row.hour)
        }
      }
      relabel.run(label, corrected && JSON.stringify(corrected), row.rowid)
      return { post: storedPostOf({ ...row, sentiment_label: label, sentiment_corrected: corrected && JSON.stringify(corrected) }), from }
    }),
  }
}
