import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { findTopics, hotWordBoard, type Analyzer } from '@yuqing/analyzer'
import { dayOf, SENTIMENT_NAMES } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import { printPdf } from '../brief-pdf.ts'
import { REPORT_CSP } from '../report-page.ts'
import { renderBrief } from '../brief.ts'
import { HttpError } from '../http-error.ts'
import { ErrorBody, guardedErrors, router } from '../openapi.ts'
import { Day, TaskState } from '../schemas.ts'
import { toCsv, toXlsx, type Table } from '../table-file.ts'
import { isOverdue, STATE_NAMES } from '../task-flow.ts'
import { renderTermReport } from '../term-report.ts'
import { dayRange } from './read-routes.ts'

export interface ExportDeps {
  store: Store
  analyzer: Pick<Analyzer, 'specificity' | 'places'>
  timezone: string
  now: () => Date
  /** Chromium to print the brief as PDF with; without one, `format=pdf` answers 501. */
  chromium?: string | undefined
}

const Format = z.enum(['csv', 'xlsx']).default('csv')
const fileResponse = {
  200: {
    description: 'the file, as an attachment',
    content: { 'text/csv': { schema: z.string() }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } },
  },
  ...guardedErrors,
}

async function send(c: Context, table: Table, format: 'csv' | 'xlsx', stem: string): Promise<Response> {
  const disposition = `attachment; filename="${stem}.${format}"`
  if (format === 'csv') return c.body(toCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition })
  return c.body(await toXlsx(table), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': disposition })
}

/** A printable report's answers: HTML or PDF, or why no PDF could be printed. */
const reportResponses = (description: string) => ({
  200: { description, content: { 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
  ...guardedErrors,
  501: { description: 'no Chromium to print a PDF with', content: { 'application/json': { schema: ErrorBody } } },
  503: { description: 'another report is being printed', content: { 'application/json': { schema: ErrorBody } } },
})

const RELABELLED_PAGE = 1_000
const RELABELLED_MAX = 10_000

const percent = (share: number) => Math.round(share * 1000) / 10

/** Hot words, topics, relabelled posts and tasks as CSV or Excel, the printable daily brief, and a word's event report. */
export function exportRoutes(deps: ExportDeps) {
  const { store } = deps
  const today = () => dayOf(deps.now(), deps.timezone)
  let printing = false

  /**
   * A printable report as HTML, or printed to PDF (`stem`.pdf) by Chromium. `render` gets the
   * absolute base for the PDF's links.
   */
  const report = async (c: Context, format: 'html' | 'pdf', stem: string, render: (base: string | undefined) => Promise<string>): Promise<Response> => {
    if (format === 'pdf') {
      // One Chromium at a time: a burst of requests must not start a browser each.
      if (printing) throw new HttpError(503, 'busy', 'another report is being printed; try again in a few seconds')
      printing = true
      try {
        const page = await render(new URL(c.req.url).origin + '/')
        return c.body(await printPdf(page, deps.chromium), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${stem}.pdf"` })
      } finally {
        printing = false
      }
    }
    // The header repeats the page's own policy: even a value that slipped through unescaped would not run.
    return c.html(await render(undefined), 200, { 'content-security-policy': REPORT_CSP })
  }

  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/exports/hotwords',
        tags: ['exports'],
        summary: 'The day’s hot-word board as CSV (UTF-8 with BOM) or xlsx',
        request: { query: z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(500).default(100), format: Format }) },
        responses: fileResponse,
      }),
      async (c) => {
        const { day = today(), top, format } = c.req.valid('query')
        const items = await hotWordBoard(store, deps.analyzer.specificity, day, top)
        const table: Table = {
          name: `热词 ${day}`,
          columns: [{ header: '排名' }, { header: '热词' }, { header: '帖子数' }, { header: '负面帖子数' }, { header: '负面占比%' }, { header: '排名变化' }, { header: '得分' }],
          rows: items.map((w) => [w.rank, w.term, w.count, w.negativeCount, percent(w.negativeShare), w.rankChange, Math.round(w.score * 100) / 100]),
        }
        return send(c, table, format, `hotwords-${day}`)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/exports/topics',
        tags: ['exports'],
        summary: 'The day’s topics, negative first, as CSV or xlsx',
        request: { query: z.object({ day: Day.optional(), top: z.coerce.number().int().min(1).max(50).default(20), format: Format }) },
        responses: fileResponse,
      }),
      async (c) => {
        const { day = today(), top, format } = c.req.valid('query')
        const topics = await findTopics(store, { kind: 'day', day }, { maxTopics: top, specificity: deps.analyzer.specificity })
        const table: Table = {
          name: `话题 ${day}`,
          columns: [{ header: '话题词', width: 40 }, { header: '帖子数' }, { header: '负面占比%' }, { header: '代表帖子' }, { header: '得分' }],
          rows: topics.map((t) => [t.terms.join(' '), t.volume, percent(t.negativeShare), t.representativePostId, Math.round(t.score * 100) / 100]),
        }
        return send(c, table, format, `topics-${day}`)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/exports/relabelled',
        tags: ['exports'],
        summary: 'Posts whose sentiment a person relabelled, newest first, with the analyzer’s label beside theirs (a review of the model, and labelled data to train on), as CSV or xlsx',
        request: { query: z.object({ from: Day.optional(), to: Day.optional(), format: Format }) },
        responses: fileResponse,
      }),
      async (c) => {
        const query = c.req.valid('query')
        const { from, to } = dayRange(undefined, query.from, query.to)
        const rows: Table['rows'] = []
        // A page at a time, up to the most one search gives on Elasticsearch: past it, a file that
        // quietly stopped short would read as all there is.
        for (let offset = 0; offset < RELABELLED_MAX; offset += RELABELLED_PAGE) {
          const { items, total } = await store.searchPosts({ corrected: true, from, to, limit: RELABELLED_PAGE, offset })
          if (total > RELABELLED_MAX) {
            throw new HttpError(400, 'invalid_request', `from: ${total} relabelled posts ${from ?? 'ever'} to ${to ?? 'now'}, more than the ${RELABELLED_MAX} one file holds; export a shorter range of days`)
          }
          for (const p of items) {
            const c = p.sentiment.corrected
            rows.push([p.id, p.day, p.source, p.title, p.text, c ? SENTIMENT_NAMES[c.was] : null, SENTIMENT_NAMES[p.sentiment.label], c?.by ?? null, c?.at ?? null])
          }
          if (items.length < RELABELLED_PAGE) break
        }
        const table: Table = {
          name: '人工改判',
          columns: [{ header: '帖子' }, { header: '日期' }, { header: '来源' }, { header: '标题', width: 30 }, { header: '正文', width: 60 }, { header: '模型原判' }, { header: '人工改判' }, { header: '改判人' }, { header: '改判时间' }],
          rows,
        }
        return send(c, table, query.format, `relabelled-${to ?? today()}`)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/exports/tasks',
        tags: ['exports'],
        summary: 'Handling tasks as CSV or xlsx',
        request: { query: z.object({ state: TaskState.optional(), format: Format }) },
        responses: fileResponse,
      }),
      async (c) => {
        const { state, format } = c.req.valid('query')
        const { items } = await store.tasks.tasks({ state, limit: 100_000 })
        const now = deps.now()
        const table: Table = {
          name: '处置任务',
          columns: ['编号', '标题', '状态', '承办部门', '承办人', '办理期限', '超期', '办结情况', '答复', '评分', '评价', '来源', '创建人', '创建时间'].map((header) => ({ header })),
          rows: items.map((t) => [
            t.id,
            t.title,
            STATE_NAMES[t.state],
            t.department,
            t.assignee,
            t.dueAt,
            isOverdue(t, now) ? '是' : '否',
            t.resolution,
            t.publicReply,
            t.rating,
            t.remark,
            `${t.origin.kind === 'post' ? '帖子' : '预警'} ${t.origin.id}`,
            t.createdBy,
            t.createdAt,
          ]),
        }
        return send(c, table, format, `tasks-${now.toISOString().slice(0, 10)}`)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/brief',
        tags: ['exports'],
        summary: '日报: the day’s board, trends, negative topics, alerts and task progress as printable HTML (or PDF); every figure links to its posts',
        request: { query: z.object({ day: Day.optional(), format: z.enum(['html', 'pdf']).default('html') }) },
        responses: reportResponses('the brief'),
      }),
      async (c) => {
        const { day = today(), format } = c.req.valid('query')
        return report(c, format, `brief-${day}`, (base) => renderBrief({ ...deps, day, base }))
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/terms/{term}/report',
        tags: ['exports'],
        summary: '事件报告: one hot word on `day` as printable HTML (or PDF): its 30 days, how it spread that day, its sources, related words, main posts and the tasks opened on it',
        request: { params: z.object({ term: z.string().min(1).max(50) }), query: z.object({ day: Day.optional(), format: z.enum(['html', 'pdf']).default('html') }) },
        responses: reportResponses('the report'),
      }),
      async (c) => {
        const { term } = c.req.valid('param')
        const { day = today(), format } = c.req.valid('query')
        return report(c, format, `report-${day}`, (base) => renderTermReport({ ...deps, term, day, base }))
      },
    )
}
