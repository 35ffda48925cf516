export const ROLES = ['admin', 'analyst', 'handler', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export interface User {
  id: string
  name: string
  role: Role
  createdAt: string
}

/** A signed-in browser. The store keeps only a hash of the cookie's token, so a copied database opens no session. */
export interface Session {
  tokenHash: string
  userId: string
  /** The double-submit token every write must echo in a header. */
  csrfToken: string
  createdAt: string
  expiresAt: string
}

/**
 * Users and their sessions. Passwords arrive hashed (scrypt, by the API); the store never sees one
 * in clear.
 */
export interface AccountStore {
  /** Adds a user; `undefined` when the name is taken. */
  addUser(user: User & { passwordHash: string }): Promise<User | undefined>
  userByName(name: string): Promise<(User & { passwordHash: string }) | undefined>
  user(id: string): Promise<User | undefined>
  users(): Promise<User[]>
  /** Whether any admin exists: until one does, first start offers a setup link. */
  hasAdmin(): Promise<boolean>
  addSession(session: Session): Promise<void>
  /** The session and its user while it has not expired at `now`. */
  session(tokenHash: string, now: Date): Promise<{ session: Session; user: User } | undefined>
  removeSession(tokenHash: string): Promise<void>
}
