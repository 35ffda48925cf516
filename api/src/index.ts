// The HTTP app (routes, errors, dashboard)
export { createApp } from './app.ts'
export type { AppOptions, AppType, PipelineStatus } from './app.ts'
export { HttpError } from './http-error.ts'
export type { ErrorBody } from './http-error.ts'
