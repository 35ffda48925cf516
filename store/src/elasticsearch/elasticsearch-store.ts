import { Client } from '@elastic/elasticsearch'
import { CriticalError, InputError, messageOf } from '@yuqing/core'
import { checkingRanges } from '../checked-ranges.ts'
import type { Store } from '../store.ts'
import { DEFAULT_BULK, type BulkOptions, type Refresh } from './bulk.ts'
import type { EsContext } from './context.ts'
import { esAccounts, esAuditLog } from './es-accounts.ts'
import { esSourceHealth } from './es-source-health.ts'
import { esAlertStore } from './es-alert-store.ts'
import { request, statusOf, storeError } from './es-errors.ts'
import { esTasks } from './es-tasks.ts'
import { indexNames } from './index-names.ts'
import { ADDED_POST_FIELDS, fixedIndices, indexTemplates } from './mappings.ts'
import { loadBandIndex } from './near-duplicates.ts'
import { pendingMatchReads } from './pending-matches.ts'
import { sequence } from './post-document.ts'
import { postReads } from './post-reads.ts'
import { postRetention } from './retention.ts'
import { ruleHitReads } from './rule-hit-reads.ts'
import { postWriter } from './save-posts.ts'
import { sentimentCorrections } from './sentiment-corrections.ts'
import { termCounts } from './term-counts.ts'

export interface ElasticsearchStoreOptions {
  /** The cluster's address (`ELASTICSEARCH_URL`), credentials in the URL if any. Or give `client`. */
  node?: string | undefined
  /** A client made by the caller (TLS, API key, or a test's mock connection); the caller closes it. */
  client?: Client | undefined
  /** Start of every index and template name; one prefix per deployment. Default `yuqing`. */
  indexPrefix?: string | undefined
  /** Segmentation of search queries: the analyzer's, so queries and posts split alike. */
  tokenize: (text: string) => string[]
  /**
   * Keep posts this many days, a month at a time (see retention.ts); unset, posts are kept.
   * Checked at open and once a day while posts are saved.
   */
  retentionDays?: number | undefined
  /**
   * When post writes become visible to search. Default `false`: within the index's refresh
   * interval (1 s). Tests use `'wait_for'`. Small records wait for a refresh unless this is false.
   */
  refresh?: Refresh | undefined
  /** Bulk limits: documents and bytes per request, requests in flight, retries of 429/5xx items. */
  bulk?: Partial<Omit<BulkOptions, 'refresh'>> | undefined
  /** The clock of retention. */
  now?: (() => Date) | undefined
}

/** The address with any password hidden, for messages. */
function shown(node: string): string {
  try {
    const url = new URL(node)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return node
  }
}

/**
 * The scaled-out store: posts in monthly indices behind an alias, aggregations for hot words and
 * trends, tasks under optimistic concurrency. Opening checks the cluster answers, puts the index
 * templates, creates the record indices, applies retention and reads the near-duplicate index.
 * An unreachable cluster is a CriticalError naming the address: the process must not fall back
 * to another store silently.
 */
export async function openElasticsearchStore(options: ElasticsearchStoreOptions): Promise<Store> {
  if ((options.node === undefined) === (options.client === undefined)) {
    throw new InputError('give either node (the cluster URL) or client, not both or neither', { where: 'openElasticsearchStore' })
  }
  const { retentionDays } = options
  if (retentionDays !== undefined && !(Number.isInteger(retentionDays) && retentionDays > 0)) {
    throw new InputError(`expected a whole number of days above 0, got ${retentionDays}`, { where: 'retentionDays' })
  }
  const names = indexNames(options.indexPrefix ?? 'yuqing')
  const client = options.client ?? new Client({ node: options.node as string })
  const address = options.node ? shown(options.node) : 'Elasticsearch'
  const ctx: EsContext = {
    client,
    names,
    bulk: { ...DEFAULT_BULK, ...options.bulk, refresh: options.refresh ?? false },
    recordsRefresh: options.refresh ?? 'wait_for',
    nextSeq: sequence(),
  }

  const { savePosts, retention } = await prepare(ctx, address, retentionDays, options.now ?? (() => new Date())).catch(async (error: unknown) => {
    if (!options.client) await client.close()
    throw error
  })
  const posts = postReads(ctx, options.tokenize)
  const terms = termCounts(ctx)
  const ruleHits = ruleHitReads(ctx, posts)
  const pending = pendingMatchReads(ctx)
  const corrections = sentimentCorrections(ctx, posts)

  return checkingRanges({
    async savePosts(batch, saveOptions) {
      await retention.daily()
      return savePosts(batch, saveOptions)
    },
    pendingMatches: (markedBy, limit) => pending.list(markedBy, limit),
    clearPendingMatches: (list) => pending.clear(list),
    knownPostIds: (ids) => posts.knownIds(ids),
    termCounts: (day, limit) => terms.countsOfDay(day, limit),
    termCountsIn: (range, limit) => terms.countsIn(range, limit),
    termTotals: (list, ranges) => terms.totals(list, ranges),
    termDays: (term, days) => terms.days(term, days),
    postCount: (range) => terms.postCount(range),
    postsMentioning: (list, range, limit) => posts.mentioning(list, range, limit),
    searchPosts: (query) => posts.search(query),
    days: () => posts.days(),
    ruleHitCounts: (query, groupBy) => ruleHits.counts(query, groupBy),
    ruleHitPostIds: (query, limit, source) => ruleHits.postIds(query, limit, source),
    postsWithHits: (ids, ruleId) => ruleHits.postsWithHits(ids, ruleId),
    ruleHitsOf: (postId) => ruleHits.ruleHitsOf(postId),
    correctSentiment: (id, label, by, at) => corrections.correct(id, label, by, at),
    postsIn: async (range, after, limit) => ({ posts: await posts.inRange(range, after, limit) }),
    alerts: esAlertStore(ctx),
    accounts: esAccounts(ctx),
    tasks: esTasks(ctx),
    audit: esAuditLog(ctx),
    sources: esSourceHealth(ctx),
    async close() {
      if (!options.client) await client.close()
    },
  })
}

/** Checks the cluster answers, puts the templates, creates the record indices, applies retention, reads the band index. */
async function prepare(ctx: EsContext, address: string, retentionDays: number | undefined, now: () => Date) {
  const { client, names } = ctx
  try {
    await client.info()
  } catch (error) {
    throw new CriticalError(`Elasticsearch does not answer (${messageOf(error)}); check ELASTICSEARCH_URL and that the cluster is up`, { where: address, cause: error })
  }

  const ensured = new Set<string>()
  async function ensureIndex(index: string): Promise<void> {
    if (ensured.has(index)) return
    try {
      await client.indices.create({ index })
    } catch (error) {
      // Created by another process, or by us before a restart: the template gave it its mappings.
      if (!(statusOf(error) === 400 && JSON.stringify((error as { body?: unknown }).body).includes('resource_already_exists_exception'))) {
        throw storeError(index, error)
      }
    }
    ensured.add(index)
  }

  for (const template of indexTemplates(names)) {
    await request(`index template ${template.name}`, () => client.indices.putIndexTemplate(template))
  }
  for (const index of fixedIndices(names)) await ensureIndex(index)
  // Post indices made from an older template lack the fields added since; their mappings are
  // strict, so a post carrying one would be refused. New fields only: an existing one is unchanged.
  await request(`${names.postsPattern} (mappings)`, () =>
    client.indices.putMapping({ index: names.postsPattern, allow_no_indices: true, ignore_unavailable: true, properties: ADDED_POST_FIELDS }),
  )
  const retention = postRetention(ctx, retentionDays, now)
  await retention.prune()
  return { savePosts: postWriter(ctx, ensureIndex, await loadBandIndex(ctx)), retention }
}
