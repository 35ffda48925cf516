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
    expect(source).toMatchObject({ id: 'county-forum', maxPages: 5, headers: {}, post: { content: 'td.t_f', idFromUrl: 'thread-(\\d+)-' } })
  })

  it('names the file and line of a YAML syntax error', () => {
    const broken = file('broken.yaml', 'id: x\nname: [unclosed\nkind: html\n')
    expect(() => loadSourceFile(broken)).toThrow(InputError)
    expect(() => loadSourceFile(broken)).toThrow(new RegExp(`^${broken}:\\d+: `))
  })

  it('names the file and the field that is wrong', () => {
    const noContent = file('no-content.yaml', valid.replace('  content: td.t_f\n', ''))
    expect(() => loadSourceFile(noContent)).toThrow(`${noContent}: field "post.content"`)
    const badUrl = file('bad-url.yaml', valid.replace('https://bbs.example.cn/forum-2-1.html', 'not a url'))
    expect(() => loadSourceFile(badUrl)).toThrow(`${badUrl}: field "startUrls.0"`)
    const badPattern = file('bad-pattern.yaml', valid.replace("idFromUrl: 'thread-(\\d+)-'", "idFromUrl: 'thread-['"))
    expect(() => loadSourceFile(badPattern)).toThrow('expected a regular expression with one (group)')
  })
})
