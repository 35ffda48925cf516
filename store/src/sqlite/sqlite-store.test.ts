import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { CriticalError, RetryableError, type AlertRecord } from '@yuqing/core'
import { alertStoreContract } from '../alert-contract.ts'
import { post, spaceTokenizer, storeContract, type StoreHarness } from '../contract.ts'
import { migrations } from './schema.ts'
import { sourceHealthContract } from '../source-health-contract.ts'
import type { Store } from '../store.ts'
import { openSqliteStore } from './sqlite-store.ts'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-store-'))
  dirs.push(dir)
  return path.join(dir, 'data', 'yuqing.db')
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** The database put back to schema `version` by `sql` (as an older yuqing left it), then opened: its later migrations run. */
function reopenAt(file: string, version: number, sql = ''): Store {
  const raw = new Database(file)
  raw.exec(sql)
  raw.pragma(`user_version = ${version}`)
  raw.close()
  return openSqliteStore({ file, tokenize: spaceTokenizer })
}

let file = ''
const harness: StoreHarness = {
  open: async () => {
    file = tempFile()
    return openSqliteStore({ file, tokenize: spaceTokenizer })
  },
  reopen: async () => openSqliteStore({ file, tokenize: spaceTokenizer }),
}
storeContract('SQLite', harness)
alertStoreContract('SQLite', harness)
sourceHealthContract('SQLite', harness)

describe('SQLite store', () => {
  it('finds a searched word inside a longer word only where the text has it as written, not bigram by bigram', async () => {
    const store = openSqliteStore({ file: tempFile(), tokenize: spaceTokenizer })
    await store.savePosts([post('whole', '溪口镇 自来水公司 停水', { hour: '2026-11-26T08' }), post('apart', '大桥 来水 自来 溪大', { hour: '2026-11-26T09' })])
    expect((await store.searchPosts({ q: '自来水' })).items.map((p) => p.id)).toEqual(['whole'])
    expect((await store.searchPosts({ q: '溪大桥' })).items).toEqual([])
    expect((await store.searchPosts({ q: '自来水 停水' })).items.map((p) => p.id)).toEqual(['whole'])
    await store.close()
  })

  it('writes a batch atomically: a failing post leaves none of the batch behind', async () => {
    const db = tempFile()
    const store = openSqliteStore({ file: db, tokenize: spaceTokenizer })
    const good = post('ok', '停水 通知', { hour: '2026-11-26T08' })
    const broken = { ...post('bad', '停水', { hour: '2026-11-26T09' }), text: null as unknown as string }
    await expect(store.savePosts([good, broken])).rejects.toThrow()
    expect(await store.knownPostIds(['ok', 'bad'])).toEqual(new Set())
    expect(await store.termCounts('2026-11-26', 10)).toEqual([])
    // The rolled-back post is no original to fold into: saved again, it is stored as itself.
    expect(await store.savePosts([good])).toEqual({ stored: 1, folded: 0, duplicates: 0, saved: [{ id: good.id, duplicateOf: null }] })
    await store.close()
  })

  it('answers a batch that waited too long for another process’s write as retryable, stores none of it, and stores it whole when sent again', async () => {
    const file = tempFile()
    const store = openSqliteStore({ file, tokenize: spaceTokenizer, busyTimeoutMs: 50 })
    const original = post('o', '溪口镇 停水 通知', { hour: '2026-11-26T08' })
    const copy = post('o-copy', '溪口镇 停水 通知', { hour: '2026-11-26T09' })
    await store.savePosts([original])
    // Another process (another analyze worker) holds the write lock.
    const other = new Database(file)
    other.exec('BEGIN IMMEDIATE')
    const failure = await store.savePosts([copy, post('p', '桂花节 热闹', { hour: '2026-11-26T09' })]).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RetryableError)
    expect((failure as RetryableError).message).toContain(`${file}: the database is busy with another writer: `)
    // A process opening the file meanwhile (its schema up to date) waits for no lock, and reads.
    const reader = openSqliteStore({ file, tokenize: spaceTokenizer, busyTimeoutMs: 50 })
    expect((await reader.searchPosts({ day: '2026-11-26' })).total).toBe(1)
    await reader.close()
    other.exec('ROLLBACK')
    other.close()
    expect((await store.searchPosts({ day: '2026-11-26' })).total).toBe(1)
    expect(await store.savePosts([copy, post('p', '桂花节 热闹', { hour: '2026-11-26T09' })])).toMatchObject({ stored: 2, folded: 1 })
    await store.close()
  })

  it('writes the pending-match markers in the batch’s transaction: a failing post leaves no marker behind', async () => {
    const store = openSqliteStore({ file: tempFile(), tokenize: spaceTokenizer })
    const hit = { ruleId: 'water', spans: [[0, 2]] as [number, number][], terms: ['停水'] }
    const good = { ...post('ok', '停水 通知', { hour: '2026-11-26T08' }), ruleHits: [hit] }
    const broken = { ...post('bad', '停水', { hour: '2026-11-26T09' }), ruleHits: [hit], text: null as unknown as string }
    const at = new Date('2026-11-26T12:00:00.000Z')
    await expect(store.savePosts([good, broken], { pendingMatch: { ids: ['ok', 'bad'], at } })).rejects.toThrow()
    expect(await store.pendingMatches(at, 10)).toEqual([])
    await store.savePosts([good], { pendingMatch: { ids: ['ok'], at } })
    expect((await store.pendingMatches(at, 10)).map((p) => p.id)).toEqual(['ok'])
    await store.close()
  })

  it('gives a database of schema 7 a column for English alert summaries, its alerts listed without one', async () => {
    const file = tempFile()
    let store = openSqliteStore({ file, tokenize: spaceTokenizer })
    const at = '2026-11-26T02:00:00.000Z'
    const stats = { count: 1, baseline: null, from: at, to: at }
    const episode = { group: '', state: 'firing', breaches: 1, sequence: 1, startsAt: at, endsAt: null, lastSentAt: at, acknowledgedAt: null, acknowledgedBy: null } as const
    const firing = (alertId: string, last: { summary: string; summaryEn?: string }): AlertRecord => ({ ...episode, ruleId: alertId, alertId, unsent: [], sent: [], last: { ...last, stats, matchedTerms: [] }, updatedAt: at })
    await store.alerts.commit(firing('old', { summary: '命中 1 条帖子。' }))
    await store.close()

    store = reopenAt(file, 7, 'ALTER TABLE alerts DROP COLUMN summary_en')
    await store.alerts.commit(firing('new', { summary: '命中 1 条帖子。', summaryEn: '1 matching post.' }))
    expect((await store.alerts.alerts({})).map((a) => [a.alertId, a.summaryEn])).toEqual([
      ['new', '1 matching post.'],
      ['old', null],
    ])
    await store.close()
    const raw = new Database(file)
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length)
    raw.close()
  })

  it('gives a database from before the official flag the column, its posts read back as not official', async () => {
    const file = tempFile()
    let store = openSqliteStore({ file, tokenize: spaceTokenizer })
    await store.savePosts([post('old', '县 自来水公司 停水 通知', { hour: '2026-11-26T08' })])
    await store.close()

    store = reopenAt(file, migrations.length - 1, 'ALTER TABLE posts DROP COLUMN official')
    await store.savePosts([{ ...post('new', '桂花节 开幕 通知', { hour: '2026-11-26T09' }), official: true }])
    const found = await store.searchPosts({ q: '通知' })
    expect(Object.fromEntries(found.items.map((p) => [p.id, p.official]))).toEqual({ old: false, new: true })
    await store.close()
    const raw = new Database(file)
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length)
    raw.close()
  })

  it('gives a database of schema 8 its negative originals per hour, counted from the posts stored before', async () => {
    const file = tempFile()
    let store = openSqliteStore({ file, tokenize: spaceTokenizer })
    await store.savePosts([
      post('a', '青溪大桥 封闭 堵车', { hour: '2026-11-26T08', label: 'negative' }),
      post('a-repost', '青溪大桥 封闭 堵车', { hour: '2026-11-26T10', label: 'negative' }),
      post('b', '堵车 绕行', { hour: '2026-11-26T09', label: 'negative' }),
      post('c', '桂花节 热闹', { hour: '2026-11-25T19' }),
    ])
    await store.close()

    store = reopenAt(file, 8, 'ALTER TABLE post_buckets DROP COLUMN negatives')
    expect(await store.days()).toEqual([
      { day: '2026-11-26', posts: 3, originals: 2, negative: 2 },
      { day: '2026-11-25', posts: 1, originals: 1, negative: 0 },
    ])
    // Later posts add to the counted ones.
    await store.savePosts([post('d', '溪口镇 停水', { hour: '2026-11-26T08', label: 'negative' })])
    expect((await store.days())[0]).toEqual({ day: '2026-11-26', posts: 4, originals: 3, negative: 3 })
    await store.close()
  })

  it('gives a database of schema 5 its pending-match table on open, and opening it twice changes nothing', async () => {
    const file = tempFile()
    let store = openSqliteStore({ file, tokenize: spaceTokenizer })
    await store.savePosts([post('old', '停水 通知', { hour: '2026-11-26T08' })])
    await store.close()

    const at = new Date('2026-11-26T12:00:00.000Z')
    const hit = { ruleId: 'water', spans: [[0, 2]] as [number, number][], terms: ['停水'] }
    store = reopenAt(file, 5, 'DROP TABLE pending_matches')
    expect(await store.pendingMatches(at, 10)).toEqual([])
    await store.savePosts([{ ...post('new', '停水 抢修', { hour: '2026-11-26T09' }), ruleHits: [hit] }], { pendingMatch: { ids: ['new'], at } })
    await store.close()

    // A migration run again (a version number written back by hand) keeps the markers.
    const raw = new Database(file, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length)
    raw.close()
    store = reopenAt(file, 5)
    expect((await store.pendingMatches(at, 10)).map((p) => [p.id, p.hits])).toEqual([['new', [{ ruleId: 'water', terms: ['停水'] }]]])
    await store.close()
  })

  it('lists the newest originals mentioning a term across hours, up to the limit', async () => {
    const store = openSqliteStore({ file: tempFile(), tokenize: spaceTokenizer })
    await store.savePosts([
      post('h8', '停水 通知', { hour: '2026-11-26T08' }),
      post('h9', '停水 抢修', { hour: '2026-11-26T09' }),
      { ...post('h9-late', '停水 恢复', { hour: '2026-11-26T09' }), publishedAt: '2026-11-26T09:50:00+08:00' },
      post('h7', '停水 预告', { hour: '2026-11-26T07' }),
      post('other-day', '停水 昨天', { hour: '2026-11-25T09' }),
    ])
    const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
    const ids = async (limit: number, range = day) => (await store.postsMentioning(['停水'], range, limit)).get('停水')?.map((p) => p.id)
    expect(await ids(3)).toEqual(['h9-late', 'h9', 'h8'])
    expect(await ids(10)).toEqual(['h9-late', 'h9', 'h8', 'h7'])
    expect(await ids(10, { from: '2026-11-25T09', to: '2026-11-26T08' })).toEqual(['h8', 'h7', 'other-day'])
    expect(await ids(0)).toEqual([])
    await store.close()
  })

  it('picks the newest posts of an hour across the batches that stored them', async () => {
    const store = openSqliteStore({ file: tempFile(), tokenize: spaceTokenizer })
    const at = (id: string, minute: string) => ({ ...post(id, `停水 通知 ${id} 第${minute}分`, { hour: '2026-11-26T09' }), publishedAt: `2026-11-26T09:${minute}:00+08:00` })
    // Stored in three batches, not in the order they were published.
    await store.savePosts([at('b1-late', '50'), at('b1-early', '05')])
    await store.savePosts([at('b2-mid', '30')])
    await store.savePosts([at('b3-latest', '55'), post('h8', '停水 预告', { hour: '2026-11-26T08' })])
    const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
    const ids = async (limit: number) => (await store.postsMentioning(['停水'], day, limit)).get('停水')?.map((p) => p.id)
    expect(await ids(3)).toEqual(['b3-latest', 'b1-late', 'b2-mid'])
    expect(await ids(10)).toEqual(['b3-latest', 'b1-late', 'b2-mid', 'b1-early', 'h8'])
    await store.close()
  })

  it('moves the lists of posts per term of an older database into chunks keyed by hour', async () => {
    const file = tempFile()
    let store = openSqliteStore({ file, tokenize: spaceTokenizer })
    await store.savePosts([post('a', '停水 通知', { hour: '2026-11-26T08' }), post('b', '停水 抢修', { hour: '2026-11-26T09' })])
    await store.close()
    // The table as version 6 kept it: one row per term and hour, the list grown by every batch.
    const raw = new Database(file)
    const rows = raw.prepare("SELECT hour, term, group_concat(posts, ' ') AS posts FROM term_posts GROUP BY hour, term").all()
    raw.exec('DROP TABLE term_posts; CREATE TABLE term_posts (term TEXT NOT NULL, hour TEXT NOT NULL, posts TEXT NOT NULL, PRIMARY KEY (term, hour)) WITHOUT ROWID')
    const insert = raw.prepare('INSERT INTO term_posts (term, hour, posts) VALUES (@term, @hour, @posts)')
    for (const row of rows) insert.run(row)
    raw.pragma('user_version = 6')
    raw.close()

    store = openSqliteStore({ file, tokenize: spaceTokenizer })
    await store.savePosts([post('c', '停水 恢复', { hour: '2026-11-26T09' })])
    const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
    expect((await store.postsMentioning(['停水', '抢修'], day, 10)).get('停水')?.map((p) => p.id).sort()).toEqual(['a', 'b', 'c'])
    expect((await store.postsMentioning(['抢修'], day, 10)).get('抢修')?.map((p) => p.id)).toEqual(['b'])
    await store.close()
  })

  it('lists under a term the posts counted for it, not a post whose longer word contains it', async () => {
    const store = openSqliteStore({ file: tempFile(), tokenize: spaceTokenizer })
    await store.savePosts([post('whole', '青溪大桥 封闭', { hour: '2026-11-26T08' }), post('own', '大桥 维修', { hour: '2026-11-26T09' })])
    const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
    expect((await store.termCounts('2026-11-26', 10)).find((t) => t.term === '大桥')?.count).toBe(1)
    expect((await store.postsMentioning(['大桥'], day, 10)).get('大桥')?.map((p) => p.id)).toEqual(['own'])
    await store.close()
  })

  it('gives a database of schema 3 its day totals, hour volumes and term posts on open, answering as before', async () => {
    const file = tempFile()
    let store = openSqliteStore({ file, tokenize: spaceTokenizer })
    await store.savePosts([
      post('a', '青溪大桥 封闭 堵车', { hour: '2026-11-26T08', label: 'negative' }),
      post('a-repost', '青溪大桥 封闭 堵车', { hour: '2026-11-26T10', label: 'negative' }),
      post('b', '堵车 绕行', { hour: '2026-11-26T09' }),
      post('c', '桂花节 热闹', { hour: '2026-11-25T19' }),
    ])
    const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
    const answers = async (s: typeof store) => ({
      days: await s.days(),
      counts: await s.termCounts('2026-11-26', 10),
      hours: await s.termCountsIn({ from: '2026-11-26T08', to: '2026-11-26T09' }, 10),
      totals: await s.termTotals(['堵车', '热闹', '无'], [day, { from: '2026-11-25T00', to: '2026-11-26T08' }]),
      volume: await s.postCount(day),
      mentions: await s.postsMentioning(['堵车', '封闭', '热闹'], day, 10),
    })
    const before = await answers(store)
    await store.close()

    store = reopenAt(file, 3, 'DROP TABLE term_days; DROP TABLE post_buckets; DROP TABLE term_posts')
    expect(await answers(store)).toEqual(before)
    expect(before.mentions.get('堵车')?.map((p) => p.id)).toEqual(['b', 'a'])
    await store.close()
  })

  it('runs in WAL mode on disk', async () => {
    const db = tempFile()
    await openSqliteStore({ file: db, tokenize: spaceTokenizer }).close()
    const raw = new Database(db, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
  })

  it('refuses a database folder it cannot create, naming the file', () => {
    const notAFolder = tempFile()
    mkdirSync(path.dirname(notAFolder), { recursive: true })
    writeFileSync(notAFolder, 'a file where a folder should be')
    const file = path.join(notAFolder, 'yuqing.db')
    expect(() => openSqliteStore({ file, tokenize: spaceTokenizer })).toThrow(CriticalError)
    expect(() => openSqliteStore({ file, tokenize: spaceTokenizer })).toThrow(file)
  })
})
