import type Database from 'better-sqlite3'
import { healthAfter, type CrawlRun, type SourceHealth, type SourceHealthStore } from '../source-health.ts'

interface Row {
  source: string
  last: string
  last_good_at: string | null
  bad_runs: number
}

const healthOf = (row: Row): SourceHealth => ({ source: row.source, last: JSON.parse(row.last) as CrawlRun, lastGoodAt: row.last_good_at, badRuns: row.bad_runs })

export function sqliteSourceHealth(db: Database.Database): SourceHealthStore {
  const read = db.prepare<[string], Row>('SELECT * FROM source_health WHERE source = ?')
  const write = db.prepare('INSERT OR REPLACE INTO source_health (source, last, last_good_at, bad_runs) VALUES (?, ?, ?, ?)')
  const all = db.prepare<[], Row>('SELECT * FROM source_health ORDER BY source')
  // Read and write in one transaction: two processes crawling one source count its runs alike.
  const record = db.transaction((run: CrawlRun): SourceHealth => {
    const before = read.get(run.source)
    const after = healthAfter(before && healthOf(before), run)
    write.run(after.source, JSON.stringify(after.last), after.lastGoodAt, after.badRuns)
    return after
  })
  return {
    async record(run) {
      return record.immediate(run)
    },
    async list() {
      return all.all().map(healthOf)
    },
  }
}
