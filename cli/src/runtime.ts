import path from 'node:path'
import { createAnalyzer, type Analyzer } from '@yuqing/analyzer'
import type { Config, RawPost } from '@yuqing/core'
import { openSqliteStore, type SaveResult, type Store } from '@yuqing/store'

export interface Runtime {
  config: Config
  analyzer: Analyzer
  store: Store
  close(): Promise<void>
}

export function databaseFile(config: Config): string {
  return path.join(config.dataDir, 'yuqing.db')
}

/** The analyzer and the store that every role shares, opened from the configuration. */
export function openRuntime(config: Config): Runtime {
  const analyzer = createAnalyzer({ timezone: config.timezone, dictionaryDir: config.dictDir })
  const store = openSqliteStore({ file: databaseFile(config), tokenize: analyzer.cut })
  return { config, analyzer, store, close: () => store.close() }
}

/** The analyze role's work: raw posts in, analysed posts stored (idempotently, by id). */
export function analyzeAndStore(runtime: Pick<Runtime, 'analyzer' | 'store'>, posts: readonly RawPost[]): Promise<SaveResult> {
  return runtime.store.savePosts(posts.map((post) => runtime.analyzer.analyze(post)))
}
