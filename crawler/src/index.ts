// Source definitions
export { HtmlSource, loadSourceFile } from './source.ts'
export type { Source } from './source.ts'

// Crawling
export { crawlSource, USER_AGENT } from './crawl.ts'
export type { CrawlOptions, CrawlReport } from './crawl.ts'

// The bundled demo forum
export { startDemoForum, demoSource } from './demo/forum-server.ts'
export type { DemoForum } from './demo/forum-server.ts'
