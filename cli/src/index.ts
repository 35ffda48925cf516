// What other packages (tests, benchmarks) use of the CLI
export { openRuntime, openConfiguredRuntime, analyzeAndStore, storeAnalyzed, databaseFile } from './runtime.ts'
export type { Runtime } from './runtime.ts'
export { startPipeline, startAnalyzing, startCrawling, openPostsQueue } from './pipeline.ts'
export type { Pipeline, PipelineOptions } from './pipeline.ts'
export { ingestFile, formatReport, tallyReasons, INGEST_BATCH } from './commands/ingest.ts'
export { startAnalyzerWorker } from './worker-analyzer.ts'
export type { BatchAnalyzer } from './worker-analyzer.ts'
export type { IngestReport, IngestSink } from './commands/ingest.ts'
export { rawPostFromLine } from './ingest-line.ts'
export { dashboardDir } from './commands/start.ts'

// Alerting (rules and notify roles)
export { startAlerting, openAlertEngine, loadChannels, loadRules, TICK_MS } from './alerts/alerting.ts'
export type { Alerting, AlertingOptions } from './alerts/alerting.ts'
export { AlertEngine } from './alerts/engine.ts'
export type { AlertEngineOptions, RuleStatus } from './alerts/engine.ts'
export { Dispatcher } from './alerts/dispatcher.ts'
export type { Deliver, DeliveryOutcome } from './alerts/dispatcher.ts'
