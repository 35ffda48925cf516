/**
 * How each source's crawls went, kept by the store so that every process sees it: the crawl role
 * writes it, the API (another process when scaled out) shows it. A crawler that fails quietly is
 * a monitor that misses posts without anyone knowing.
 */

/** One crawl of one source, as the crawl role ran it. */
export interface CrawlRun {
  source: string
  /** The source's name, as its definition gives it (from this version on). */
  name?: string
  startedAt: string
  finishedAt: string
  /**
   * ok: posts were found and nothing failed; partial: some pages failed; empty: list pages were
   * read but no post was found (a selector that no longer matches, or a page that changed); failed:
   * no list page could be read, or the crawl stopped with an error; running: recorded as it
   * starts, so a crawl that never finished (the process died) is known by the next one.
   */
  status: CrawlStatus
  listPages: number
  postPages: number
  /** New posts put on the queue. */
  queued: number
  /** Posts found that were stored already. */
  known: number
  failures: number
  /** Pages not fetched on purpose (robots.txt). */
  skipped: number
  /** What went wrong first (`url: reason`), or null. */
  problem: string | null
  /** How often the source is crawled: the next crawl is due this long after this one started. */
  intervalMs: number
}

export const CRAWL_STATUSES = ['ok', 'partial', 'empty', 'failed', 'running'] as const
export type CrawlStatus = (typeof CRAWL_STATUSES)[number]

/** A source's latest run, and how long it has been going wrong. */
export interface SourceHealth {
  source: string
  last: CrawlRun
  /** When a run that found posts (ok or partial) last ended; null if none has. */
  lastGoodAt: string | null
  /** Runs in a row, up to the last, that failed or found nothing. */
  badRuns: number
}

export interface SourceHealthStore {
  /** Records a run (the latest of its source) and gives the source's health after it. */
  record(run: CrawlRun): Promise<SourceHealth>
  /** Every source that has run, by id. */
  list(): Promise<SourceHealth[]>
}

/** The health after `run`, from the health before it (undefined for a source's first run). */
export function healthAfter(before: SourceHealth | undefined, run: CrawlRun): SourceHealth {
  // A crawl starting tells nothing yet of how it goes.
  if (run.status === 'running') return { source: run.source, last: run, lastGoodAt: before?.lastGoodAt ?? null, badRuns: before?.badRuns ?? 0 }
  const good = run.status === 'ok' || run.status === 'partial'
  return {
    source: run.source,
    last: run,
    lastGoodAt: good ? run.finishedAt : (before?.lastGoodAt ?? null),
    badRuns: good ? 0 : (before?.badRuns ?? 0) + 1,
  }
}

/** Missed crawls before a source counts as stalled: its crawler stopped, or cannot keep up. */
const STALLED_AFTER_INTERVALS = 2
/** Slack for the scheduler's tick and a slow crawl. */
const STALLED_SLACK_MS = 5 * 60_000

/**
 * When a source's next crawl is overdue (two intervals after the last one started, and five
 * minutes), the time it became so; undefined while it is not. A crawler that stopped records
 * nothing, so no bad crawl would tell of it.
 */
export function stalledSince(health: SourceHealth, now: Date): Date | undefined {
  const due = Date.parse(health.last.startedAt) + STALLED_AFTER_INTERVALS * health.last.intervalMs + STALLED_SLACK_MS
  return now.getTime() > due ? new Date(due) : undefined
}

/** A source's health as shown at `now`: with when its next crawl became overdue (null while it is not). */
export function withStall(health: SourceHealth, now: Date): SourceHealth & { stalledSince: string | null } {
  return { ...health, stalledSince: stalledSince(health, now)?.toISOString() ?? null }
}

/** Is a source going wrong at `now`: its latest crawl failed or found nothing, or it stalled? */
export function goingWrong(health: SourceHealth, now: Date): boolean {
  return health.badRuns > 0 || stalledSince(health, now) !== undefined
}
