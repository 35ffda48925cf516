import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '@yuqing/core'
import { loadSourceFile } from './source.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-sources-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
function file(name: string, text: string): string {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

const valid = `id: county-forum
name: 县论坛
kind: html
startUrls: [https://bbs.example.cn/forum-2-1.html]
schedule: { every: 10m }
list:
  postLinks: a.s.xst
  nextPage: a.nxt
post:
  title: '#thread_subject'
  content: td.t_f
  publishedAt: em[id^=authorposton] span@title
  idFromUrl: 'thread-(\\d+)-'
`

describe('source definitions', () => {
  it('reads a valid definition with defaults filled in', () => {
    const source = loadSourceFile(file('ok.yaml', valid))
    expect(source).toMatchObject({ id: 'county-forum', maxPages: 5, headers: {}, schedule: { every: '10m' }, post: { content: 'td.t_f', idFromUrl: 'thread-(\\d+)-' } })
  })

  it('reads each kind', () => {
    const feed = loadSourceFile(file('feed.yaml', 'id: f\nname: F\nkind: rss\nfeedUrls: [https://a.example.cn/rss.xml]\n'))
    expect(feed).toMatchObject({ kind: 'rss', feedUrls: ['https://a.example.cn/rss.xml'] })
    const api = loadSourceFile(file('api.yaml', 'id: j\nname: J\nkind: json\nurl: https://a.example.cn/api?p={page}\nitems: data.list\nfields: { content: body }\n'))
    expect(api).toMatchObject({ kind: 'json', firstPage: 1, fields: { content: 'body' } })
    const browser = loadSourceFile(file('browser.yaml', valid.replace('kind: html', 'kind: browser')))
    expect(browser).toMatchObject({ kind: 'browser' })
  })

  it('names the file and line of a YAML syntax error', () => {
    const broken = file('broken.yaml', 'id: x\nname: [unclosed\nkind: html\n')
    expect(() => loadSourceFile(broken)).toThrow(InputError)
    expect(() => loadSourceFile(broken)).toThrow(new RegExp(`^${broken}:\\d+: `))
  })

  it('names the file, the line and the field that is wrong', () => {
    const noContent = file('no-content.yaml', valid.replace('  content: td.t_f\n', ''))
    // A missing field points at the block it belongs in.
    expect(() => loadSourceFile(noContent)).toThrow(`${noContent}:10: field "post.content"`)
    const badUrl = file('bad-url.yaml', valid.replace('https://bbs.example.cn/forum-2-1.html', 'not a url'))
    expect(() => loadSourceFile(badUrl)).toThrow(`${badUrl}:4: field "startUrls.0"`)
    const badPattern = file('bad-pattern.yaml', valid.replace("idFromUrl: 'thread-(\\d+)-'", "idFromUrl: 'thread-['"))
    expect(() => loadSourceFile(badPattern)).toThrow(`${badPattern}:13: field "post.idFromUrl": expected a regular expression with one (group)`)
    const badSchedule = file('bad-schedule.yaml', valid.replace('every: 10m', 'every: often'))
    expect(() => loadSourceFile(badSchedule)).toThrow(`${badSchedule}:5: field "schedule.every": expected a duration such as 30s, 10m, 2h or 1d`)
  })

  it('refuses an unknown kind and a misspelt field instead of ignoring them', () => {
    const kind = file('kind.yaml', valid.replace('kind: html', 'kind: forum'))
    expect(() => loadSourceFile(kind)).toThrow(`${kind}:3: field "kind": expected one of html, browser, rss, json`)
    const typo = file('typo.yaml', valid.replace('postLinks:', 'postLink:'))
    expect(() => loadSourceFile(typo)).toThrow(new RegExp(`^${typo}:7: field "list`))
  })
})
