// The interface every store implements
export type { Store, SaveResult, PostQuery, PostPage, StoredPost } from './store.ts'

// Implementations
export { openSqliteStore } from './sqlite/sqlite-store.ts'
export type { SqliteStoreOptions } from './sqlite/sqlite-store.ts'

// Shared by implementations and their contract suite
export { indexText, matchExpression, snippetOf } from './search-text.ts'
