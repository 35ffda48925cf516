import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The API's one error type; `onError` turns it into `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  readonly status: ContentfulStatusCode
  readonly code: string
  readonly details: unknown

  constructor(status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}
