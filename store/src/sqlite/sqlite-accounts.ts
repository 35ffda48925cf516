import type Database from 'better-sqlite3'
import type { AccountStore, Role, Session, User } from '../accounts-store.ts'
import type { AuditEvent, AuditLog } from '../audit-log.ts'

interface UserRow {
  id: string
  name: string
  role: Role
  password_hash: string
  created_at: string
}

const userOf = (row: UserRow): User => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at })

/** Users and sessions in the embedded database (schema migration 2). */
export function sqliteAccounts(db: Database.Database): AccountStore {
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?')
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?')
  const sessionRow = db.prepare<[string, string], UserRow & { token_hash: string; user_id: string; csrf_token: string; s_created_at: string; expires_at: string }>(`
    SELECT s.token_hash, s.user_id, s.csrf_token, s.created_at AS s_created_at, s.expires_at, u.*
    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`)

  return {
    async addUser(user) {
      const added = db
        .prepare('INSERT INTO users (id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING')
        .run(user.id, user.name, user.role, user.passwordHash, user.createdAt)
      return added.changes === 1 ? { id: user.id, name: user.name, role: user.role, createdAt: user.createdAt } : undefined
    },
    async userByName(name) {
      const row = byName.get(name)
      return row ? { ...userOf(row), passwordHash: row.password_hash } : undefined
    },
    async user(id) {
      const row = byId.get(id)
      return row ? userOf(row) : undefined
    },
    async users() {
      return (db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(userOf)
    },
    async hasAdmin() {
      return db.prepare("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1").get() !== undefined
    },
    async addSession(session) {
      // Expired sessions are dropped here: sign-ins are rare enough to carry the clean-up.
      db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(session.createdAt)
      db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        session.tokenHash,
        session.userId,
        session.csrfToken,
        session.createdAt,
        session.expiresAt,
      )
    },
    async session(tokenHash, now) {
      const row = sessionRow.get(tokenHash, now.toISOString())
      if (!row) return undefined
      const session: Session = { tokenHash: row.token_hash, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.s_created_at, expiresAt: row.expires_at }
      return { session, user: userOf(row) }
    },
    async removeSession(tokenHash) {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash)
    },
  }
}

interface AuditRow {
  seq: number
  at: string
  actor: string | null
  action: string
  target: string
  address: string
  status: number
  details: string | null
}

/** The audit log table: this code only inserts and selects; triggers refuse UPDATE and DELETE. */
export function sqliteAuditLog(db: Database.Database): AuditLog {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, target, address, status, details) VALUES (?, ?, ?, ?, ?, ?, ?)')
  return {
    async append(e) {
      insert.run(e.at, e.actor, e.action, e.target, e.address, e.status, e.details === undefined ? null : JSON.stringify(e.details))
    },
    async events({ before, actor, limit }) {
      const where: string[] = []
      const params: unknown[] = []
      if (before !== undefined) {
        where.push('seq < ?')
        params.push(before)
      }
      if (actor !== undefined) {
        where.push('actor = ?')
        params.push(actor)
      }
      const rows = db
        .prepare(`SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`)
        .all(...params, limit ?? 100) as AuditRow[]
      return rows.map((r): AuditEvent => ({ ...r, details: r.details === null ? null : (JSON.parse(r.details) as unknown) }))
    },
  }
}
