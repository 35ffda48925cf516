import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { createUser } from '@yuqing/api'
import { InputError, loadConfig } from '@yuqing/core'
import { openSqliteStore, ROLES, type Role } from '@yuqing/store'
import { databaseFile } from '../runtime.ts'

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

/** `users add` asks for the password on a terminal (not echoed), else reads the first line of stdin. */
export async function users(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean', default: false } },
  })
  const [action, name, ...extra] = positionals
  if (extra.length > 0) throw new InputError(`unexpected "${extra.join(' ')}"`, { where: 'users' })
  const config = loadConfig({ dataDir: values.data })
  // Accounts need no search: the store opens without loading the segmenter.
  const open = () => openSqliteStore({ file: databaseFile(config), tokenize: (text) => text.split(/\s+/) })

  switch (action) {
    case 'add': {
      if (!name) throw new InputError('which user? `users add NAME --role ROLE`', { where: 'NAME' })
      const role = values.role ?? ''
      if (!isRole(role)) throw new InputError(`expected one of ${ROLES.join(', ')}, got "${role}"`, { where: '--role' })
      const password = await readPassword(`password for ${name} (at least 10 characters): `)
      const store = open()
      try {
        const result = await createUser(store, { name, role, password }, new Date())
        if (!('user' in result)) throw new InputError(result.message, { where: result.field === 'name' ? 'NAME' : 'password' })
        process.stdout.write(`added ${result.user.name} (${result.user.role})\n`)
      } finally {
        await store.close()
      }
      return
    }
    case 'list': {
      const store = open()
      try {
        const all = await store.accounts.users()
        process.stdout.write(values.json ? `${JSON.stringify(all, null, 2)}\n` : all.map((u) => `${u.name.padEnd(20)} ${u.role.padEnd(8)} ${u.createdAt}\n`).join(''))
      } finally {
        await store.close()
      }
      return
    }
    default:
      throw new InputError(`expected "add" or "list", got "${action ?? ''}"`, { where: 'users' })
  }
}

async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = ''
    for await (const chunk of process.stdin) input += String(chunk)
    return input.split(/\r?\n/)[0] ?? ''
  }
  // The prompt is written once; the typed characters go to a sink, so the password never shows.
  process.stdout.write(prompt)
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() })
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true })
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve))
  } finally {
    rl.close()
    process.stdout.write('\n')
  }
}
