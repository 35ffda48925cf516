import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '@yuqing/store'

const root = fileURLToPath(new URL('../..', import.meta.url))
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
const bin = path.join(root, 'cli', 'src', 'bin.ts')
const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function yuqing(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [bin, ...args], { cwd: dir, env: { ...process.env, INIT_CWD: dir } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const lines = [
  JSON.stringify({ id: 1, text: '溪口镇停水第三天，自来水公司一直没说法，太气人了', day: '2026-11-26' }),
  JSON.stringify({ id: 2, content: '溪口镇今天又停水，投诉无门', publishedAt: '2026-11-26T09:30:00+08:00', source: 'forum' }),
  '{"id": 3, "text": "unterminated',
  JSON.stringify({ id: 4, title: 'only a title' }),
  '',
  JSON.stringify({ id: 5, text: '桂花节很热闹', day: '2026-11-25' }),
  JSON.stringify({ id: 6, text: '桂花节', day: '26-11-2026' }),
  JSON.stringify({ id: 7, text: '溪口镇明天恢复供水，停水期间请多储水', day: '2026-11-26' }),
].join('\n')

describe('yuqing CLI', () => {
  it('ingests JSON lines, naming each bad line, and stores nothing twice', async () => {
    writeFileSync(path.join(dir, 'posts.jsonl'), lines)
    const first = await yuqing('ingest', '--file', 'posts.jsonl', '--data', 'store')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('posts.jsonl: 7 read, 4 stored (0 of them near-duplicates, folded), 0 already stored, 3 skipped')
    expect(first.stdout).toContain('posts.jsonl:3: skipped: not JSON')
    expect(first.stdout).toContain('posts.jsonl:4: skipped: needs a non-empty "content" or "text"')
    expect(first.stdout).toContain('posts.jsonl:7: skipped: field "day": expected YYYY-MM-DD')

    const again = await yuqing('ingest', '--file', 'posts.jsonl', '--data', 'store', '--json')
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 7, stored: 0, duplicates: 4 })
  })

  it('reads gzip-compressed files, skips a text wrecked by a wrong decoding naming the line, and counts many skipped lines by reason', async () => {
    // GBK bytes of 青溪大桥封闭 read as UTF-8 before they were written out: U+FFFD where each character was.
    const wrecked = new TextDecoder('utf-8').decode(Uint8Array.from([0xc7, 0xe0, 0xcf, 0xaa, 0xb4, 0xf3, 0xc7, 0xc5, 0xb7, 0xe2, 0xb1, 0xd5]))
    const file = [{ text: '青溪大桥封闭施工', day: '2026-11-26' }, { text: wrecked, day: '2026-11-26' }].map((line) => JSON.stringify(line)).join('\n')
    writeFileSync(path.join(dir, 'more.jsonl.gz'), gzipSync(file))
    const result = await yuqing('ingest', '--file', 'more.jsonl.gz', '--data', 'gz')
    expect(result.stdout).toContain('2 read, 1 stored (0 of them')
    expect(result.stdout).toMatch(/more\.jsonl\.gz:2: skipped: field "text": garbled: \d+ of \d+ characters are U\+FFFD/)

    // Past 20 skipped lines, the rest are counted by reason.
    const many = [...Array.from({ length: 22 }, () => JSON.stringify({ text: wrecked })), ...Array.from({ length: 3 }, (_, i) => `{"id": ${i}, "text": `)]
    writeFileSync(path.join(dir, 'many.jsonl'), many.join('\n'))
    const summary = await yuqing('ingest', '--file', 'many.jsonl', '--data', 'gz')
    expect(summary.stdout).toContain('many.jsonl: 25 read, 0 stored (0 of them near-duplicates, folded), 0 already stored, 25 skipped')
    expect(summary.stdout.split('\n').filter((l) => l.includes(': skipped: '))).toHaveLength(20)
    expect(summary.stdout).toContain(
      [
        '  … and 5 more skipped lines (use --json for all); all skipped lines by reason:',
        '    22 × field "text": garbled: N of N characters are U+FFFD, left where bytes were not text in the encoding they were read with',
        '    3 × not JSON',
      ].join('\n'),
    )
  })

  it('prints the board of a day as JSON and as a table', async () => {
    const json = await yuqing('hotwords', '--day', '2026-11-26', '--top', '3', '--json', '--data', 'store')
    const board = JSON.parse(json.stdout) as { term: string; count: number; score: number; rank: number; rankChange: number | null }[]
    expect(board.slice(0, 2).map((w) => [w.term, w.count]).sort()).toEqual([
      ['停水', 3],
      ['溪口镇', 3],
    ])
    expect(board.map((w) => w.rank)).toEqual([1, 2, 3])
    expect(Object.keys(board[0] ?? {}).sort()).toEqual(['count', 'negativeShare', 'rank', 'rankChange', 'score', 'term'])
    expect(board).toHaveLength(3)

    const table = await yuqing('hotwords', '--day', '2026-11-26', '--data', 'store')
    expect(table.stdout).toMatch(/^Hot words of 2026-11-26/)
    expect(table.stdout).toMatch(/\d\s+停水\s+3\s/)
  })

  it('analyses stdin line by line without storing, masking personal numbers', async () => {
    const input = [
      JSON.stringify({ id: 'x1', text: '電話13812345678，溪口鎮停水三天了，太氣人了！//@某人:转发' }),
      'not json',
      JSON.stringify({ text: '桂花节灯会很热闹，点赞' }),
    ].join('\n')
    const child = execFile(tsx, [bin, 'analyze', '--json'], { cwd: dir, env: { ...process.env, INIT_CWD: dir } })
    child.stdin?.end(input)
    let stdout = ''
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk
    })
    await new Promise((resolve) => child.on('close', resolve))
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(out).toHaveLength(3)
    expect(out[0]).toMatchObject({ id: 'x1', masked: '电话138****5678,溪口镇停水三天了,太气人了!//@某人:转发', sentiment: { label: 'negative' } })
    expect(out[0]?.tokens).toEqual(expect.arrayContaining(['溪口镇', '停水']))
    expect(out[0]?.tokens).not.toContain('转发')
    expect(out[0]?.simhash).toMatch(/^[0-9a-f]{16}$/)
    expect(out[1]).toEqual({ line: 2, error: expect.stringContaining('not JSON') })
    expect(out[2]).toMatchObject({ sentiment: { label: 'positive' } })
    expect(Object.keys(out[2] ?? {}).sort()).toEqual(['id', 'keywords', 'masked', 'sentiment', 'simhash', 'tokens'])
  })

  it('prints the terms that rose above their baseline, as JSON', async () => {
    const burst = [
      '溪口镇停水第三天，自来水公司电话一直占线',
      '停水这么久也不给个说法，老人孩子怎么办',
      '我们小区也停水了，楼上楼下都在找水',
      '听说停水是因为主管道爆裂，抢修要两天',
      '停水期间超市矿泉水都卖光了',
      '昨晚十点还在停水，希望今天能恢复',
    ]
    const lines = [
      ...burst.map((text, i) => ({ id: `b${i}`, text, day: '2026-11-26' })),
      { id: 'old1', text: '上周溪口镇也停水过一次，半天就恢复了', day: '2026-11-21' },
    ]
    writeFileSync(path.join(dir, 'burst.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'))
    await yuqing('ingest', '--file', 'burst.jsonl', '--data', 'trends')
    const result = await yuqing('trends', '--day', '2026-11-26', '--json', '--data', 'trends')
    expect(result.code).toBe(0)
    const trends = JSON.parse(result.stdout) as Record<string, unknown>[]
    const water = trends.find((t) => t.term === '停水')
    expect(water).toMatchObject({ count: 6, isNew: false, negativeShare: expect.any(Number) })
    expect(Object.keys(water ?? {}).sort()).toEqual(['baseline', 'count', 'growth', 'isNew', 'negativeShare', 'samplePostIds', 'score', 'term'])
    expect((water?.samplePostIds as string[]).length).toBeGreaterThan(0)

    const bad = await yuqing('trends', '--at', '2026-11-26T08:00:00+08:00', '--window', '2h', '--data', 'trends')
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'yuqing trends: window: expected 1h or 1d, got "2h"'])
  })

  it('merges stop-word lists into the dictionary folder, where the analyzer heeds them', async () => {
    writeFileSync(path.join(dir, 'a.txt'), '桂花节\n# a comment\n热闹\n')
    writeFileSync(path.join(dir, 'b.txt'), '熱鬧\n灯会\n')
    const merged = await yuqing('stopwords', 'a.txt', 'b.txt')
    expect(merged.stdout).toContain('a.txt: 2 entries, 2 new')
    expect(merged.stdout).toContain('b.txt: 2 entries, 1 new')
    expect(merged.stdout).toContain(`3 stop words → ${path.join(dir, 'dict', 'merged.stop.txt')}`)

    const child = execFile(tsx, [bin, 'analyze', '--json'], { cwd: dir, env: { ...process.env, INIT_CWD: dir } })
    child.stdin?.end(JSON.stringify({ text: '桂花节灯会很热闹，溪口镇' }))
    let stdout = ''
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk
    })
    await new Promise((resolve) => child.on('close', resolve))
    const keywords = (JSON.parse(stdout) as { keywords: { term: string }[] }).keywords.map((k) => k.term)
    expect(keywords).toContain('溪口镇')
    for (const word of ['桂花节', '灯会', '热闹']) expect(keywords).not.toContain(word)

    const wrongName = await yuqing('stopwords', 'a.txt', '--out', 'dict/x.txt')
    expect([wrongName.code, wrongName.stderr]).toEqual([2, expect.stringContaining('--out: the analyzer reads stop-word lists only from *.stop.txt files')])
  })

  it('tests a rule file: its own tests, and when it would have fired on the stored posts', async () => {
    writeFileSync(
      path.join(dir, 'water.yaml'),
      ['id: water', 'name: 停水投诉', 'kind: match', 'query: 停水 | 断水', 'tests:', '  match: [今天又停水了]', '  noMatch: [停车难]'].join('\n'),
    )
    const result = await yuqing('rules', 'test', 'water.yaml', '--data', 'store', '--since', '30d')
    expect([result.code, result.stderr]).toEqual([0, ''])
    expect(result.stdout).toContain('water — 停水投诉 (match)')
    expect(result.stdout).toContain('tests: 2 passed')
    // Two episodes: the posts of the night and the one of the morning are hours apart (window 1h).
    expect(result.stdout).toMatch(/4 stored posts, 3 matched, would have fired 2 time\(s\)/)
    expect(result.stdout).toMatch(/2026-11-26 00:00 → 2026-11-26 02:00: 「停水投诉」.*命中 2 条帖子/)
    expect(result.stdout).toContain('· 溪口镇今天又停水,投诉无门')

    writeFileSync(path.join(dir, 'wrong.yaml'), ['id: wrong', 'name: 错', 'kind: match', 'query: 停水', 'tests:', '  noMatch: [又停水了]'].join('\n'))
    const failing = await yuqing('rules', 'test', 'wrong.yaml', '--data', 'store')
    expect(failing.code).toBe(1)
    expect(failing.stdout).toContain('wrong: should not match but matched "停水": "又停水了"')

    writeFileSync(path.join(dir, 'broken.yaml'), ['id: broken', 'name: 坏', 'kind: match', 'query: (停水'].join('\n'))
    const broken = await yuqing('rules', 'test', 'broken.yaml', '--data', 'store')
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/broken\.yaml:4: .*column/)
  })

  it('prints each source’s latest crawl from the store, and exits 1 while one goes wrong', async () => {
    const none = await yuqing('sources', 'status', '--data', path.join(dir, 'no-crawls'))
    expect([none.code, none.stdout]).toEqual([0, 'no source has been crawled yet\n'])
    const data = path.join(dir, 'crawled')
    const store = openSqliteStore({ file: path.join(data, 'yuqing.db'), tokenize: (t) => t.split(' ') })
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
    const run = { listPages: 1, postPages: 3, queued: 3, known: 0, failures: 0, skipped: 0, problem: null, intervalMs: 600_000 }
    await store.sources.record({ ...run, source: 'forum', status: 'ok', startedAt: at(3), finishedAt: at(3) })
    for (const n of [9, 4]) {
      await store.sources.record({ ...run, source: 'gone', status: 'failed', listPages: 0, queued: 0, failures: 1, problem: 'http://gone.test/list: HTTP 404', startedAt: at(n), finishedAt: at(n) })
    }
    await store.close()
    const shown = await yuqing('sources', 'status', '--data', data)
    expect(shown.code).toBe(1)
    expect(shown.stdout).toMatch(/^forum +ok +\S+ {2}3 new, 0 known, 0 failed\ngone +failed ×2 +\S+ {2}0 new, 0 known, 1 failed\n {2}http:\/\/gone\.test\/list: HTTP 404\n2 source\(s\), 1 going wrong\n$/)
    const json = await yuqing('sources', 'status', '--data', data, '--json')
    expect((JSON.parse(json.stdout) as { source: string; badRuns: number; stalledSince: string | null }[]).map((h) => [h.source, h.badRuns, h.stalledSince])).toEqual([
      ['forum', 0, null],
      ['gone', 2, null],
    ])
  })

  it('explains a missing or wrong argument and exits 2', async () => {
    const missing = await yuqing('ingest', '--data', 'store')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--file: which file?')
    const badDay = await yuqing('hotwords', '--day', 'yesterday', '--data', 'store')
    expect([badDay.code, badDay.stderr.trim()]).toEqual([2, 'yuqing hotwords: --day: expected YYYY-MM-DD, got "yesterday"'])
    const help = await yuqing('--help')
    expect(help.code).toBe(0)
    for (const name of ['start', 'run', 'ingest', 'hotwords', 'trends', 'analyze', 'stopwords', 'users', 'sources', 'rules']) {
      expect(help.stdout).toContain(`\n  yuqing ${name} `)
    }
    const ingestHelp = await yuqing('ingest', '--help')
    expect([ingestHelp.code, ingestHelp.stdout]).toEqual([0, expect.stringMatching(/^usage: yuqing ingest --file posts\.jsonl/)])
    const unknownOption = await yuqing('ingest', '--flie', 'posts.jsonl')
    expect(unknownOption.code).toBe(2)
    expect(unknownOption.stderr).toMatch(/^yuqing ingest: .*'--flie'.*\nusage: yuqing ingest --file posts\.jsonl/s)
    const unknown = await yuqing('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "frobnicate"')
    const noFile = await yuqing('ingest', '--file', 'nope.jsonl', '--data', 'store')
    expect([noFile.code, noFile.stderr]).toEqual([2, expect.stringContaining('nope.jsonl: cannot read the file')])
  })
})
