import { randomBytes } from 'node:crypto'
import type { Store } from '@yuqing/store'

/**
 * The one-time token of the first-start setup link (`/setup?token=…`), or undefined when an admin
 * exists. Random per start and kept in memory only: it works until someone creates the admin.
 */
export async function setupToken(store: Store): Promise<string | undefined> {
  return (await store.accounts.hasAdmin()) ? undefined : randomBytes(18).toString('base64url')
}
