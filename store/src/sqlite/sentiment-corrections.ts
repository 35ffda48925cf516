import type Database from 'better-sqlite3'
import type { AnalyzedPost, SentimentLabel } from '@yuqing/core'
import { followOriginal, relabel, relabels, type Relabel } from '../relabel.ts'
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
  // A database whose term_posts were first filled from the word index (migration 4) may list an
  // older post under a shorter word inside its own (大桥 in 青溪大桥), whose count never counted it:
  // its relabel moves that word's negative count by one, and relabelling it back moves it back.
  const bumpTermHour = db.prepare('UPDATE term_buckets SET negative_count = negative_count + ? WHERE hour = ? AND term = ?')
  const bumpTermDay = db.prepare('UPDATE term_days SET negative_count = negative_count + ? WHERE day = ? AND term = ?')
  const bumpHour = db.prepare('UPDATE post_buckets SET negatives = negatives + ? WHERE day = ? AND hour = ?')
  const markHits = db.prepare('UPDATE rule_hits SET negative = ? WHERE post_id = ?')
  const write = db.prepare('UPDATE posts SET sentiment_label = ?, sentiment_corrected = ? WHERE rowid = ?')
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
  /** Stores a post's label, and flags its rule hits by it. */
  const store = (rowid: number, id: string, { label, corrected }: Relabel) => {
    markHits.run(label === 'negative' ? 1 : 0, id)
    write.run(label, corrected && JSON.stringify(corrected), rowid)
  }

  return {
    correct: db.transaction((id: string, label: SentimentLabel, by: string, at: Date): Relabelled | undefined => {
      const row = post.get(id)
      if (!row) return undefined
      const from = row.sentiment_label
      const now: Relabel = { label: from, corrected: correctionOf(row.sentiment_corrected) ?? null }
      let relabelled = storedPostOf(row)
      const copy = row.duplicate_of !== null
      // The label it has already: the post stays as it is (who set it, and when), its wave is checked;
      // unless it is a copy without a label of its own, which the person now makes theirs.
      if (relabels(now, label, copy)) {
        Object.assign(now, relabel(now, label, by, at.toISOString(), copy))
        const delta = Number(label === 'negative') - Number(from === 'negative')
        if (row.duplicate_of === null && delta !== 0) {
          for (const term of termsOf(row.rowid, row.hour)) {
            bumpTermHour.run(delta, row.hour, term)
            bumpTermDay.run(delta, row.day, term)
          }
          bumpHour.run(delta, row.day, row.hour)
        }
        store(row.rowid, id, now)
        relabelled = storedPostOf({ ...row, sentiment_label: label, sentiment_corrected: now.corrected && JSON.stringify(now.corrected) })
      }
      let wave = 0
      if (row.duplicate_of === null) {
        for (const copy of waveOf.all(id)) {
          const next = followOriginal({ label: copy.sentiment_label, corrected: correctionOf(copy.sentiment_corrected) }, now, id)
          if (!next) continue
          store(copy.rowid, copy.id, next)
          wave++
        }
      }
      return { post: relabelled, from, wave }
    }),

    /** The label a near-duplicate is stored with: its original's when a person relabelled that (see followOriginal), else the analyzer's. */
    labelOfCopy(post: AnalyzedPost, original: string): Relabel {
      const own: Relabel = { label: post.sentiment.label, corrected: null }
      const row = labelOf.get(original)
      if (!row?.sentiment_corrected) return own
      return followOriginal(own, { label: row.sentiment_label, corrected: correctionOf(row.sentiment_corrected) }, original) ?? own
    },
  }
}
