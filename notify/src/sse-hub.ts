import type { AlertMessage } from '@yuqing/core'
import type { Channel } from './channel.ts'
import type { Clock } from './clock.ts'
import { systemClock } from './clock.ts'

/** One server-sent event as the hub keeps it. */
export interface SseEvent {
  /** Increasing; a client sends the last one it saw back as `Last-Event-ID`. */
  id: number
  event: 'alert'
  data: { key: string; message: AlertMessage }
}

export type SseListener = (event: SseEvent) => void

export interface Subscription {
  /** Events after `Last-Event-ID` still in the buffer, oldest first; already handed to the listener. */
  replayed: number
  /**
   * True when `Last-Event-ID` is older than the buffer reaches: the client missed events and
   * should reload the alert list instead of trusting the stream.
   */
  gap: boolean
  unsubscribe(): void
}

/**
 * Live alerts for the dashboard: an in-process broadcaster the API mounts on an SSE route. It
 * keeps the last `bufferSize` events so a client that reconnects with `Last-Event-ID` gets what it
 * missed. Ids start from the clock's milliseconds, so after a restart they still run above the
 * ids clients saw from the previous process.
 */
export class SseHub {
  readonly #buffer: SseEvent[] = []
  readonly #listeners = new Set<SseListener>()
  readonly #bufferSize: number
  readonly #clock: Clock
  #lastId = 0
  /** The newest id pushed out of the buffer: a client behind it has missed events. */
  #evictedUpTo = 0

  constructor(options: { bufferSize?: number; clock?: Clock } = {}) {
    this.#bufferSize = Math.max(1, options.bufferSize ?? 500)
    this.#clock = options.clock ?? systemClock
  }

  get size(): number {
    return this.#listeners.size
  }

  publish(key: string, message: AlertMessage): SseEvent {
    this.#lastId = Math.max(this.#lastId + 1, Math.floor(this.#clock.now()))
    const event: SseEvent = { id: this.#lastId, event: 'alert', data: { key, message } }
    this.#buffer.push(event)
    if (this.#buffer.length > this.#bufferSize) this.#evictedUpTo = this.#buffer.shift()?.id ?? this.#evictedUpTo
    for (const listener of [...this.#listeners]) this.#deliver(listener, event)
    return event
  }

  /**
   * Replays what came after `lastEventId` (the header as received: absent, or not a number,
   * means a fresh client that wants only new events), then streams every new event.
   */
  subscribe(listener: SseListener, lastEventId?: string | null): Subscription {
    const last = lastEventId === undefined || lastEventId === null ? NaN : Number(lastEventId.trim())
    let replayed = 0
    let gap = false
    let alive = true
    if (Number.isSafeInteger(last)) {
      gap = last < this.#evictedUpTo
      for (const event of this.#buffer) {
        if (alive && event.id > last) {
          alive = this.#deliver(listener, event)
          replayed++
        }
      }
    }
    if (alive) this.#listeners.add(listener)
    return { replayed, gap, unsubscribe: () => this.#listeners.delete(listener) }
  }

  /** A listener that throws (a closed response) is dropped; it must not stop the others. */
  #deliver(listener: SseListener, event: SseEvent): boolean {
    try {
      listener(event)
      return true
    } catch {
      this.#listeners.delete(listener)
      return false
    }
  }
}

/** One event in the `text/event-stream` wire format (WHATWG HTML §9.2). */
export function formatSseEvent(event: SseEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`
}

/** The hub as a channel, so the notifier sends to the dashboard like to any robot. */
export function sseChannel(id: string, hub: SseHub): Channel {
  return {
    id,
    kind: 'sse',
    async send(message, context) {
      hub.publish(context.key, message)
    },
  }
}
