import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '@yuqing/store'
import { allows, ROUTE_ACCESS } from './permissions.ts'
import { addRoleUsers, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

/** One request per route, concrete ids filled in. Writes send `{}`: past the guard it is a 400 or 404, never a change. */
const SAMPLE: Record<string, string> = {
  'GET /api/alerts/:id': '/api/alerts/a1',
  'POST /api/alerts/:id/acknowledge': '/api/alerts/a1/acknowledge',
  'DELETE /api/silences/:id': '/api/silences/s1',
  'GET /api/tasks/:id': '/api/tasks/t1',
}
const pathOf = (key: string) => SAMPLE[key] ?? key.split(' ')[1] ?? ''
const methodOf = (key: string) => key.split(' ')[0] ?? 'GET'
// Signing out ends the session the other rows use, the live stream never ends, and the metrics have a
// door of their own (loopback or a bearer token, not a role): each has tests of its own.
const KEYS = Object.keys(ROUTE_ACCESS).filter((k) => k !== 'POST /api/logout' && k !== 'GET /api/live' && k !== 'GET /metrics')
const ALL_KEYS = Object.keys(ROUTE_ACCESS)

let db: TestStore
const clients = new Map<Role, Client>()
const app = () => testApp(db.store)

beforeAll(async () => {
  db = await openTestStore()
  await addRoleUsers(db.store)
  for (const role of ROLES) clients.set(role, await signIn(app(), role))
})
afterAll(async () => {
  await db.close()
})

describe('route permissions', () => {
  it('has an access rule for every route and a route for every rule', () => {
    const routes = new Set(testApp(db.store).routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))
    expect([...routes].sort()).toEqual(Object.keys(ROUTE_ACCESS).sort())
  })

  it.each(ALL_KEYS.filter((k) => ROUTE_ACCESS[k] !== 'public'))('answers %s without a session with 401', async (key) => {
    const res = await app().request(pathOf(key), { method: methodOf(key), headers: { 'content-type': 'application/json' }, ...(methodOf(key) === 'GET' ? {} : { body: '{}' }) })
    expect(res.status).toBe(401)
  })

  const table = ROLES.flatMap((role) => KEYS.map((key) => ({ role, key, allowed: allows(role, ROUTE_ACCESS[key] ?? 'users:manage') })))
  it.each(table)('lets $role call $key: $allowed', async ({ role, key, allowed }) => {
    const client = clients.get(role)
    if (!client) throw new Error(`no session for ${role}`)
    const method = methodOf(key)
    const res = await client.request(pathOf(key), { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) })
    if (allowed) expect([401, 403]).not.toContain(res.status)
    else expect(res.status).toBe(403)
  })

  it('gives admins everything, viewers only reading, and keeps the audit log and users to admins', () => {
    expect(KEYS.every((k) => allows('admin', ROUTE_ACCESS[k] ?? 'users:manage'))).toBe(true)
    const viewerWrites = KEYS.filter((k) => methodOf(k) !== 'GET' && ROUTE_ACCESS[k] !== 'public' && allows('viewer', ROUTE_ACCESS[k] ?? 'users:manage'))
    expect(viewerWrites).toEqual([])
    for (const role of ['analyst', 'handler', 'viewer'] as const) {
      expect(allows(role, 'audit:read')).toBe(false)
      expect(allows(role, 'users:manage')).toBe(false)
    }
  })
})
