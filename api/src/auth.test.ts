import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FailureLimiter } from './rate-limit.ts'
import { addRoleUsers, openTestStore, PASSWORD, signIn, testApp, type TestStore } from './test-kit.ts'

let db: TestStore
beforeAll(async () => {
  db = await openTestStore()
  await addRoleUsers(db.store)
})
afterAll(async () => {
  await db.close()
})

const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
const login = (app: ReturnType<typeof testApp>, name: string, password: string, env = from('10.0.0.9'), headers: Record<string, string> = {}, url = 'http://localhost/api/login') =>
  app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) }, env)

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie, not Secure over plain HTTP', async () => {
    const res = await login(testApp(db.store), 'analyst', PASSWORD)
    expect(res.status).toBe(200)
    const [session, csrf] = res.headers.getSetCookie()
    expect(session).toMatch(/^yuqing_session=[\w-]{40,};/)
    expect(session).toMatch(/HttpOnly/)
    expect(session).toMatch(/SameSite=Lax/)
    expect(session).not.toMatch(/Secure/)
    expect(csrf).toMatch(/^yuqing_csrf=/)
    expect(csrf).not.toMatch(/HttpOnly/)
    const body = (await res.json()) as { user: { name: string; role: string }; csrfToken: string }
    expect(body.user).toMatchObject({ name: 'analyst', role: 'analyst' })
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash/)
  })

  it('marks the cookies Secure over TLS, and behind a trusted proxy that says https', async () => {
    const tls = await login(testApp(db.store), 'analyst', PASSWORD, from('10.0.0.9'), {}, 'https://yuqing.example/api/login')
    expect(tls.headers.getSetCookie().every((c) => /; Secure/.test(c))).toBe(true)
    const proxied = await login(testApp(db.store, { trustProxy: true }), 'analyst', PASSWORD, from('127.0.0.1'), { 'x-forwarded-proto': 'https' })
    expect(proxied.headers.getSetCookie().every((c) => /; Secure/.test(c))).toBe(true)
    const untrusted = await login(testApp(db.store), 'analyst', PASSWORD, from('127.0.0.1'), { 'x-forwarded-proto': 'https' })
    expect(untrusted.headers.getSetCookie().some((c) => /; Secure/.test(c))).toBe(false)
  })

  it('refuses a wrong password and an unknown name alike, and logs both attempts with their address', async () => {
    const app = testApp(db.store)
    const wrong = await login(app, 'viewer', 'not the password', from('10.1.1.1'))
    const unknown = await login(app, 'nobody', 'not the password', from('10.1.1.1'))
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(((await unknown.json()) as { error: { message: string } }).error.message)
    const events = await db.store.audit.events({ limit: 5 })
    expect(events.slice(0, 2).map((e) => [e.action, e.target, e.address, e.actor])).toEqual([
      ['login_failed', 'nobody', '10.1.1.1', null],
      ['login_failed', 'viewer', '10.1.1.1', null],
    ])
  })

  it('answers 429 with Retry-After after five failures for one user, even with the right password, from any address', async () => {
    const app = testApp(db.store)
    for (let i = 0; i < 5; i++) expect((await login(app, 'handler', 'wrong password', from(`10.2.0.${i}`))).status).toBe(401)
    const blocked = await login(app, 'handler', PASSWORD, from('10.2.0.99'))
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts')
    // Another user is not locked out by it.
    expect((await login(app, 'viewer', PASSWORD, from('10.2.0.99'))).status).toBe(200)
  })

  it('counts attempts sent all at once before their passwords are checked (a review found them all let through)', async () => {
    const app = testApp(db.store)
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(app, 'analyst', 'wrong password', from(`10.4.0.${i}`))))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(7)
  })

  it('answers 429 after twenty failures from one address, whatever names it tries', async () => {
    const app = testApp(db.store)
    for (let i = 0; i < 20; i++) await login(app, `guess${i}`, 'wrong password', from('10.3.0.1'))
    const blocked = await login(app, 'admin', PASSWORD, from('10.3.0.1'))
    expect(blocked.status).toBe(429)
    expect((await login(app, 'admin', PASSWORD, from('10.3.0.2'))).status).toBe(200)
  })

  it('takes the address a trusted proxy appended, not one the client put first, and ignores the header without a proxy', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.9, 10.6.0.1' }
    await login(testApp(db.store, { trustProxy: true }), 'viewer', PASSWORD, from('127.0.0.1'), forwarded)
    expect((await db.store.audit.events({ limit: 1 }))[0]?.address).toBe('10.6.0.1')
    await login(testApp(db.store), 'viewer', PASSWORD, from('10.6.0.2'), forwarded)
    expect((await db.store.audit.events({ limit: 1 }))[0]?.address).toBe('10.6.0.2')
  })

  it('records a successful sign-in in the audit log', async () => {
    await login(testApp(db.store), 'viewer', PASSWORD, from('10.4.0.1'))
    const [last] = await db.store.audit.events({ limit: 1 })
    expect(last).toMatchObject({ action: 'login', actor: 'viewer', address: '10.4.0.1', status: 200 })
  })
})

describe('failure limiter', () => {
  it('lets a key try again once its oldest failure leaves the window', () => {
    const limiter = new FailureLimiter(2, 60_000)
    limiter.fail('li', 0)
    limiter.fail('li', 10_000)
    expect(limiter.retryAfter('li', 20_000)).toBe(40)
    expect(limiter.retryAfter('li', 60_001)).toBe(0)
  })
})

describe('sessions and CSRF', () => {
  it('refuses a write without the CSRF header, or with another session’s token, with 403', async () => {
    const app = testApp(db.store)
    const analyst = await signIn(app, 'analyst')
    const other = await signIn(app, 'admin')
    const body = JSON.stringify({ from: { post: 'none' } })
    const missing = await analyst.request('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': '' }, body })
    expect(missing.status).toBe(403)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('csrf')
    const foreign = await analyst.request('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': other.csrf }, body })
    expect(foreign.status).toBe(403)
    const right = await analyst.request('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(right.status).toBe(404)
  })

  it('ends the session on sign-out: the cookie no longer opens anything', async () => {
    const app = testApp(db.store)
    const viewer = await signIn(app, 'viewer')
    expect((await viewer.request('/api/session')).status).toBe(200)
    const out = await viewer.request('/api/logout', { method: 'POST' })
    expect(out.status).toBe(200)
    expect(out.headers.getSetCookie().some((c) => /^yuqing_session=;/.test(c))).toBe(true)
    expect((await viewer.request('/api/session')).status).toBe(401)
  })

  it('expires a session after twelve hours', async () => {
    let now = new Date('2026-11-26T04:00:00Z')
    const app = testApp(db.store, { now: () => now })
    const viewer = await signIn(app, 'viewer')
    now = new Date('2026-11-26T15:59:00Z')
    expect((await viewer.request('/api/days')).status).toBe(200)
    now = new Date('2026-11-26T16:00:01Z')
    expect((await viewer.request('/api/days')).status).toBe(401)
  })
})

describe('first-start setup link', () => {
  it('creates the first admin with the printed token, signs them in, and then closes', async () => {
    const fresh = await openTestStore()
    try {
      const app = testApp(fresh.store, { setupToken: 'tok-123456' })
      expect(await (await app.request('/api/setup')).json()).toEqual({ open: true })
      const post = (token: string, name: string) =>
        app.request('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, name, password: PASSWORD }) }, from('10.5.0.1'))
      expect((await post('tok-wrong!', 'boss')).status).toBe(403)
      const created = await post('tok-123456', 'boss')
      expect(created.status).toBe(201)
      expect(await created.json()).toMatchObject({ user: { name: 'boss', role: 'admin' } })
      expect(created.headers.getSetCookie().some((c) => c.startsWith('yuqing_session='))).toBe(true)
      expect(await (await app.request('/api/setup')).json()).toEqual({ open: false })
      expect((await post('tok-123456', 'second')).status).toBe(410)
      // The refused second attempt is a write like any other: the log keeps it too.
      expect((await fresh.store.audit.events({})).map((e) => e.action)).toEqual(['POST /api/setup', 'setup', 'setup_failed'])
    } finally {
      await fresh.close()
    }
  })

  it('is closed when the app was started without a token', async () => {
    const fresh = await openTestStore()
    try {
      const app = testApp(fresh.store)
      expect(await (await app.request('/api/setup')).json()).toEqual({ open: false })
      const res = await app.request('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: '', name: 'boss', password: PASSWORD }) })
      expect(res.status).toBe(410)
    } finally {
      await fresh.close()
    }
  })
})

describe('users', () => {
  it('lets an admin add a user with a strong enough password, once per name, and logs it without the password', async () => {
    const admin = await signIn(testApp(db.store), 'admin')
    const weak = await admin.json('POST', '/api/users', { name: 'zhao', role: 'handler', password: 'short' })
    expect(weak.status).toBe(400)
    const added = await admin.json<{ name: string; role: string }>('POST', '/api/users', { name: 'zhao', role: 'handler', password: PASSWORD })
    expect(added).toMatchObject({ status: 201, body: { name: 'zhao', role: 'handler' } })
    expect((await admin.json('POST', '/api/users', { name: 'zhao', role: 'viewer', password: PASSWORD })).status).toBe(409)
    const audit = await admin.json<{ items: { action: string; details: unknown }[] }>('GET', '/api/audit?limit=3')
    expect(audit.body.items.map((e) => e.action)).toEqual(['POST /api/users', 'POST /api/users', 'POST /api/users'])
    expect(JSON.stringify(audit.body)).not.toContain(PASSWORD)
    expect((await signIn(testApp(db.store), 'zhao')).csrf).toBeTruthy()
  })
})
