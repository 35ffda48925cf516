import { timingSafeEqual } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Store } from '@yuqing/store'
import type { AppEnv } from '../env.ts'
import { HttpError } from '../http-error.ts'
import { bodyOf, ErrorBody, guardedErrors, jsonOf, router } from '../openapi.ts'
import { createUser, type NewAccount } from '../accounts.ts'
import { decoyHash, verifyPassword } from '../password.ts'
import { FailureLimiter } from '../rate-limit.ts'
import { AuditEvent, Role, User } from '../schemas.ts'
import { closeSession, openSession, type SessionOptions } from '../session.ts'

export interface AuthDeps extends SessionOptions {
  /** The one-time token of the setup link, while no admin exists. */
  setupToken?: string | undefined
}

const Credentials = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(200) })
const SignedIn = z.object({ user: User, csrfToken: z.string() })
const NewUser = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash or underscore'),
  role: Role,
  password: z.string(),
})
const tooMany = { 429: { description: 'too many failed sign-ins: wait `Retry-After` seconds', content: { 'application/json': { schema: ErrorBody } } } }

// Per user name: slows guessing one account. Per address: slows trying many accounts from one place.
const PER_USER = { failures: 5, windowMs: 15 * 60_000 }
const PER_ADDRESS = { failures: 20, windowMs: 15 * 60_000 }

/** Sign-in and out, the first admin's setup, user management and the audit log. */
export function authRoutes(deps: AuthDeps) {
  const { store } = deps
  const byUser = new FailureLimiter(PER_USER.failures, PER_USER.windowMs)
  const byAddress = new FailureLimiter(PER_ADDRESS.failures, PER_ADDRESS.windowMs)

  const audit = async (c: Context<AppEnv>, action: string, target: string, status: number, actor: string | null) => {
    c.set('audited', true)
    await store.audit.append({ at: deps.now().toISOString(), actor, action, target, address: c.get('address'), status, details: null })
  }

  /** 429 with Retry-After while either the name or the address has failed too often. */
  const checkLimits = (c: Context<AppEnv>, name: string) => {
    const now = deps.now().getTime()
    const wait = Math.max(byUser.retryAfter(name, now), byAddress.retryAfter(c.get('address'), now))
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      throw new HttpError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${wait} s`)
    }
  }

  const setupOpen = async () => deps.setupToken !== undefined && !(await store.accounts.hasAdmin())

  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/login',
        tags: ['accounts'],
        summary: 'Sign in: sets the session cookie (HttpOnly) and the CSRF cookie',
        request: { body: bodyOf(Credentials) },
        responses: { 200: jsonOf(SignedIn, 'signed in'), ...guardedErrors, ...tooMany },
      }),
      async (c) => {
        const { name, password } = c.req.valid('json')
        checkLimits(c, name)
        // Counted as a failure before the password is checked: attempts sent all at once cannot
        // pass the limit while their checks are still running. A success takes it back.
        const now = deps.now().getTime()
        byUser.fail(name, now)
        byAddress.fail(c.get('address'), now)
        const found = await store.accounts.userByName(name)
        // An unknown name costs one scrypt too: the answer time does not tell which names exist.
        const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()))
        if (!found || !ok) {
          await audit(c, 'login_failed', name, 401, null)
          throw new HttpError(401, 'invalid_credentials', 'wrong user name or password')
        }
        byUser.reset(name)
        byAddress.undo(c.get('address'))
        const user = { id: found.id, name: found.name, role: found.role, createdAt: found.createdAt }
        const csrfToken = await openSession(c, user, deps)
        await audit(c, 'login', name, 200, name)
        return c.json({ user, csrfToken }, 200)
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/logout', tags: ['accounts'], summary: 'Sign out', responses: { 200: jsonOf(z.object({ ok: z.literal(true) }), 'signed out'), ...guardedErrors } }),
      async (c) => {
        const user = c.get('user')
        await closeSession(c, store)
        await audit(c, 'logout', user?.name ?? '', 200, user?.name ?? null)
        return c.json({ ok: true as const }, 200)
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/session', tags: ['accounts'], summary: 'Who is signed in', responses: { 200: jsonOf(SignedIn, 'the session'), ...guardedErrors } }),
      (c) => {
        const user = c.get('user')
        const session = c.get('session')
        if (!user || !session) throw new HttpError(401, 'unauthenticated', 'sign in first (POST /api/login)')
        return c.json({ user, csrfToken: session.csrfToken }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/setup',
        tags: ['accounts'],
        summary: 'Whether the first admin may still be created through the setup link',
        responses: { 200: jsonOf(z.object({ open: z.boolean() }), 'setup state') },
      }),
      async (c) => c.json({ open: await setupOpen() }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/setup',
        tags: ['accounts'],
        summary: 'Create the first admin with the one-time token printed at first start; signs them in',
        request: { body: bodyOf(z.object({ token: z.string().max(200), name: NewUser.shape.name, password: z.string() })) },
        responses: { 201: jsonOf(SignedIn, 'admin created and signed in'), ...guardedErrors, 410: jsonOf(ErrorBody, 'an admin exists: setup is closed'), ...tooMany },
      }),
      async (c) => {
        const { token, name, password } = c.req.valid('json')
        checkLimits(c, name)
        if (!(await setupOpen()) || deps.setupToken === undefined) throw new HttpError(410, 'setup_closed', 'an admin exists already: sign in, or ask an admin for an account')
        const expected = Buffer.from(deps.setupToken)
        const sent = Buffer.from(token)
        if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
          byAddress.fail(c.get('address'), deps.now().getTime())
          await audit(c, 'setup_failed', name, 403, null)
          throw new HttpError(403, 'invalid_token', 'the setup token does not match the one printed at start')
        }
        const user = await addUser(store, { name, role: 'admin', password }, deps.now())
        const csrfToken = await openSession(c, user, deps)
        await audit(c, 'setup', name, 201, name)
        return c.json({ user, csrfToken }, 201)
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/users', tags: ['accounts'], summary: 'Every user and their role', responses: { 200: jsonOf(z.object({ items: z.array(User) }), 'users'), ...guardedErrors } }),
      async (c) => c.json({ items: await store.accounts.users() }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/users',
        tags: ['accounts'],
        summary: 'Add a user',
        request: { body: bodyOf(NewUser) },
        responses: { 201: jsonOf(User, 'added'), ...guardedErrors, 409: jsonOf(ErrorBody, 'the name is taken') },
      }),
      async (c) => {
        const input = c.req.valid('json')
        const user = await addUser(store, input, deps.now())
        c.set('auditDetails', { name: user.name, role: user.role })
        return c.json(user, 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/audit',
        tags: ['accounts'],
        summary: 'The audit log, newest first (append-only: there is no route to change it)',
        request: {
          query: z.object({
            actor: z.string().max(64).optional(),
            before: z.coerce.number().int().positive().optional().openapi({ description: 'events before this `seq` (the next page)' }),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
        responses: { 200: jsonOf(z.object({ items: z.array(AuditEvent) }), 'events'), ...guardedErrors },
      }),
      async (c) => c.json({ items: await store.audit.events(c.req.valid('query')) }, 200),
    )
}

async function addUser(store: Store, input: NewAccount, now: Date) {
  const result = await createUser(store, input, now)
  if ('user' in result) return result.user
  throw new HttpError(result.problem === 'name_taken' ? 409 : 400, result.problem === 'name_taken' ? 'name_taken' : 'invalid_request', `${result.field}: ${result.message}`)
}
