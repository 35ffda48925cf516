import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureSite, type FixtureSite } from '../fixture-site/server.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const scratch = mkdtempSync(path.join(tmpdir(), 'yuqing-check-'))

/** Runs `yuqing sources check FILE` as a user does, in its own process. */
function check(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.join(root, 'node_modules/.bin/tsx'), ['cli/src/bin.ts', 'sources', 'check', file], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}

function example(name: string, base: string, edit: (text: string) => string = (t) => t): string {
  // The fixture site is on loopback: the file allows it, as an admin would for an intranet site.
  const text = `${readFileSync(path.join(root, 'crawler/examples', name), 'utf8').replace(/https:\/\/[\w.-]+\.example\.cn/g, base)}\nallowPrivateNetwork: true\n`
  const file = path.join(scratch, name)
  writeFileSync(file, edit(text))
  return file
}

describe('yuqing sources check', () => {
  let site: FixtureSite
  beforeAll(async () => {
    site = await startFixtureSite()
  })
  afterAll(async () => {
    await site.close()
  })

  it('shows what each selector extracted from one list page and one post page', async () => {
    const { code, stdout } = await check(example('discuz-forum.yaml', site.url))
    expect(code).toBe(0)
    expect(stdout).toContain(`list page: ${site.url}/forum-2-1.html`)
    expect(stdout).toContain('list.postLinks (3 found)  [a.s.xst]:')
    expect(stdout).toContain(`list.nextPage  [a.nxt]: ${site.url}/forum-2-2.html`)
    expect(stdout).toContain(`post page: ${site.url}/thread-1004-1-1.html`)
    expect(stdout).toContain('post.title  [#thread_subject]: 【置顶】本版发帖须知')
    expect(stdout).toContain('post.content  [td.t_f]: 请文明发言，勿发广告。 ⏎ 涉及个人信息的内容将被删除。')
    expect(stdout).toContain('post.author  [a.xw1]: 版主')
    expect(stdout).toMatch(/post\.publishedAt {2}\[em\[id\^=authorposton\]\]: 发表于 2 小时前 → \d{4}-\d\d-\d\dT/)
    expect(stdout).toContain('post.idFromUrl  [thread-(\\d+)-]: 1004')
  })

  it('exits 2 naming the field and the page when a selector finds nothing', async () => {
    const { code, stdout, stderr } = await check(example('discuz-forum.yaml', site.url, (t) => t.replace('content: td.t_f', 'content: td.t_message')))
    expect(code).toBe(2)
    expect(stdout).toContain('post.content  [td.t_message]: (nothing)')
    expect(stderr).toContain(`post.content: "td.t_message" matched nothing on ${site.url}/thread-1004-1-1.html`)
  })

  it('exits 2 with the file and line of a broken definition', async () => {
    const file = example('message-board.yaml', site.url, (t) => t.replace('firstPage: 1', 'firstPage: one'))
    const { code, stderr } = await check(file)
    expect(code).toBe(2)
    expect(stderr).toContain(`${file}:7: field "firstPage": Invalid input: expected number, received string`)
  })

  it('shows the first item of a feed and of a JSON API', async () => {
    const feed = await check(example('rss-feed.yaml', site.url))
    expect(feed.code).toBe(0)
    expect(feed.stdout).toContain('first item title: 关于冬季供暖时间的通知')
    const api = await check(example('message-board.yaml', site.url))
    expect(api.code).toBe(0)
    expect(api.stdout).toContain('fields.content  [body]: 老街排水沟堵了，一下雨就积水。 ⏎ 请尽快疏通。')
    expect(api.stdout).toContain('fields.publishedAt  [ctime]: 1795669200')
  })
})
