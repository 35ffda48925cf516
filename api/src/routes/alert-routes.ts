import { createRoute, z } from '@hono/zod-openapi'
import { Silence } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import type { AlertControl } from '../alert-control.ts'
import { HttpError } from '../http-error.ts'
import { bodyOf, ErrorBody, guardedErrors, jsonOf, router } from '../openapi.ts'
import { AlertDetail, AlertSummary } from '../schemas.ts'

export interface AlertDeps {
  store: Store
  alerting?: AlertControl | undefined
  now: () => Date
}

const Id = z.object({ id: z.string().max(200) })
const RuleList = z.object({
  rules: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      enabled: z.boolean(),
      severity: z.string(),
      file: z.string(),
      line: z.number().optional(),
      state: z.string().optional(),
      lastFiredAt: z.string().optional(),
    }),
  ),
  errors: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })),
})
const offline = { 503: jsonOf(ErrorBody, 'the alert engine is not running in this process') }

/** Alerts with their evidence and deliveries, silences, acknowledgement and the rule list. */
export function alertRoutes(deps: AlertDeps) {
  const { store } = deps
  const engine = (): AlertControl => {
    if (!deps.alerting) throw new HttpError(503, 'alerting_off', 'the alert engine is not running in this process')
    return deps.alerting
  }

  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/alerts',
        tags: ['alerts'],
        summary: 'Alert episodes, newest first',
        request: { query: z.object({ state: z.enum(['firing', 'resolved']).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }) },
        responses: { 200: jsonOf(z.object({ items: z.array(AlertSummary) }), 'alerts'), ...guardedErrors },
      }),
      async (c) => c.json({ items: await store.alerts.alerts(c.req.valid('query')) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/alerts/{id}',
        tags: ['alerts'],
        summary: 'An alert with every message, its evidence (posts, marked matches) and deliveries',
        request: { params: Id },
        responses: { 200: jsonOf(AlertDetail, 'the alert'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such alert') },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        const alert = await store.alerts.alert(id)
        if (!alert) throw new HttpError(404, 'not_found', `no alert ${id}`)
        return c.json(alert, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/alerts/{id}/acknowledge',
        tags: ['alerts'],
        summary: 'Acknowledge a firing alert: reminders stop until it resolves',
        request: { params: Id },
        responses: { 200: jsonOf(z.object({ ok: z.literal(true) }), 'acknowledged'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such firing alert'), ...offline },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        if (!(await engine().acknowledge(id, c.get('user')?.name ?? ''))) throw new HttpError(404, 'not_found', `no firing alert ${id}`)
        c.set('auditDetails', { alert: id })
        return c.json({ ok: true as const }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/silences',
        tags: ['alerts'],
        summary: 'Silences in force now',
        responses: { 200: jsonOf(z.object({ items: z.array(Silence) }), 'silences'), ...guardedErrors },
      }),
      async (c) => c.json({ items: await store.alerts.silences(deps.now()) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/silences',
        tags: ['alerts'],
        summary: 'Silence a rule (or one group of it, or every rule) until a time: messages are kept, not sent',
        request: {
          body: bodyOf(
            z.object({
              ruleId: z.string().max(100).nullable().default(null),
              group: z.string().max(200).nullable().default(null),
              endsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()),
              comment: z.string().trim().min(1).max(1000),
            }),
          ),
        },
        responses: { 201: jsonOf(Silence, 'the silence'), ...guardedErrors, ...offline },
      }),
      async (c) => {
        const input = c.req.valid('json')
        if (new Date(input.endsAt) <= deps.now()) throw new HttpError(400, 'invalid_request', 'endsAt: must be in the future')
        const silence = await engine().silence(input, c.get('user')?.name ?? '')
        c.set('auditDetails', silence)
        return c.json(silence, 201)
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/silences/{id}',
        tags: ['alerts'],
        summary: 'End a silence now',
        request: { params: Id },
        responses: { 200: jsonOf(z.object({ ok: z.literal(true) }), 'ended'), ...guardedErrors, 404: jsonOf(ErrorBody, 'no such silence'), ...offline },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        if (!(await engine().unsilence(id))) throw new HttpError(404, 'not_found', `no silence ${id}`)
        c.set('auditDetails', { silence: id })
        return c.json({ ok: true as const }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/rules',
        tags: ['alerts'],
        summary: 'The rules as loaded (read-only) and the validation errors of files that failed (file:line)',
        responses: { 200: jsonOf(RuleList, 'rules'), ...guardedErrors, ...offline },
      }),
      async (c) => c.json(await engine().rules(), 200),
    )
}
