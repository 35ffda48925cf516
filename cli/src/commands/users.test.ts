import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '@yuqing/api'
import { openSqliteStore } from '@yuqing/store'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-users-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `yuqing users …` with `stdin` piped in (not a terminal: the password is its first line). */
function yuqing(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'cli', 'src', 'bin.ts'), 'users', ...args, '--data', 'data'], {
      cwd: dir,
      env: { ...process.env, INIT_CWD: dir },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

describe('yuqing users', () => {
  it('adds a user whose password is stored as a scrypt hash that verifies, and lists it', async () => {
    const added = await yuqing(['add', 'li', '--role', 'admin'], 'correct horse battery\n')
    expect(added).toMatchObject({ code: 0, stdout: 'added li (admin)\n' })
    const listed = await yuqing(['list', '--json'])
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'li', role: 'admin' })])
    const store = openSqliteStore({ file: path.join(dir, 'data', 'yuqing.db'), tokenize: (t) => [t] })
    try {
      const user = await store.accounts.userByName('li')
      expect(user?.passwordHash).toMatch(/^scrypt\$/)
      expect(await verifyPassword('correct horse battery', user?.passwordHash ?? '')).toBe(true)
    } finally {
      await store.close()
    }
  })

  it('refuses an unknown role, a short password and a taken name with exit 2, naming what is wrong', async () => {
    expect(await yuqing(['add', 'wang', '--role', 'boss'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--role: expected one of admin, analyst, handler, viewer, got "boss"') })
    expect(await yuqing(['add', 'wang', '--role', 'viewer'], 'short\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('password: at least 10 characters') })
    expect(await yuqing(['add', 'li', '--role', 'viewer'], 'correct horse battery\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('NAME: a user named "li" exists already') })
  })
})
