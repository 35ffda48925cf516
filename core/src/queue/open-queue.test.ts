import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CriticalError } from '../errors.ts'
import { MemoryQueue } from '../memory-queue.ts'
import { BullQueue } from './bullmq-queue.ts'
import { openQueue } from './open-queue.ts'
import { checkRedis } from './redis.ts'

const redisUrl = 'redis://127.0.0.1:6379'

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('openQueue', () => {
  it('gives the in-process queue when no Redis URL is configured', async () => {
    const queue = openQueue('posts', { redisUrl: undefined, schema: z.string() })
    expect(queue).toBeInstanceOf(MemoryQueue)
    await queue.close()
  })

  it('gives a BullMQ queue on that Redis when a URL is configured', async () => {
    const queue = openQueue(`test-open-${process.pid}`, { redisUrl, schema: z.string() })
    expect(queue).toBeInstanceOf(BullQueue)
    await (queue as BullQueue<string>).obliterate()
  })
})

describe('checkRedis', () => {
  it('accepts a Redis that answers', async () => {
    await expect(checkRedis(redisUrl)).resolves.toBeUndefined()
  })

  it('refuses a closed port with the URL, the reason and what to do, and no password', async () => {
    const port = await closedPort()
    const error = await checkRedis(`redis://:s3cret@127.0.0.1:${port}`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CriticalError)
    const message = (error as Error).message
    expect(message).toContain(`REDIS_URL redis://:***@127.0.0.1:${port}`)
    expect(message).toContain('ECONNREFUSED')
    expect(message).toContain('unset REDIS_URL')
    expect(message).not.toContain('s3cret')
  })

  it('refuses a database number the server does not have', async () => {
    await expect(checkRedis('redis://127.0.0.1:6379/99')).rejects.toThrow(/DB index is out of range/)
  })

  it('gives up on a server that accepts the connection but never answers', async () => {
    const sockets: net.Socket[] = []
    const silent = net.createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as net.AddressInfo
    try {
      await expect(checkRedis(`redis://127.0.0.1:${port}`, { timeoutMs: 300 })).rejects.toThrow(
        new RegExp(`^REDIS_URL redis://127.0.0.1:${port}: Redis is unreachable .*no answer within 300 ms`),
      )
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })
})
