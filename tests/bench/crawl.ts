/**
 * The crawl benchmark: a 2,000-page crawl of the fixture Discuz board (GBK, decoded from bytes)
 * with politeness delays off, then 50 pages rendered in Debian Chromium. Prints pages/s and the
 * peak RSS of this process during each crawl (sampled; Chromium's own processes are not counted).
 */
import { MemoryQueue, silentLogger, type RawPost } from '@yuqing/core'
import { crawlSource, type CrawlReport, type Source } from '@yuqing/crawler'
import { startFixtureSite } from '../fixture-site/server.ts'

const FORUM_THREADS = 1904
const FORUM_PAGE_SIZE = 20 // 96 list pages + 1,904 threads = 2,000 pages
const BROWSER_POSTS = 49 // 1 list page + 49 posts = 50 pages

async function measure(source: Source, maxConcurrency: number): Promise<{ report: CrawlReport; seconds: number; peakMb: number }> {
  const queue = new MemoryQueue<RawPost>('posts')
  queue.process(async () => {})
  let peak = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 20)
  const started = performance.now()
  const report = await crawlSource(source, {
    queue,
    knownPostIds: async () => new Set(),
    timezone: 'Asia/Shanghai',
    logger: silentLogger,
    delaySecs: 0,
    maxConcurrency,
    // The fixture site is on loopback.
    allowPrivateNetworks: true,
  })
  await queue.idle()
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage.rss())
  await queue.close()
  return { report, seconds, peakMb: peak / 1024 / 1024 }
}

export async function benchCrawl(): Promise<void> {
  const site = await startFixtureSite({ forumThreads: FORUM_THREADS, forumPageSize: FORUM_PAGE_SIZE, jsPosts: BROWSER_POSTS })
  try {
    const forum: Source = {
      id: 'bench-forum',
      name: 'bench forum',
      kind: 'html',
      startUrls: [`${site.url}/forum-2-1.html`],
      maxPages: 200,
      headers: {},
      list: { postLinks: 'a.s.xst', nextPage: 'a.nxt' },
      post: { title: '#thread_subject', content: 'td.t_f', author: 'a.xw1', publishedAt: 'em[id^=authorposton]', idFromUrl: 'thread-(\\d+)-' },
    }
    const rows: [string, string][] = []
    const http = await measure(forum, 8)
    const httpPages = http.report.listPages + http.report.postPages
    rows.push([`cheerio: ${httpPages} pages (${http.report.queued} posts, ${http.report.failures.length} failed)`, `${Math.round(httpPages / http.seconds)} pages/s, peak RSS ${Math.round(http.peakMb)} MB`])

    const browser = await measure({ id: 'bench-browser', name: 'bench browser', kind: 'browser', startUrls: [`${site.url}/js/list.html`], maxPages: 1, headers: {}, list: { postLinks: 'a.post' }, post: { title: 'h1.title', content: '.content', author: '.author', publishedAt: 'time@datetime' } }, 4)
    const browserPages = browser.report.listPages + browser.report.postPages
    rows.push([`chromium: ${browserPages} pages (${browser.report.queued} posts, ${browser.report.failures.length} failed)`, `${(browserPages / browser.seconds).toFixed(1)} pages/s, peak RSS ${Math.round(browser.peakMb)} MB (Node only)`])

    console.log('bench: crawl of the fixture site on loopback, politeness delays off')
    const width = Math.max(...rows.map(([k]) => k.length))
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
  } finally {
    await site.close()
  }
}
