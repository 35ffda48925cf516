import { messageOf, type Logger } from '@yuqing/core'
import { crawlSource, type CrawlOptions, type CrawlReport, type Source } from '@yuqing/crawler'
import type { CrawlRun, Store } from '@yuqing/store'

/**
 * A crawl as the store keeps it (see CrawlRun for what each status means), from its report or the
 * error that stopped it.
 */
export function crawlRunOf(source: Pick<Source, 'id' | 'name'>, startedAt: Date, finishedAt: Date, intervalMs: number, outcome: CrawlReport | Error): CrawlRun {
  const times = { source: source.id, name: source.name, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString() }
  if (outcome instanceof Error) {
    return { ...times, status: 'failed', listPages: 0, postPages: 0, queued: 0, known: 0, failures: 0, skipped: 0, problem: messageOf(outcome), intervalMs }
  }
  const { listPages, postPages, queued, known, failures, skipped } = outcome
  const first = failures[0] ?? (listPages === 0 ? skipped[0] : undefined)
  const status = listPages === 0 ? 'failed' : queued + known === 0 ? 'empty' : failures.length > 0 ? 'partial' : 'ok'
  return {
    ...times,
    status,
    listPages,
    postPages,
    queued,
    known,
    failures: failures.length,
    skipped: skipped.length,
    problem: first ? `${first.url}: ${first.reason}` : status === 'empty' ? 'list pages read, but no post link found: do the list selectors still match?' : null,
    intervalMs,
  }
}

/**
 * Crawls a source, logs how it went and records it in the store's source health with how often it
 * is crawled (both crawl paths: `yuqing start`'s scheduler and the crawl role's jobs). A crawl that
 * throws is recorded as failed and thrown on; a health write that fails is logged, and the crawl's
 * posts are queued all the same.
 */
export async function crawlRecorded(source: Source, store: Pick<Store, 'sources'>, intervalMs: number, options: CrawlOptions): Promise<CrawlReport> {
  const { logger } = options
  const startedAt = new Date()
  // A crawl that failed pages, or never finished, may have missed posts on pages past the first:
  // this one reads every list page, not only up to the first page of posts stored already.
  const previous = await store.sources.list().then(
    (all) => all.find((h) => h.source === source.id)?.last,
    (error: unknown) => {
      logger.error('source health not read', { source: source.id, reason: messageOf(error) })
      return undefined
    },
  )
  const deep = previous !== undefined && previous.status !== 'ok'
  if (deep) logger.info('reading every list page: the last crawl did not end well', { source: source.id, last: previous.status })
  await store.sources.record(runningMark(source, startedAt, intervalMs)).catch((error: unknown) => {
    logger.error('source health not recorded', { source: source.id, reason: messageOf(error) })
  })
  let outcome: CrawlReport | Error
  try {
    outcome = await crawlSource(source, deep ? { ...options, stopAtKnownPage: false } : options)
  } catch (error) {
    outcome = error instanceof Error ? error : new Error(messageOf(error))
  }
  const run = crawlRunOf(source, startedAt, new Date(), intervalMs, outcome)
  const health = await store.sources.record(run).catch((error: unknown) => {
    logger.error('source health not recorded', { source: source.id, reason: messageOf(error) })
    return undefined
  })
  logRun(logger, run, health?.badRuns ?? 0)
  if (outcome instanceof Error) throw outcome
  return outcome
}

/** What the store holds of a crawl while it runs: if it is still there at the next crawl, this one never finished. */
function runningMark(source: Pick<Source, 'id' | 'name'>, startedAt: Date, intervalMs: number): CrawlRun {
  const at = startedAt.toISOString()
  return { source: source.id, name: source.name, startedAt: at, finishedAt: at, status: 'running', listPages: 0, postPages: 0, queued: 0, known: 0, failures: 0, skipped: 0, problem: null, intervalMs }
}

function logRun(logger: Logger, run: CrawlRun, badRuns: number): void {
  const fields = { source: run.source, status: run.status, listPages: run.listPages, newPosts: run.queued, known: run.known, skipped: run.skipped, failures: run.failures }
  if (run.status === 'ok') logger.info('crawled', fields)
  else logger.warn('crawled with problems', { ...fields, problem: run.problem, badRunsInARow: badRuns })
}
