// The HTTP app (routes, errors, dashboard)
export { createApp } from './app.ts'
export type { AppOptions, AppType, PipelineStatus } from './app.ts'
export { HttpError } from './http-error.ts'
export type { ErrorBody } from './http-error.ts'

// Accounts: roles' permissions, users, the first-start setup link
export { ROUTE_ACCESS, GRANTS, allows } from './permissions.ts'
export type { Permission, Access } from './permissions.ts'
export { createUser } from './accounts.ts'
export type { NewAccount } from './accounts.ts'
export { hashPassword, verifyPassword } from './password.ts'
export { setupToken } from './setup.ts'

// What the running pipeline plugs in: the alert engine's controls, the live feed
export type { AlertControl, RuleInfo, RuleList } from './alert-control.ts'
export type { DeadLetters } from './routes/queue-routes.ts'
export type { RuleBackTest, BackTestFiring, RuleBackTester } from './routes/rule-preview-routes.ts'
export { memoryLiveFeed } from './live-feed.ts'
export type { LiveFeed, LiveEvent } from './live-feed.ts'

// Handling tasks
export { TASK_ACTIONS, STATE_NAMES, STATE_NAMES_EN, nextStates, isOverdue } from './task-flow.ts'
export type { TaskAction } from './task-flow.ts'
