import type { AlertMessage, AlertRecord, AlertSeverity, Silence } from '@yuqing/core'

/** A message to queue with a rule's new state. */
export interface OutgoingMessage {
  message: AlertMessage
  /** Channel ids to deliver it to; none when suppressed. */
  channels: readonly string[]
  /** A silence held it back: kept in the history, delivered nowhere. */
  suppressed: boolean
}

/** One message for one channel, waiting in the outbox. */
export interface Delivery {
  /** The idempotency key (`alertId/sequence/channel`). */
  key: string
  channel: string
  message: AlertMessage
  attempts: number
  lastError: string | null
  createdAt: string
}

/** An episode as lists show it. */
export interface AlertSummary {
  alertId: string
  ruleId: string
  group: string
  state: 'firing' | 'resolved'
  severity: AlertSeverity
  summary: string
  /** The summary in English; null for an alert raised before summaries had one. */
  summaryEn: string | null
  startsAt: string
  endsAt: string | null
  acknowledgedAt: string | null
  acknowledgedBy: string | null
  updatedAt: string
}

export interface AlertDetail extends AlertSummary {
  /** Every message of the episode, first first, with the evidence each carried. */
  messages: (AlertMessage & { suppressed: boolean })[]
  /** Deliveries of its messages: channel, delivered or not, attempts, last error. */
  deliveries: { key: string; channel: string; deliveredAt: string | null; attempts: number; lastError: string | null; givenUp: boolean }[]
}

/**
 * The alert lifecycle's memory: rule states, episodes, their messages and an outbox of deliveries.
 * `commit` writes a rule's new state and its message's deliveries together, so a crash leaves
 * either both or neither: no alert lost, and a restart finds undelivered messages in the outbox.
 */
export interface AlertStore {
  records(): Promise<AlertRecord[]>
  record(ruleId: string, group: string): Promise<AlertRecord | undefined>
  recordOfAlert(alertId: string): Promise<AlertRecord | undefined>
  commit(record: AlertRecord, outgoing?: OutgoingMessage): Promise<void>
  /** Undelivered messages not given up, oldest first. */
  pendingDeliveries(limit: number): Promise<Delivery[]>
  markDelivered(key: string, at: Date): Promise<void>
  markFailedAttempt(key: string, error: string): Promise<void>
  /** The channel refused for good: the delivery leaves the outbox, its error stays for the API. */
  markGivenUp(key: string, error: string): Promise<void>
  wasDelivered(key: string): Promise<boolean>
  alerts(query: { state?: 'firing' | 'resolved'; limit?: number }): Promise<AlertSummary[]>
  alert(alertId: string): Promise<AlertDetail | undefined>
  addSilence(silence: Silence): Promise<void>
  /** Silences still in force at `now`. */
  silences(now: Date): Promise<Silence[]>
  removeSilence(id: string): Promise<boolean>
}
