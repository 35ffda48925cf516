import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryLiveFeed, type LiveEvent } from './live-feed.ts'
import { addRoleUsers, openTestStore, signIn, testApp, type Client, type TestStore } from './test-kit.ts'

let db: TestStore
const live = memoryLiveFeed()
let viewer: Client
beforeAll(async () => {
  db = await openTestStore()
  await addRoleUsers(db.store)
  viewer = await signIn(testApp(db.store, { live }), 'viewer')
})
afterAll(async () => {
  await db.close()
})

/** Reads Server-Sent Events from a response until `count` have arrived, then hangs up. */
async function readEvents(res: Response, count: number, abort: AbortController): Promise<LiveEvent[]> {
  const reader = res.body?.getReader()
  if (!reader) throw new Error('no body')
  const decoder = new TextDecoder()
  const events: LiveEvent[] = []
  let buffer = ''
  while (events.length < count) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2)
      const data = field('data')
      if (data !== undefined) events.push({ id: field('id') ?? '', event: field('event') ?? '', data })
    }
  }
  abort.abort()
  await reader.cancel().catch(() => undefined)
  return events
}

describe('live stream', () => {
  it('needs a session', async () => {
    expect((await testApp(db.store, { live }).request('/api/live')).status).toBe(401)
  })

  it('streams events published after connecting', async () => {
    const abort = new AbortController()
    const res = await viewer.request('/api/live', { signal: abort.signal })
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reading = readEvents(res, 2, abort)
    live.publish('alert', { alertId: 'ep1', summary: '停水' })
    live.publish('task', { id: 't1', state: 'assigned' })
    const events = await reading
    expect(events.map((e) => [e.event, JSON.parse(e.data) as unknown])).toEqual([
      ['alert', { alertId: 'ep1', summary: '停水' }],
      ['task', { id: 't1', state: 'assigned' }],
    ])
  })

  it('ends the stream after sign-out and sends nothing more', async () => {
    const leaving = await signIn(testApp(db.store, { live }), 'viewer')
    const abort = new AbortController()
    const res = await leaving.request('/api/live', { signal: abort.signal })
    const reader = res.body?.getReader()
    if (!reader) throw new Error('no body')
    expect((await leaving.request('/api/logout', { method: 'POST' })).status).toBe(200)
    // The session is looked up again at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    live.publish('alert', { alertId: 'after-sign-out', summary: '不应送达' })
    let received = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      received += new TextDecoder().decode(value)
    }
    expect(received).not.toContain('after-sign-out')
    abort.abort()
  })

  it('resumes after Last-Event-ID with exactly the events missed', async () => {
    const seen: LiveEvent[] = []
    const stop = live.subscribe(undefined, (e) => seen.push(e))
    live.publish('task', { n: 1 })
    live.publish('task', { n: 2 })
    live.publish('task', { n: 3 })
    stop()
    const abort = new AbortController()
    const res = await viewer.request('/api/live', { signal: abort.signal, headers: { 'last-event-id': seen[0]?.id ?? '' } })
    const events = await readEvents(res, 2, abort)
    expect(events.map((e) => JSON.parse(e.data) as unknown)).toEqual([{ n: 2 }, { n: 3 }])
    expect(events.map((e) => e.id)).toEqual([seen[1]?.id, seen[2]?.id])
  })

  it('tells a client whose last event is no longer held (or from an earlier run) to reload', () => {
    const small = memoryLiveFeed(2)
    const first: LiveEvent[] = []
    const stop = small.subscribe(undefined, (e) => first.push(e))
    for (let n = 1; n <= 4; n++) small.publish('task', { n })
    stop()
    const late: LiveEvent[] = []
    small.subscribe(first[0]?.id, (e) => late.push(e))()
    expect(late.map((e) => e.event)).toEqual(['reset'])
    const stranger: LiveEvent[] = []
    small.subscribe('an-id-of-another-run.3', (e) => stranger.push(e))()
    expect(stranger.map((e) => e.event)).toEqual(['reset'])
    const current: LiveEvent[] = []
    small.subscribe(first[2]?.id, (e) => current.push(e))()
    expect(current.map((e) => JSON.parse(e.data) as unknown)).toEqual([{ n: 4 }])
  })
})
