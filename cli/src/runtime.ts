import path from 'node:path'
import { createAnalyzer, type Analyzer } from '@yuqing/analyzer'
import type { AnalyzedPost, Config, RawPost } from '@yuqing/core'
import { openElasticsearchStore, openSqliteStore, type SaveResult, type Store } from '@yuqing/store'
import type { AlertEngine } from './alerts/engine.ts'

export interface Runtime {
  config: Config
  analyzer: Analyzer
  store: Store
  /** Rules at work in the ingest path, once alerting has started (or the engine was opened). */
  engine?: AlertEngine
  close(): Promise<void>
}

export function databaseFile(config: Config): string {
  return path.join(config.dataDir, 'yuqing.db')
}

/**
 * The runtime of a running deployment: Elasticsearch when ELASTICSEARCH_URL is set (an unreachable
 * cluster stops the start with its address, never a silent fallback), else the SQLite file.
 */
export async function openConfiguredRuntime(config: Config): Promise<Runtime> {
  if (!config.elasticsearchUrl) return openRuntime(config)
  const analyzer = createAnalyzer({ timezone: config.timezone, dictionaryDir: config.dictDir })
  const store = await openElasticsearchStore({ node: config.elasticsearchUrl, tokenize: analyzer.cut, retentionDays: config.retentionDays })
  return { config, analyzer, store, close: () => store.close() }
}

/**
 * The analyzer and the SQLite store that every role shares (tests, ingest and the embedded default).
 * The analyzer is made on first use: a command that only reads the store, or `yuqing ingest`,
 * whose analyzer runs on a worker thread, never loads jieba's dictionaries here (~175 MB, ~0.5 s).
 */
export function openRuntime(config: Config): Runtime {
  let analyzer: Analyzer | undefined
  const analyzerOf = (): Analyzer => (analyzer ??= createAnalyzer({ timezone: config.timezone, dictionaryDir: config.dictDir }))
  const store = openSqliteStore({ file: databaseFile(config), tokenize: (text) => analyzerOf().cut(text) })
  return {
    config,
    get analyzer() {
      return analyzerOf()
    },
    store,
    close: () => store.close(),
  }
}

/** The analyze role's work: raw posts in, analysed posts stored (idempotently, by id). */
export function analyzeAndStore(runtime: Pick<Runtime, 'analyzer' | 'store' | 'engine'>, posts: readonly RawPost[]): Promise<SaveResult> {
  return storeAnalyzed(runtime, runtime.analyzer.analyzeBatch(posts))
}

/**
 * Analysed posts into the store: each with the hits of the rules that match it, written with the
 * post; then `match` rules fire on the posts just stored. The posts awaiting that are marked in the
 * same write, so a crash in between leaves their alerts to the engine's sweep, not lost.
 */
export async function storeAnalyzed(runtime: Pick<Runtime, 'store' | 'engine'>, posts: readonly AnalyzedPost[]): Promise<SaveResult> {
  const matched = runtime.engine ? runtime.engine.match(posts) : posts
  const result = await runtime.store.savePosts(matched, runtime.engine?.saveOptions(matched))
  await runtime.engine?.afterSave(matched, result)
  return result
}
