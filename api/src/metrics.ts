import type { MiddlewareHandler } from 'hono'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Store } from '@yuqing/store'
import { routeKey } from './session.ts'

/** Prometheus metrics of one app: HTTP traffic by route, and counts read from the store at scrape time. */
export function createMetrics(store: Store, now: () => Date) {
  const registry = new Registry()
  const requests = new Counter({ name: 'yuqing_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] })
  const latency = new Histogram({
    name: 'yuqing_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  new Gauge({
    name: 'yuqing_posts_stored',
    help: 'Posts in the store',
    registers: [registry],
    async collect() {
      this.set((await store.days()).reduce((sum, d) => sum + d.posts, 0))
    },
  })
  new Gauge({
    name: 'yuqing_alerts_firing',
    help: 'Alert episodes firing now',
    registers: [registry],
    async collect() {
      this.set((await store.alerts.alerts({ state: 'firing', limit: 100_000 })).length)
    },
  })
  new Gauge({
    name: 'yuqing_tasks_overdue',
    help: 'Open handling tasks past their due time (督办)',
    registers: [registry],
    async collect() {
      this.set((await store.tasks.overdueTasks(now())).length)
    },
  })

  // Each source's crawls, for a monitor to alert on a source that fails or stopped (one label a source).
  new Gauge({
    name: 'yuqing_source_bad_crawls',
    help: 'Crawls in a row, up to the latest, that failed or found nothing, by source',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      this.reset()
      for (const h of await store.sources.list()) this.set({ source: h.source }, h.badRuns)
    },
  })
  new Gauge({
    name: 'yuqing_source_last_crawl_timestamp_seconds',
    help: 'When the latest crawl of the source started (a crawler that stopped leaves it behind), by source',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      this.reset()
      for (const h of await store.sources.list()) this.set({ source: h.source }, Date.parse(h.last.startedAt) / 1000)
    },
  })

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now()
    await next()
    // The route pattern, not the path: ids in paths would make a label per task.
    const route = routeKey(c)?.split(' ')[1] ?? (c.req.path.startsWith('/api/') ? 'unmatched' : 'dashboard')
    requests.inc({ method: c.req.method, route, status: String(c.res.status) })
    latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000)
  }

  return { registry, middleware }
}
