import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { Notifier } from './notifier.ts'
import type { SseEvent } from './sse-hub.ts'
import { SseHub, formatSseEvent, sseChannel } from './sse-hub.ts'
import { alertMessage } from './testing/alert-fixture.ts'
import { ManualClock } from './testing/manual-clock.ts'

function hubWith(count: number, bufferSize = 10) {
  const hub = new SseHub({ bufferSize, clock: new ManualClock(1_000) })
  const events = Array.from({ length: count }, (_, i) => hub.publish(`a${i}/1/live`, alertMessage({ alertId: `a${i}` })))
  return { hub, events }
}

describe('SSE hub', () => {
  it('numbers events in increasing order', () => {
    const { events } = hubWith(5)
    const ids = events.map((e) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(5)
  })

  it('replays only the events after Last-Event-ID, then streams new ones', () => {
    const { hub, events } = hubWith(5)
    const seen: SseEvent[] = []

    const subscription = hub.subscribe((e) => seen.push(e), String(events[2]?.id))
    const next = hub.publish('a5/1/live', alertMessage({ alertId: 'a5' }))

    expect(subscription).toMatchObject({ replayed: 2, gap: false })
    expect(seen.map((e) => e.data.message.alertId)).toEqual(['a3', 'a4', 'a5'])
    expect(seen.at(-1)?.id).toBe(next.id)
  })

  it('replays nothing to a client without Last-Event-ID, or with one that is not a number', () => {
    const { hub } = hubWith(3)
    const seen: SseEvent[] = []
    expect(hub.subscribe((e) => seen.push(e)).replayed).toBe(0)
    expect(hub.subscribe((e) => seen.push(e), 'yesterday').replayed).toBe(0)
    expect(seen).toEqual([])
  })

  it('says there is a gap when Last-Event-ID fell out of the bounded buffer', () => {
    const { hub, events } = hubWith(8, 3)
    const seen: SseEvent[] = []

    const subscription = hub.subscribe((e) => seen.push(e), String(events[1]?.id))

    expect(subscription).toMatchObject({ replayed: 3, gap: true })
    expect(seen.map((e) => e.data.message.alertId)).toEqual(['a5', 'a6', 'a7'])
  })

  it('stops sending after unsubscribe, and drops a listener that throws without troubling the others', () => {
    const { hub } = hubWith(0)
    const kept: string[] = []
    const left: string[] = []
    hub.subscribe((e) => kept.push(e.data.key))
    const leaving = hub.subscribe((e) => left.push(e.data.key))
    hub.subscribe(() => {
      throw new Error('response already closed')
    })

    hub.publish('x/1/live', alertMessage({ alertId: 'x' }))
    leaving.unsubscribe()
    hub.publish('y/1/live', alertMessage({ alertId: 'y' }))

    expect(kept).toEqual(['x/1/live', 'y/1/live'])
    expect(left).toEqual(['x/1/live'])
    expect(hub.size).toBe(1)
  })

  it('keeps ids above those of a previous process, which started from an earlier clock', () => {
    const earlier = new SseHub({ clock: new ManualClock(1_000) })
    const last = earlier.publish('k/1/live', alertMessage()).id
    const later = new SseHub({ clock: new ManualClock(5_000) })
    expect(later.publish('k/2/live', alertMessage()).id).toBeGreaterThan(last)
  })

  it('publishes through the notifier once per message, like any channel', async () => {
    const hub = new SseHub()
    const seen: SseEvent[] = []
    hub.subscribe((e) => seen.push(e))
    const notifier = new Notifier({ channels: [{ channel: sseChannel('live', hub) }], clock: new ManualClock() })

    await notifier.deliver(alertMessage({ alertId: 'live-1' }))
    await notifier.deliver(alertMessage({ alertId: 'live-1' }))

    expect(seen.map((e) => e.data.key)).toEqual(['live-1/1/live'])
  })

  it('serves a reconnecting browser what it missed over a real text/event-stream response', async () => {
    const { hub, events } = hubWith(4)
    // What the API does with the hub: one response per client, Last-Event-ID from the header.
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      const subscription = hub.subscribe((e) => res.write(formatSseEvent(e)), req.headers['last-event-id'] as string | undefined)
      req.on('close', () => subscription.unsubscribe())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const controller = new AbortController()
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'last-event-id': String(events[1]?.id) }, signal: controller.signal })
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader()
      let text = ''
      while (reader && (text.match(/\n\n/g) ?? []).length < 2) text += (await reader.read()).value ?? ''

      const frames = text.split('\n\n').filter((f) => f !== '')
      expect(frames.map((f) => /^id: (\d+)$/m.exec(f)?.[1])).toEqual([String(events[2]?.id), String(events[3]?.id)])
      expect(frames[0]).toMatch(/^event: alert$/m)
      const data = JSON.parse(/^data: (.*)$/m.exec(frames[0] ?? '')?.[1] ?? '{}') as SseEvent['data']
      expect(data.message.alertId).toBe('a2')
    } finally {
      controller.abort()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
