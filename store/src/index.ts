// The interface every store implements
export type { Store, SaveResult, PostQuery, PostPage, StoredPost, RuleHitQuery, RuleHitCount, RuleHitPost } from './store.ts'
export type { AlertStore, AlertSummary, AlertDetail, Delivery, OutgoingMessage } from './alert-store.ts'

// Implementations
export { openSqliteStore } from './sqlite/sqlite-store.ts'
export type { SqliteStoreOptions } from './sqlite/sqlite-store.ts'

// Shared by implementations and their contract suite
export { indexText, matchExpression, snippetOf } from './search-text.ts'
