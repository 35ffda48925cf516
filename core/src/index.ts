// Config
export { loadConfig, describeConfig, invocationDir } from './config.ts'
export type { Config, ConfigOverrides } from './config.ts'

// Domain
export { RawPost, AnalyzedPost, PostRuleHit, PostSignals, Sentiment, SentimentLabel, SENTIMENT_NAMES, Keyword, TermBucket, HotWord } from './domain.ts'
export type { TermCount, TermDay, DayVolume, HourRange, PostFact, RuleHitQuery, RuleHitCount } from './domain.ts'

// Alerts (rules raise them, notify delivers them)
export { AlertState, AlertSeverity, AlertEvidence, AlertStats, AlertMessage, AlertRecord, Silence, idempotencyKey } from './alert.ts'

// Errors
export { YuqingError, RetryableError, InputError, CriticalError, isRetryable, messageOf } from './errors.ts'

// Queue
export type { Queue, JobHandler, ProcessOptions, QueueCounts } from './queue.ts'
export { MemoryQueue } from './memory-queue.ts'
export { BullQueue, encodeJobId } from './queue/bullmq-queue.ts'
export type { BullQueueOptions, DeadLetter, JobSchema, KeepJobs } from './queue/bullmq-queue.ts'
export { openQueue } from './queue/open-queue.ts'
export type { OpenQueueOptions } from './queue/open-queue.ts'
export { checkRedis, redactRedisUrl } from './queue/redis.ts'

// Outbound requests (SSRF guard)
export { checkOutboundUrl, guardedLookup, isPrivateAddress, outboundFetch } from './outbound-url.ts'
export type { OutboundOptions } from './outbound-url.ts'

// Ids and time
export { canonicalUrl, postId } from './ids.ts'
export { hourOf, minuteOf, dayOf, isDay, isHour, isTimeZone, addDays, daysUpTo, addHours, parseLocalTime } from './time.ts'

// Logging
export { createLogger, silentLogger } from './logger.ts'
export type { Logger, LogLevel } from './logger.ts'

// Near-duplicates
export { simhash, SimHasher, hammingDistance, simhashBands, popcount32 } from './simhash.ts'
export { garbledText, keepStringMethodsFast } from './text.ts'
export { SYSTEM_RULES } from './system-rules.ts'
export { TASK_STATE_NAMES } from './task-state-names.ts'
