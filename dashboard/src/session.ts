import { createContext, useContext } from 'react'
import type { MeResponse, Permission } from './api.ts'

export interface SessionInfo {
  me: MeResponse
  signOut: () => void
}

export const SessionContext = createContext<SessionInfo | undefined>(undefined)

/** The signed-in user and a check of their role's permissions: a button the API would refuse is not shown. */
export function useSession() {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside the signed-in app')
  return { ...session, can: (permission: Permission) => session.me.permissions.includes(permission) }
}
