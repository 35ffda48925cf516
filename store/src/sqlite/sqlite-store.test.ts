import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { CriticalError } from '@yuqing/core'
import { alertStoreContract } from '../alert-contract.ts'
import { post, spaceTokenizer, storeContract } from '../contract.ts'
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

let file = ''
storeContract('SQLite', {
  open: async () => {
    file = tempFile()
    return openSqliteStore({ file, tokenize: spaceTokenizer })
  },
  reopen: async () => openSqliteStore({ file, tokenize: spaceTokenizer }),
})

alertStoreContract('SQLite', {
  open: async () => {
    file = tempFile()
    return openSqliteStore({ file, tokenize: spaceTokenizer })
  },
  reopen: async () => openSqliteStore({ file, tokenize: spaceTokenizer }),
})

describe('SQLite store', () => {
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
