import type { Client } from '@elastic/elasticsearch'
import type { BulkOptions, Refresh } from './bulk.ts'
import type { IndexNames } from './index-names.ts'

/** What every part of the Elasticsearch store shares. */
export interface EsContext {
  client: Client
  names: IndexNames
  /** Bulk limits and the refresh of post writes. */
  bulk: BulkOptions
  /**
   * Refresh of the small records (alerts, tasks, accounts, audit). People read them back at once
   * (a task just opened, a user just added), and they are written rarely: each write waits for
   * the next refresh unless the store was opened with `refresh: false`.
   */
  recordsRefresh: Refresh
  /** Storage order numbers (see `sequence`). */
  nextSeq: () => number
}

/** The most documents one search returns; lists longer than this are paged by the caller. */
export const MAX_PAGE = 10_000
