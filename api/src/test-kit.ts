import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createAnalyzer } from '@yuqing/analyzer'
import { openSqliteStore, ROLES, type Role, type Store } from '@yuqing/store'
import { createUser } from './accounts.ts'
import { createApp, type AppOptions } from './app.ts'

/** Helpers for the API's own tests: a store on disk, one user per role, signed-in requests. */
export const timezone = 'Asia/Shanghai'
export const analyzer = createAnalyzer({ timezone })
export const PASSWORD = 'correct horse battery'

export interface TestStore {
  store: Store
  close(): Promise<void>
}

export async function openTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-api-'))
  const store = openSqliteStore({ file: path.join(dir, 'yuqing.db'), tokenize: analyzer.cut })
  return {
    store,
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Adds a user named after each role (`admin`, `analyst`, …), all with PASSWORD. */
export async function addRoleUsers(store: Store): Promise<void> {
  for (const role of ROLES) await createUser(store, { name: role, role, password: PASSWORD }, new Date())
}

type App = ReturnType<typeof createApp>

export interface Client {
  csrf: string
  cookie: string
  /** A request with the session cookie and, on writes, the CSRF header. */
  request(url: string, init?: RequestInit): Promise<Response>
  json<T = unknown>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>
}

/** Signs `role`'s user in through POST /api/login. */
export async function signIn(app: App, role: Role | string, env?: unknown): Promise<Client> {
  const res = await app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: role, password: PASSWORD }) }, env)
  if (res.status !== 200) throw new Error(`sign-in as ${role} failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  const request = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    headers.set('cookie', cookie)
    if (init.method && init.method !== 'GET' && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrfToken)
    return app.request(url, { ...init, headers }, env)
  }
  return {
    csrf: csrfToken,
    cookie,
    request,
    async json<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await request(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      return { status: res.status, body: (await res.json()) as T, headers: res.headers }
    },
  }
}

export function testApp(store: Store, extra: Partial<AppOptions> = {}): App {
  return createApp({ store, analyzer, timezone, now: () => new Date('2026-11-26T04:00:00Z'), ...extra })
}
