import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { spaceTokenizer } from '../contract.ts'
import { taskStoreContract } from '../task-contract.ts'
import { openSqliteStore } from './sqlite-store.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-tasks-'))
let n = 0
let file = ''
afterAll(() => rmSync(dir, { recursive: true, force: true }))

taskStoreContract('SQLite', {
  open: async () => {
    file = path.join(dir, `db${++n}`, 'yuqing.db')
    return openSqliteStore({ file, tokenize: spaceTokenizer })
  },
  reopen: async () => openSqliteStore({ file, tokenize: spaceTokenizer }),
})

describe('SQLite audit log', () => {
  it('refuses to change or delete an event even through plain SQL', async () => {
    const db = path.join(dir, 'raw', 'yuqing.db')
    const store = openSqliteStore({ file: db, tokenize: spaceTokenizer })
    await store.audit.append({ at: '2026-11-26T02:00:00.000Z', actor: 'li', action: 'login', target: 'li', address: '::1', status: 200, details: null })
    await store.close()
    const raw = new Database(db)
    expect(() => raw.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/)
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(raw.prepare('SELECT actor FROM audit_log').all()).toEqual([{ actor: 'li' }])
    raw.close()
  })
})
