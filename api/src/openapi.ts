import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import type { AppEnv } from './env.ts'
import { HttpError } from './http-error.ts'

/** A router whose validation failures come out in the API's one error shape, naming the field. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return
      const issue = result.error.issues[0]
      const where = issue?.path.join('.') || result.target
      throw new HttpError(400, 'invalid_request', `${where}: ${issue?.message ?? 'invalid'}`, result.error.issues)
    },
  })
}

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error')

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } })

/** The errors any guarded route may answer with. */
export const guardedErrors = {
  400: errorResponse('invalid input: `message` names the field'),
  401: errorResponse('no session: sign in first'),
  403: errorResponse('the role lacks the permission, or the CSRF header is missing on a write'),
} as const

export function jsonOf<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

/** A JSON request body. */
export function bodyOf<T extends ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } }
}
