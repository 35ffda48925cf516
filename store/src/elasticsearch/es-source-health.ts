import { healthAfter, type SourceHealth, type SourceHealthStore } from '../source-health.ts'
import { MAX_PAGE, type EsContext } from './context.ts'
import { request } from './es-errors.ts'

/**
 * Each source's health as one document, its id the source's. The crawl role schedules a source
 * once across its processes (BullMQ), so one run of a source is recorded at a time: read, then
 * write, without a version check.
 */
export function esSourceHealth(ctx: EsContext): SourceHealthStore {
  const { client } = ctx
  const index = ctx.names.sources
  return {
    async record(run) {
      const response = await request(`${index}/${run.source}`, () => client.get<SourceHealth>({ index, id: run.source }, { ignore: [404] }))
      const after = healthAfter(response.found ? response._source : undefined, run)
      await request(index, () => client.index({ index, id: run.source, document: after, refresh: ctx.recordsRefresh }))
      return after
    },
    async list() {
      const response = await request(index, () => client.search<SourceHealth>({ index, size: MAX_PAGE, sort: [{ source: 'asc' }] }))
      return response.hits.hits.flatMap((h) => (h._source ? [h._source] : []))
    },
  }
}
