/**
 * The error classes carry the policy; catch sites decide by class, never by parsing messages.
 * - `RetryableError`: a passing fault (timeout, 5xx, busy database). Try again with backoff.
 * - `InputError`: bad input (a malformed line, a broken definition file). Report where, skip, go on.
 * - `CriticalError`: the process cannot do its work (data dir not writable). Stop.
 */
export class YuqingError extends Error {
  /** Where the problem is: a file:line, a URL, a field path. */
  readonly where: string | undefined

  constructor(message: string, options: { where?: string; cause?: unknown } = {}) {
    super(options.where ? `${options.where}: ${message}` : message, { cause: options.cause })
    this.name = new.target.name
    this.where = options.where
  }
}

export class RetryableError extends YuqingError {}
export class InputError extends YuqingError {}
export class CriticalError extends YuqingError {}

export function isRetryable(error: unknown): boolean {
  return error instanceof RetryableError
}

/** The message of anything thrown, for logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
