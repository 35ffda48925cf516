import type { Session, User } from '@yuqing/store'

/** What middleware hands to routes through the context. */
export interface AppEnv {
  Variables: {
    /** The signed-in user; undefined on public routes without a session. */
    user: User | undefined
    session: Session | undefined
    /** The client's address, as the audit log records it. */
    address: string
    /** Set by routes that write their own audit event (sign-in, setup), so the write is not logged twice. */
    audited: boolean
    /** What a write changed, for its audit event. */
    auditDetails: unknown
  }
}
