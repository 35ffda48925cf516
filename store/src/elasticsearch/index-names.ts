import { InputError } from '@yuqing/core'

/**
 * Where each kind of document lives. Posts go to one index per month of their local day
 * (`<prefix>-posts-2026.11`), all behind the alias `<prefix>-posts`, so retention drops whole
 * indices instead of deleting documents. The other records are small and live in one index each.
 */
export interface IndexNames {
  prefix: string
  /** Alias over every monthly post index (created by the template), for people and tools. */
  postsAlias: string
  /** What reads search: every monthly index, and none at all before the first post. */
  postsPattern: string
  postsOf(day: string): string
  alertState: string
  alerts: string
  alertMessages: string
  alertDeliveries: string
  silences: string
  users: string
  sessions: string
  tasks: string
  audit: string
  sources: string
}

/** Lower-case letters, digits, dots, dashes and underscores, not starting with a symbol: what Elasticsearch accepts in an index name. */
const PREFIX = /^[a-z0-9][a-z0-9._-]{0,100}$/

export function indexNames(prefix: string): IndexNames {
  if (!PREFIX.test(prefix)) {
    throw new InputError(`${JSON.stringify(prefix)} cannot start an Elasticsearch index name: use lower-case letters, digits, '.', '-' or '_'`, {
      where: 'indexPrefix',
    })
  }
  return {
    prefix,
    postsAlias: `${prefix}-posts`,
    postsPattern: `${prefix}-posts-*`,
    postsOf: (day) => `${prefix}-posts-${day.slice(0, 4)}.${day.slice(5, 7)}`,
    alertState: `${prefix}-alert-state`,
    alerts: `${prefix}-alerts`,
    alertMessages: `${prefix}-alert-messages`,
    alertDeliveries: `${prefix}-alert-deliveries`,
    silences: `${prefix}-silences`,
    users: `${prefix}-users`,
    sessions: `${prefix}-sessions`,
    tasks: `${prefix}-tasks`,
    audit: `${prefix}-audit`,
    sources: `${prefix}-sources`,
  }
}

/** The month (`YYYY-MM`) a monthly post index holds, or undefined for a name that is not one. */
export function monthOfPostsIndex(names: IndexNames, index: string): string | undefined {
  const match = /^(\d{4})\.(\d{2})$/.exec(index.slice(names.postsPattern.length - 1))
  return match && index.startsWith(names.postsPattern.slice(0, -1)) ? `${match[1]}-${match[2]}` : undefined
}

/** A document id made of parts, unambiguous whatever the parts contain. */
export function compoundId(...parts: string[]): string {
  return parts.map(encodeURIComponent).join('|')
}
