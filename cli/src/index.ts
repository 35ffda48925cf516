// What other packages (tests, benchmarks) use of the CLI
export { openRuntime, analyzeAndStore, databaseFile } from './runtime.ts'
export type { Runtime } from './runtime.ts'
export { startPipeline } from './pipeline.ts'
export type { Pipeline, PipelineOptions } from './pipeline.ts'
export { ingestFile, formatReport } from './commands/ingest.ts'
export type { IngestReport } from './commands/ingest.ts'
export { rawPostFromLine } from './ingest-line.ts'
export { dashboardDir } from './commands/start.ts'
