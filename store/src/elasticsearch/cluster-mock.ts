import { createRequire } from 'node:module'
import { Client } from '@elastic/elasticsearch'
import type * as Elasticsearch from '@elastic/elasticsearch'
import Mock from '@elastic/elasticsearch-mock'

// The mock tells an error answer from a body by `instanceof` against the client module it
// requires itself. Under vitest, this file's import is another instance of that module, so
// error answers are made from the mock's own.
const require = createRequire(import.meta.url)
const { errors } = createRequire(require.resolve('@elastic/elasticsearch-mock'))('@elastic/elasticsearch') as typeof Elasticsearch

/** A request as the client sent it (body parsed; NDJSON bodies as an array of lines). */
export interface SentRequest {
  method: string
  path: string
  querystring: Record<string, string>
  body: unknown
}

type Answer = (request: SentRequest) => unknown

/** The routes the store uses, as the client's mock matches them. */
const ROUTES = [
  'GET /',
  'PUT /_index_template/:name',
  'PUT /:index',
  'PUT /:index/_mapping',
  'DELETE /:index',
  'GET /_cat/indices/:index',
  'POST /:index/_search',
  'POST /:index/_count',
  'POST /_msearch',
  'POST /_mget',
  'POST /:index/_mget',
  'POST /_bulk',
  'GET /:index/_doc/:id',
  'PUT /:index/_doc/:id',
  'PUT /:index/_create/:id',
  'POST /:index/_update/:id',
  'DELETE /:index/_doc/:id',
  'POST /:index/_delete_by_query',
  'GET /:index/_refresh',
] as const
export type Route = (typeof ROUTES)[number]

const EMPTY_SEARCH = { took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { total: { value: 0, relation: 'eq' }, hits: [] } }

/** What an empty cluster answers. */
const DEFAULTS: Partial<Record<Route, Answer>> = {
  'GET /': () => ({ name: 'mock', cluster_name: 'mock', version: { number: '9.4.0' }, tagline: 'You Know, for Search' }),
  'PUT /_index_template/:name': () => ({ acknowledged: true }),
  'PUT /:index': (r) => ({ acknowledged: true, shards_acknowledged: true, index: r.path.slice(1) }),
  'PUT /:index/_mapping': () => ({ acknowledged: true }),
  'GET /_cat/indices/:index': () => [],
  'POST /:index/_search': () => EMPTY_SEARCH,
  'POST /:index/_count': () => ({ count: 0 }),
  'GET /:index/_refresh': () => ({ _shards: { total: 1, successful: 1, failed: 0 } }),
  'POST /_mget': (r) => ({ docs: ((r.body as { docs?: { _index: string; _id: string }[] }).docs ?? []).map((d) => ({ ...d, found: false })) }),
}

/** The connection failing, as the client sees a refused or dropped connection. */
export function connectionFailure(message: string): Elasticsearch.errors.ConnectionError {
  return new errors.ConnectionError(message)
}

/** An error answer with this status and Elasticsearch's error body. */
export function errorAnswer(statusCode: number, type: string, reason: string): Elasticsearch.errors.ResponseError {
  const body = { error: { type, reason, root_cause: [{ type, reason }] }, status: statusCode }
  return new errors.ResponseError({
    body,
    statusCode,
    headers: {},
    warnings: null,
    meta: { context: null, name: 'mock', request: { params: { method: 'GET', path: '/' }, options: {}, id: 1 }, connection: null, attempts: 0, aborted: false },
  })
}

/**
 * A client whose connection is `@elastic/elasticsearch-mock`: no server, every request recorded
 * and answered by the route's handler (the test's, else an empty cluster's).
 */
export function mockCluster() {
  const mock = new Mock()
  const sent: SentRequest[] = []
  const answers = new Map<Route, Answer>()
  for (const route of ROUTES) {
    const [method, path] = route.split(' ') as [string, string]
    mock.add({ method, path }, (params) => {
      const request: SentRequest = {
        method: params.method as string,
        path: decodeURIComponent(params.path as string),
        querystring: (params.querystring ?? {}) as Record<string, string>,
        body: params.body ?? null,
      }
      sent.push(request)
      const answer = answers.get(route) ?? DEFAULTS[route]
      return (answer ? answer(request) : errorAnswer(404, 'not_mocked', `${route} has no answer in this test`)) as Record<string, unknown>
    })
  }
  return {
    client: new Client({ node: 'http://mock.test:9200', Connection: mock.getConnection(), maxRetries: 0 }),
    /** Every request so far, oldest first. */
    sent,
    /** The requests of one route (by method and path prefix). */
    sentTo(method: string, pathStart: string): SentRequest[] {
      return sent.filter((r) => r.method === method && r.path.startsWith(pathStart))
    },
    answer(route: Route, answer: Answer): void {
      answers.set(route, answer)
    },
  }
}
