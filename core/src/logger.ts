/** A small structured logger: one line per event on stderr, `key=value` fields after the message. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  child(scope: string): Logger
}

export function createLogger(options: { level?: LogLevel; scope?: string; write?: (line: string) => void } = {}): Logger {
  const min = order[options.level ?? 'info']
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const scope = options.scope
  const log = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < min) return
    const time = new Date().toISOString().slice(11, 19)
    const extra = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ')
    write(`${time} ${level.padEnd(5)} ${scope ? `[${scope}] ` : ''}${message}${extra ? ` ${extra}` : ''}`)
  }
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (child) => createLogger({ ...options, scope: scope ? `${scope}:${child}` : child }),
  }
}

/** For tests and library callers that want silence. */
export const silentLogger: Logger = createLogger({ write: () => {} })
