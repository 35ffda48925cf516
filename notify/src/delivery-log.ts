/**
 * Which messages have reached which channel, by idempotency key. The notifier asks before sending
 * and records after, so a message is sent to a channel once. The shape matches the store's alert
 * outbox (`AlertStore.wasDelivered` / `markDelivered`), which keeps the record across restarts.
 */
export interface DeliveryLog {
  wasDelivered(key: string): Promise<boolean>
  markDelivered(key: string, at: Date): Promise<void>
}

/** Remembers deliveries for the life of the process; the newest `capacity` keys are kept. */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly #delivered = new Map<string, Date>()
  readonly #capacity: number

  constructor(capacity = 100_000) {
    this.#capacity = capacity
  }

  async wasDelivered(key: string): Promise<boolean> {
    return this.#delivered.has(key)
  }

  async markDelivered(key: string, at: Date): Promise<void> {
    this.#delivered.delete(key)
    this.#delivered.set(key, at)
    // A Map iterates in insertion order, so the first key is the oldest.
    for (const oldest of this.#delivered.keys()) {
      if (this.#delivered.size <= this.#capacity) break
      this.#delivered.delete(oldest)
    }
  }
}
