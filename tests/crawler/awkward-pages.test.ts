import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HtmlSource } from '@yuqing/crawler'
import { startFixtureSite, type FixtureSite } from '../fixture-site/server.ts'
import { crawl, shown } from './harness.ts'

let site: FixtureSite
beforeAll(async () => {
  site = await startFixtureSite({ slowMs: 3000 })
})
afterAll(async () => {
  await site.close()
})

describe('crawling the awkward pages of the fixture site', () => {
  it('extracts what can be read, says why for the rest, and retries only what may recover', async () => {
    const source: HtmlSource = {
      id: 'cases',
      name: '疑难页面',
      kind: 'html',
      startUrls: [`${site.url}/cases/index.html`],
      maxPages: 1,
      headers: {},
      list: { postLinks: 'a.case' },
      post: { title: 'h1', content: '.body', author: '.author', publishedAt: 'time@datetime' },
    }
    const { report, posts } = await crawl(source, { fetch: { timeoutMs: 300, retries: 2, backoffMs: 10 } })

    expect(posts.map(shown)).toEqual([
      // 500 on the first try, the post on the retry.
      { url: `${site.url}/cases/flaky.html`, title: '停水通知（重发）', content: '明天上午九点到十二点停水检修。', author: '自来水公司', publishedAt: '2026-11-26T00:00:00.000Z', day: undefined },
      // Unclosed tags, a stray </div>, unquoted attributes, a script in the body.
      { url: `${site.url}/cases/malformed.html`, title: '路面塌陷无人处理', content: '东门路口塌了一个坑\n已经三天了\n希望尽快修', author: '热心市民', publishedAt: '2026-11-25T12:10:00.000Z', day: undefined },
    ])
    expect(report.skipped).toEqual([{ url: `${site.url}/cases/private/secret.html`, reason: 'disallowed by robots.txt (Disallow: /cases/private/)' }])
    expect([...report.failures].sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: `${site.url}/cases/gone.html`, reason: 'HTTP 404' },
      { url: `${site.url}/cases/huge.html`, reason: 'response larger than 5 MB' },
      { url: `${site.url}/cases/loop.html`, reason: 'too many redirects (more than 5)' },
      { url: `${site.url}/cases/slow.html`, reason: 'timed out after 300 ms' },
      { url: 'mailto:admin@example.invalid', reason: 'not an http(s) URL' },
    ])
    expect({
      flaky: site.hits('/cases/flaky.html'),
      slow: site.hits('/cases/slow.html'),
      gone: site.hits('/cases/gone.html'),
      huge: site.hits('/cases/huge.html'),
      loop: site.hits('/cases/loop.html') + site.hits('/cases/loop-2.html'),
      private: site.hits('/cases/private/secret.html'),
    }).toEqual({ flaky: 2, slow: 3, gone: 1, huge: 1, loop: 6, private: 0 })
  })
})
