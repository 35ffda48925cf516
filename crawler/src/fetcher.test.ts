import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError, RetryableError, silentLogger } from '@yuqing/core'
import { defaultFetchPolicy, Fetcher, SkippedError } from './fetcher.ts'
import type { Clock } from './host-gate.ts'

/** Records the waits asked of it and returns at once: backoff is checked without waiting for it. */
function recordingClock(): Clock & { waits: number[] } {
  const waits: number[] = []
  return { waits, now: () => 0, sleep: async (ms) => void waits.push(ms) }
}

describe('the fetcher', () => {
  let server: Server
  let base = ''
  const hits = new Map<string, number>()
  let robotsStatus = 404
  beforeAll(async () => {
    server = createServer((req, res) => {
      const host = req.headers.host ?? ''
      hits.set(`${host}${req.url}`, (hits.get(`${host}${req.url}`) ?? 0) + 1)
      const status = req.url === '/robots.txt' ? robotsStatus : Number(req.url?.slice(1)) || 200
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(`status ${status}`)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const fetcher = (clock: Clock) => new Fetcher({ ...defaultFetchPolicy, delayMs: 0, retries: 3, backoffMs: 100, allowPrivateNetwork: true }, silentLogger, clock)

  it('retries a 5xx answer with a backoff that doubles, then gives up with the status', async () => {
    const clock = recordingClock()
    await expect(fetcher(clock).get(`${base}/503`)).rejects.toThrow(new RetryableError('HTTP 503'))
    expect(hits.get(`${new URL(base).host}/503`)).toBe(4)
    expect(clock.waits).toEqual([100, 200, 400])
  })

  it('does not retry a 4xx answer', async () => {
    const clock = recordingClock()
    await expect(fetcher(clock).get(`${base}/404`)).rejects.toThrow(new InputError('HTTP 404'))
    expect(hits.get(`${new URL(base).host}/404`)).toBe(1)
    expect(clock.waits).toEqual([])
  })

  it('treats a missing robots.txt as allowing all, and one the server fails to give as forbidding all', async () => {
    const clock = recordingClock()
    await expect(fetcher(clock).get(`${base}/200`)).resolves.toMatchObject({ status: 200 })
    robotsStatus = 503
    await expect(fetcher(clock).get(`${base}/201`)).rejects.toThrow(new SkippedError('disallowed by robots.txt (robots.txt unreadable: HTTP 503)'))
    expect(hits.get(`${new URL(base).host}/201`)).toBeUndefined()
  })
})
