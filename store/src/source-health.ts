/**
 * How each source's crawls went, kept by the store so that every process sees it: the crawl role
 * writes it, the API (another process when scaled out) shows it. A crawler that fails quietly is
 * a monitor that misses posts without anyone knowing.
 */

/** One crawl of one source, as the crawl role ran it. */
export interface CrawlRun {
  source: string
  startedAt: string
  finishedAt: string
  /**
   * ok: posts were found and nothing failed; partial: some pages failed; empty: list pages were
   * read but no post was found (a selector that no longer matches, or a page that changed); failed:
   * no list page could be read, or the crawl stopped with an error.
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
}

export const CRAWL_STATUSES = ['ok', 'partial', 'empty', 'failed'] as const
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
  const good = run.status === 'ok' || run.status === 'partial'
  return {
    source: run.source,
    last: run,
    lastGoodAt: good ? run.finishedAt : (before?.lastGoodAt ?? null),
    badRuns: good ? 0 : (before?.badRuns ?? 0) + 1,
  }
}
