import type Database from 'better-sqlite3'
import type { AnalyzedPost, SentimentLabel } from '@yuqing/core'
import { followOriginal } from '../near-duplicates.ts'
import type { Relabelled, SentimentCorrection } from '../store.ts'
import { storedPostOf, type PostRow } from './rule-hits.ts'

const correctionOf = (json: string | null): SentimentCorrection | undefined => (json ? (JSON.parse(json) as SentimentCorrection) : undefined)

/**
 * A person's sentiment label for a post, in one transaction with everything that counted the old
 * one: an original's negative count under each of its terms (per hour and per day) and in its
 * hour's volume, and the `negative` flag of its rule hits (what negative-share rules count). A
 * near-duplicate counts toward none of the volumes, only its rule hits; an original's follow it.
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
  const labelOf = db.prepare<[string], { sentiment_label: SentimentLabel; sentiment_corrected: string | null }>('SELECT sentiment_label, sentiment_corrected FROM posts WHERE id = ?')
  const waveOf = db.prepare<[string], { rowid: number; id: string; sentiment_label: SentimentLabel; sentiment_corrected: string | null }>(
    'SELECT rowid, id, sentiment_label, sentiment_corrected FROM posts WHERE duplicate_of = ?',
  )

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
      let relabelled = storedPostOf(row)
      // The label it has already: the post stays as it is (who set it, and when), its wave is checked.
      if (label !== from) {
        const was = correctionOf(row.sentiment_corrected)?.was ?? from
        const corrected: SentimentCorrection | null = label === was ? null : { by, at: at.toISOString(), was }
        const delta = Number(label === 'negative') - Number(from === 'negative')
        markHits.run(label === 'negative' ? 1 : 0, id)
        if (row.duplicate_of === null && delta !== 0) {
          for (const term of termsOf(row.rowid, row.hour)) {
            bumpTermHour.run(delta, row.hour, term)
            bumpTermDay.run(delta, row.day, term)
          }
          bumpHour.run(delta, row.day, row.hour)
        }
        relabel.run(label, corrected && JSON.stringify(corrected), row.rowid)
        relabelled = storedPostOf({ ...row, sentiment_label: label, sentiment_corrected: corrected && JSON.stringify(corrected) })
      }
      let wave = 0
      if (row.duplicate_of === null) {
        for (const copy of waveOf.all(id)) {
          const follows = followOriginal({ label: copy.sentiment_label, corrected: correctionOf(copy.sentiment_corrected) }, { label, by, at: at.toISOString() }, id)
          if (!follows) continue
          markHits.run(follows.label === 'negative' ? 1 : 0, copy.id)
          relabel.run(follows.label, follows.corrected && JSON.stringify(follows.corrected), copy.rowid)
          wave++
        }
      }
      return { post: relabelled, from, wave }
    }),
    /**
     * The label a near-duplicate is stored with: its original's when a person relabelled that
     * (see followOriginal), else the analyzer's.
     */
    labelOfCopy(post: AnalyzedPost, original: string): { label: SentimentLabel; corrected: SentimentCorrection | null } {
      const own = { label: post.sentiment.label, corrected: null }
      const row = labelOf.get(original)
      const relabel = row && correctionOf(row.sentiment_corrected)
      if (!row || !relabel) return own
      return followOriginal({ label: post.sentiment.label }, { label: row.sentiment_label, by: relabel.by, at: relabel.at }, original) ?? own
    },
  }
}
