import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { MiddlewareHandler } from 'hono'
import { HttpError } from './http-error.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/**
 * Serves the built dashboard; any other non-API path gets `index.html` (client-side routes).
 * Paths are resolved inside `root` only.
 */
export function serveDashboard(root: string): MiddlewareHandler {
  const base = path.resolve(root)
  return async (c, next) => {
    if (c.req.path.startsWith('/api/') || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next()
    let decoded: string
    try {
      decoded = decodeURIComponent(c.req.path)
    } catch {
      throw new HttpError(400, 'invalid_request', `malformed percent-encoding in path ${c.req.path}`)
    }
    const wanted = path.resolve(base, `.${decoded}`)
    const inside = wanted.startsWith(base + path.sep)
    const file = inside && (await isFile(wanted)) ? wanted : path.join(base, 'index.html')
    if (!(await isFile(file))) return next()
    const body = await readFile(file)
    const immutable = file.includes(`${path.sep}assets${path.sep}`)
    return c.body(body, 200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}
