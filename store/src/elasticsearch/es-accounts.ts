import type { estypes } from '@elastic/elasticsearch'
import type { AccountStore, Session, User } from '../accounts-store.ts'
import type { AuditEvent, AuditLog } from '../audit-log.ts'
import { MAX_PAGE, type EsContext } from './context.ts'
import { request, statusOf, storeError } from './es-errors.ts'

type UserDocument = User & { passwordHash: string }

const userOf = ({ id, name, role, createdAt }: User): User => ({ id, name, role, createdAt })

/**
 * Users and sessions. A user document's id is the user's name: Elasticsearch has no unique
 * constraint besides the id, and a `create` that answers 409 is how "the name is taken" is known
 * even when two admins add the same name at once.
 */
export function esAccounts(ctx: EsContext): AccountStore {
  const { client, names } = ctx
  const refresh = ctx.recordsRefresh

  async function firstUser(query: estypes.QueryDslQueryContainer): Promise<UserDocument | undefined> {
    const response = await request(names.users, () => client.search<UserDocument>({ index: names.users, query, size: 1 }))
    return response.hits.hits[0]?._source
  }

  return {
    async addUser(user) {
      try {
        await client.index({ index: names.users, id: user.name, document: user satisfies UserDocument, op_type: 'create', refresh })
        return userOf(user)
      } catch (error) {
        if (statusOf(error) === 409) return undefined
        throw storeError(`${names.users}/${user.name}`, error)
      }
    },
    async userByName(name) {
      const response = await request(`${names.users}/${name}`, () => client.get<UserDocument>({ index: names.users, id: name }, { ignore: [404] }))
      return response.found ? response._source : undefined
    },
    async user(id) {
      const found = await firstUser({ term: { id } })
      return found ? userOf(found) : undefined
    },
    async users() {
      const response = await request(names.users, () => client.search<UserDocument>({ index: names.users, size: MAX_PAGE, sort: [{ name: 'asc' }] }))
      return response.hits.hits.flatMap((h) => (h._source ? [userOf(h._source)] : []))
    },
    async hasAdmin() {
      return (await firstUser({ term: { role: 'admin' } })) !== undefined
    },
    async addSession(session) {
      // Expired sessions are dropped here: sign-ins are rare enough to carry the clean-up.
      await request(names.sessions, () =>
        client.deleteByQuery({ index: names.sessions, query: { range: { expiresAt: { lte: session.createdAt } } }, conflicts: 'proceed' }),
      )
      await request(names.sessions, () => client.index({ index: names.sessions, id: session.tokenHash, document: session, refresh }))
    },
    async session(tokenHash, now) {
      const response = await request(names.sessions, () => client.get<Session>({ index: names.sessions, id: tokenHash }, { ignore: [404] }))
      const session = response.found ? response._source : undefined
      if (!session || Date.parse(session.expiresAt) <= now.getTime()) return undefined
      const user = await firstUser({ term: { id: session.userId } })
      return user ? { session, user: userOf(user) } : undefined
    },
    async removeSession(tokenHash) {
      await request(names.sessions, () => client.delete({ index: names.sessions, id: tokenHash, refresh }, { ignore: [404] }))
    },
  }
}

/**
 * The audit log: events are only ever created (`op_type: create`, id = sequence number), never
 * updated or deleted by this code. Elasticsearch cannot refuse an update the way SQLite's
 * triggers do; give the application's user the `create_doc` privilege alone on this index
 * (see README) to get the same guarantee from the cluster.
 */
export function esAuditLog(ctx: EsContext): AuditLog {
  const { client } = ctx
  const index = ctx.names.audit
  return {
    async append(event) {
      const seq = ctx.nextSeq()
      const doc: AuditEvent = { ...event, details: event.details ?? null, seq }
      await request(index, () => client.index({ index, id: String(seq), document: doc, op_type: 'create', refresh: ctx.recordsRefresh }))
    },
    async events({ before, actor, limit }) {
      const filter: estypes.QueryDslQueryContainer[] = []
      if (before !== undefined) filter.push({ range: { seq: { lt: before } } })
      if (actor !== undefined) filter.push({ term: { actor } })
      const response = await request(index, () => client.search<AuditEvent>({ index, query: { bool: { filter } }, sort: [{ seq: 'desc' }], size: limit ?? 100 }))
      return response.hits.hits.flatMap((h) => (h._source ? [h._source] : []))
    },
  }
}
