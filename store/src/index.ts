// The interface every store implements
export type { Store, SaveResult, SaveOptions, PendingMatch, PostQuery, PostPage, StoredPost, RuleHitQuery, RuleHitCount, RuleHitPost, SentimentCorrection, Relabelled } from './store.ts'
export type { AlertStore, AlertSummary, AlertDetail, Delivery, OutgoingMessage } from './alert-store.ts'
export { ROLES } from './accounts-store.ts'
export type { AccountStore, Role, User, Session } from './accounts-store.ts'
export { TASK_STATES, OPEN_TASK_STATES } from './task-store.ts'
export type { TaskStore, Task, TaskState, TaskOrigin, TaskChange, TaskEvent, TaskQuery, TaskUpdate } from './task-store.ts'
export type { AuditLog, AuditEvent, AuditQuery } from './audit-log.ts'
export { CRAWL_STATUSES, goingWrong, healthAfter, stalledSince, withStall } from './source-health.ts'
export type { CrawlRun, CrawlStatus, SourceHealth, SourceHealthStore } from './source-health.ts'

// Implementations
export { openSqliteStore } from './sqlite/sqlite-store.ts'
export type { SqliteStoreOptions } from './sqlite/sqlite-store.ts'
export { openElasticsearchStore } from './elasticsearch/elasticsearch-store.ts'
export type { ElasticsearchStoreOptions } from './elasticsearch/elasticsearch-store.ts'

// Shared by implementations and their contract suite
export { indexText, matchExpression, snippetOf } from './search-text.ts'
