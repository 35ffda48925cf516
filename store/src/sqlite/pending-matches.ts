import type Database from 'better-sqlite3'
import type { PendingMatch } from '../store.ts'

/** "Pending match" markers (table of schema migration 6), written inside the batch's transaction. */
export function pendingMatchQueries(db: Database.Database) {
  const insert = db.prepare('INSERT OR IGNORE INTO pending_matches (post_id, marked_at) VALUES (?, ?)')
  const remove = db.prepare('DELETE FROM pending_matches WHERE post_id = ?')
  // The posts first (oldest markers, up to the limit), then their hits, one row each.
  const list = db.prepare<[string, number], { id: string; marked_at: string; day: string; source: string; duplicate_of: string | null; rule_id: string | null; terms: string | null }>(`
    SELECT p.id, p.marked_at, p.day, p.source, p.duplicate_of, h.rule_id, h.terms
    FROM (
      SELECT p.rowid AS seq, p.id, m.marked_at, p.day, p.source, p.duplicate_of
      FROM pending_matches m JOIN posts p ON p.id = m.post_id
      WHERE m.marked_at <= ? ORDER BY m.marked_at, p.rowid LIMIT ?
    ) p
    LEFT JOIN rule_hits h ON h.post_id = p.id
    ORDER BY p.marked_at, p.seq, h.rule_id`)
  const clear = db.transaction((ids: readonly string[]) => {
    for (const id of ids) remove.run(id)
  })

  return {
    /** Inside the batch's transaction, for a post stored now. */
    mark(postId: string, at: string): void {
      insert.run(postId, at)
    },

    list(markedBy: Date, limit: number): PendingMatch[] {
      const byId = new Map<string, PendingMatch>()
      for (const row of list.all(markedBy.toISOString(), limit)) {
        const entry = byId.get(row.id) ?? { id: row.id, day: row.day, source: row.source, duplicateOf: row.duplicate_of, markedAt: row.marked_at, hits: [] }
        if (row.rule_id !== null) entry.hits.push({ ruleId: row.rule_id, terms: JSON.parse(row.terms ?? '[]') as string[] })
        byId.set(row.id, entry)
      }
      return [...byId.values()]
    },

    clear(ids: readonly string[]): void {
      clear(ids)
    },
  }
}
