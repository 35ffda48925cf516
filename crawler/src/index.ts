// Source definitions
export { Source, HtmlSource, BrowserSource, FeedSource, JsonSource, loadSourceFile } from './source.ts'
export type { PageSource } from './source.ts'

// Schedules
export { crawlIntervalMs, nextCrawlAt, dueSources, durationMs } from './schedule.ts'

// Crawling
export { crawlSource } from './crawl.ts'
export type { CrawlOptions, CrawlReport } from './crawl.ts'
export { USER_AGENT, defaultFetchPolicy } from './fetcher.ts'
export type { FetchPolicy } from './fetcher.ts'
export { CHROMIUM_PATH } from './browser-pages.ts'

// Reading pages
export { decodeBody } from './charset.ts'
export type { DecodedText, CharsetOrigin } from './charset.ts'
export { parsePublishedTime } from './published-time.ts'
export type { PublishedTime, TimeContext } from './published-time.ts'

// `yuqing sources check`
export { checkSource } from './check-source.ts'
export type { SourceCheck, CheckedPage } from './check-source.ts'

// The bundled demo forum
export { startDemoForum, demoSource, demoNewsSource } from './demo/forum-server.ts'
export type { DemoForum } from './demo/forum-server.ts'
