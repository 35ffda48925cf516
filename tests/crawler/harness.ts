import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MemoryQueue, silentLogger, type RawPost } from '@yuqing/core'
import { crawlSource, loadSourceFile, type CrawlOptions, type Source } from '@yuqing/crawler'

export const timezone = 'Asia/Shanghai'
/** 15:00 in Shanghai on 2026-11-26: every relative date on the fixture site is read against it. */
export const now = new Date('2026-11-26T07:00:00Z')

const examplesDir = fileURLToPath(new URL('../../crawler/examples', import.meta.url))
const scratch = mkdtempSync(path.join(tmpdir(), 'yuqing-examples-'))

/** An example definition with its `*.example.cn` URLs pointed at the fixture site, loaded as a user's file is. */
export function loadExample(name: string, base: string): Source {
  const text = readFileSync(path.join(examplesDir, name), 'utf8').replace(/https:\/\/[\w.-]+\.example\.cn/g, base)
  const file = path.join(scratch, name)
  writeFileSync(file, text)
  return loadSourceFile(file)
}

/** Crawls with no politeness delay and tiny backoffs, collecting the posts. */
export async function crawl(source: Source, options: Partial<CrawlOptions> = {}) {
  const queue = new MemoryQueue<RawPost>('posts')
  const posts: RawPost[] = []
  queue.process(async (post) => {
    posts.push(post)
  })
  const report = await crawlSource(source, {
    queue,
    knownPostIds: async () => new Set(),
    timezone,
    logger: silentLogger,
    delaySecs: 0,
    now: () => now,
    fetch: { backoffMs: 10, timeoutMs: 5000 },
    ...options,
    // The fixture site is on loopback: allowed here as an admin would allow an intranet site.
    allowPrivateNetworks: true,
  })
  await queue.idle()
  await queue.close()
  return { report, posts: posts.sort((a, b) => (a.url ?? '').localeCompare(b.url ?? '')) }
}

/** A post as the tests state it: the fields a reader checks. */
export function shown(post: RawPost) {
  return { url: post.url, title: post.title, content: post.content, author: post.author, publishedAt: post.publishedAt, day: post.day }
}
