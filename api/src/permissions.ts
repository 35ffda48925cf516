import type { Role } from '@yuqing/store'

export type Permission =
  | 'read'
  | 'alerts:acknowledge'
  | 'alerts:silence'
  | 'tasks:create'
  | 'tasks:assign'
  | 'tasks:handle'
  | 'tasks:evaluate'
  | 'tasks:comment'
  | 'audit:read'
  | 'rules:preview'
  | 'posts:label'
  | 'users:manage'
  | 'queue:manage'

/** `public`: anyone; `signed-in`: any role. */
export type Access = Permission | 'public' | 'signed-in'

/** What each role may do: analysts study, relabel and assign, handlers handle, viewers read. */
export const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'alerts:acknowledge', 'alerts:silence', 'tasks:create', 'tasks:assign', 'tasks:handle', 'tasks:evaluate', 'tasks:comment', 'audit:read', 'users:manage', 'rules:preview', 'queue:manage', 'posts:label'],
  analyst: ['read', 'alerts:acknowledge', 'alerts:silence', 'tasks:create', 'tasks:assign', 'tasks:evaluate', 'tasks:comment', 'rules:preview', 'posts:label'],
  handler: ['read', 'alerts:acknowledge', 'tasks:handle', 'tasks:comment'],
  viewer: ['read'],
}

/**
 * Every route and who may call it, in one place. A route missing here answers 500 (and a test
 * fails), so nothing is reachable by omission.
 */
export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /metrics': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'POST /api/login': 'public',
  'GET /api/setup': 'public',
  'POST /api/setup': 'public',
  'GET /api/session': 'signed-in',
  'GET /api/me': 'signed-in',
  'POST /api/logout': 'signed-in',
  'GET /api/users': 'users:manage',
  'POST /api/users': 'users:manage',
  'GET /api/audit': 'audit:read',
  'GET /api/queue/dead-letters': 'queue:manage',
  'POST /api/queue/dead-letters/:id/retry': 'queue:manage',

  'GET /api/status': 'read',
  'GET /api/sources': 'read',
  'GET /api/days': 'read',
  'GET /api/home': 'read',
  'GET /api/terms/:term': 'read',
  'GET /api/terms/:term/profile': 'read',
  'POST /api/posts/:id/sentiment': 'posts:label',
  'GET /api/hotwords': 'read',
  'GET /api/trends': 'read',
  'GET /api/topics': 'read',
  'GET /api/rising': 'read',
  'GET /api/posts': 'read',
  'GET /api/posts/:id': 'read',
  'GET /api/live': 'read',
  'GET /api/brief': 'read',
  'GET /api/terms/:term/report': 'read',
  'GET /api/exports/hotwords': 'read',
  'GET /api/exports/topics': 'read',
  'GET /api/exports/tasks': 'read',
  'GET /api/exports/relabelled': 'read',

  'GET /api/alerts': 'read',
  'GET /api/alerts/:id': 'read',
  'POST /api/alerts/:id/acknowledge': 'alerts:acknowledge',
  'GET /api/silences': 'read',
  'POST /api/silences': 'alerts:silence',
  'DELETE /api/silences/:id': 'alerts:silence',
  'GET /api/rules': 'read',
  'POST /api/rules/preview': 'rules:preview',

  'GET /api/tasks': 'read',
  'GET /api/tasks/:id': 'read',
  'POST /api/tasks': 'tasks:create',
  'POST /api/tasks/:id/assign': 'tasks:assign',
  'POST /api/tasks/:id/start': 'tasks:handle',
  'POST /api/tasks/:id/resolve': 'tasks:handle',
  'POST /api/tasks/:id/evaluate': 'tasks:evaluate',
  'POST /api/tasks/:id/reopen': 'tasks:evaluate',
  'POST /api/tasks/:id/comments': 'tasks:comment',
}

export function allows(role: Role, access: Access): boolean {
  return access === 'public' || access === 'signed-in' || GRANTS[role].includes(access)
}
