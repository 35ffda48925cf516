/** One write or login, as the audit log keeps it. */
export interface AuditEvent {
  seq: number
  at: string
  /** The user's name; null for an anonymous attempt (a failed login names the user tried in `target`). */
  actor: string | null
  /** `METHOD /route` for writes, `login` / `login_failed` / `logout` / `setup` for accounts. */
  action: string
  target: string
  /** The client address the request came from. */
  address: string
  /** HTTP status of the answer. */
  status: number
  details: unknown
}

export interface AuditQuery {
  /** Events before this sequence number (paging backwards). */
  before?: number | undefined
  actor?: string | undefined
  limit?: number | undefined
}

/** Append-only: there is no way to change or remove an event, here or in the database (triggers refuse it). */
export interface AuditLog {
  append(event: Omit<AuditEvent, 'seq'>): Promise<void>
  /** Newest first. */
  events(query: AuditQuery): Promise<AuditEvent[]>
}
