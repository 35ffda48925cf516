import { createRoute, z } from '@hono/zod-openapi'
import { HttpError } from '../http-error.ts'
import { guardedErrors, jsonOf, router } from '../openapi.ts'
import { GRANTS, type Permission } from '../permissions.ts'
import { User } from '../schemas.ts'

const PERMISSIONS = [...new Set(Object.values(GRANTS).flat())] as [Permission, ...Permission[]]

/**
 * `GET /api/me`: who is signed in and what their role may do, so a client shows only the buttons
 * that will work; and the zone of the days and hours, in which the dashboard shows and reads times.
 */
export function meRoutes(timezone: string) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['accounts'],
      summary: 'The signed-in user, the CSRF token to echo on writes, and the permissions of their role',
      responses: {
        200: jsonOf(
          z.object({
            user: User,
            csrfToken: z.string(),
            permissions: z.array(z.enum(PERMISSIONS)),
            timezone: z.string().openapi({ description: 'the configured time zone (IANA) of days and hours: times are shown, and deadlines read, on its clock', example: 'Asia/Shanghai' }),
          }),
          'the session',
        ),
        ...guardedErrors,
      },
    }),
    (c) => {
      const user = c.get('user')
      const session = c.get('session')
      if (!user || !session) throw new HttpError(401, 'unauthenticated', 'sign in first (POST /api/login)')
      return c.json({ user, csrfToken: session.csrfToken, permissions: [...GRANTS[user.role]], timezone }, 200)
    },
  )
}
