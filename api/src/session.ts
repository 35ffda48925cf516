import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { matchedRoutes } from 'hono/route'
import type { Store, User } from '@yuqing/store'
import type { AppEnv } from './env.ts'
import { HttpError } from './http-error.ts'
import { allows, ROUTE_ACCESS, type Access } from './permissions.ts'

export const SESSION_COOKIE = 'yuqing_session'
export const CSRF_COOKIE = 'yuqing_csrf'
export const CSRF_HEADER = 'x-csrf-token'
const SESSION_HOURS = 12

export interface SessionOptions {
  store: Store
  now: () => Date
  /** Believe `X-Forwarded-For` and `X-Forwarded-Proto` (set only behind a proxy you run). */
  trustProxy: boolean
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Where the request came from: the socket's address, or behind a trusted proxy the address that
 * proxy appended last to X-Forwarded-For (earlier entries are whatever the client chose to send).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) return forwarded
  }
  const env: unknown = c.env
  const incoming = typeof env === 'object' && env !== null && 'incoming' in env ? (env.incoming as { socket?: { remoteAddress?: string } }) : undefined
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

function overTls(c: Context, trustProxy: boolean): boolean {
  return new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto') === 'https')
}

/** The route a request matched, as the access table names it (`POST /api/tasks/:id/assign`). */
export function routeKey(c: Context): string | undefined {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')
  return route ? `${route.method} ${route.path}` : undefined
}

/** Is the request's session (its cookie) still valid now? For responses that outlive the request. */
export async function sessionAlive(c: Context, options: SessionOptions): Promise<boolean> {
  const token = getCookie(c, SESSION_COOKIE)
  return token !== undefined && (await options.store.accounts.session(hashToken(token), options.now())) !== undefined
}

/**
 * Loads the session, then enforces the route's access: 401 without a session, 403 without the
 * permission, and on every write by a signed-in user the CSRF token echoed in `X-CSRF-Token`.
 */
export function guard(options: SessionOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('address', clientAddress(c, options.trustProxy))
    const token = getCookie(c, SESSION_COOKIE)
    const found = token ? await options.store.accounts.session(hashToken(token), options.now()) : undefined
    c.set('user', found?.user)
    c.set('session', found?.session)
    const key = routeKey(c)
    // No route: the dashboard's files or a 404, neither of which reveals data.
    if (!key) return next()
    const access: Access | undefined = ROUTE_ACCESS[key]
    if (!access) throw new HttpError(500, 'internal', `route ${key} has no access rule`)
    if (access === 'public') return next()
    if (!found) throw new HttpError(401, 'unauthenticated', 'sign in first (POST /api/login)')
    if (!allows(found.user.role, access)) throw new HttpError(403, 'forbidden', `${found.user.role} may not ${key} (needs ${access})`)
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const sent = c.req.header(CSRF_HEADER) ?? ''
      const expected = found.session.csrfToken
      if (sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
        throw new HttpError(403, 'csrf', `missing or wrong ${CSRF_HEADER} header: send the value of the ${CSRF_COOKIE} cookie`)
      }
    }
    return next()
  }
}

/** Opens a session for `user`: an HttpOnly session cookie and a readable CSRF cookie the client echoes on writes. */
export async function openSession(c: Context<AppEnv>, user: User, options: SessionOptions): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const now = options.now()
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000)
  await options.store.accounts.addSession({ tokenHash: hashToken(token), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
  const secure = overTls(c, options.trustProxy)
  const base = { path: '/', sameSite: 'Lax', secure, expires: expiresAt } as const
  setCookie(c, SESSION_COOKIE, token, { ...base, httpOnly: true })
  setCookie(c, CSRF_COOKIE, csrfToken, base)
  return csrfToken
}

export async function closeSession(c: Context<AppEnv>, store: Store): Promise<void> {
  const session = c.get('session')
  if (session) await store.accounts.removeSession(session.tokenHash)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
  deleteCookie(c, CSRF_COOKIE, { path: '/' })
}
