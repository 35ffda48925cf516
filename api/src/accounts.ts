import { randomUUID } from 'node:crypto'
import type { Role, Store, User } from '@yuqing/store'
import { hashPassword, passwordProblem } from './password.ts'

export interface NewAccount {
  name: string
  role: Role
  password: string
}

/** Adds a user with a checked, hashed password: the API's `POST /api/users`, the setup link and `yuqing users add` all come here. */
export async function createUser(store: Store, input: NewAccount, now: Date): Promise<{ user: User } | { problem: 'weak_password' | 'name_taken'; field: 'password' | 'name'; message: string }> {
  const problem = passwordProblem(input.password)
  if (problem) return { problem: 'weak_password', field: 'password', message: problem }
  const user = await store.accounts.addUser({ id: randomUUID(), name: input.name, role: input.role, passwordHash: await hashPassword(input.password), createdAt: now.toISOString() })
  return user ? { user } : { problem: 'name_taken', field: 'name', message: `a user named "${input.name}" exists already` }
}
