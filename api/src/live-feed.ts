import { randomBytes } from 'node:crypto'

export interface LiveEvent {
  id: string
  event: string
  data: string
}

/** New alerts and task changes, pushed to every open `/api/live` stream. */
export interface LiveFeed {
  publish(type: string, data: unknown): void
  /**
   * Calls `send` for each event after `lastEventId` still held (a reconnect picks up where it left
   * off), then for each new one; returns the unsubscribe function. When `lastEventId` is from
   * before the held events or an earlier run, a `reset` event tells the client to reload.
   */
  subscribe(lastEventId: string | undefined, send: (event: LiveEvent) => void): () => void
}

/** The one-process feed: a bounded replay buffer in memory. */
export function memoryLiveFeed(replay = 500): LiveFeed {
  // Ids carry the run, so an id from before a restart is recognised as unknown, not misread.
  const run = randomBytes(4).toString('hex')
  const held: (LiveEvent & { seq: number })[] = []
  const listeners = new Set<(event: LiveEvent) => void>()
  let seq = 0

  const seqOf = (id: string): number | undefined => {
    const [idRun, n] = id.split('.')
    return idRun === run && n !== undefined && /^\d+$/.test(n) ? Number(n) : undefined
  }

  return {
    publish(type, data) {
      seq += 1
      const event = { id: `${run}.${seq}`, event: type, data: JSON.stringify(data), seq }
      held.push(event)
      if (held.length > replay) held.shift()
      for (const listener of listeners) listener({ id: event.id, event: event.event, data: event.data })
    },
    subscribe(lastEventId, send) {
      if (lastEventId !== undefined) {
        const after = seqOf(lastEventId)
        const oldest = held[0]?.seq ?? seq + 1
        if (after === undefined || after < oldest - 1) send({ id: `${run}.${seq}`, event: 'reset', data: JSON.stringify({ reason: 'missed events: reload' }) })
        else for (const e of held) if (e.seq > after) send({ id: e.id, event: e.event, data: e.data })
      }
      listeners.add(send)
      return () => listeners.delete(send)
    },
  }
}
