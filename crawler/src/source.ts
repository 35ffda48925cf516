import { readFileSync } from 'node:fs'
import { isNode, LineCounter, parseDocument, type Document } from 'yaml'
import { z } from 'zod'
import { InputError } from '@yuqing/core'
import { DURATION } from './schedule.ts'

/**
 * A field on a page: a CSS selector, optionally `@attribute` to read an attribute instead of the
 * text (`time@datetime`).
 */
const FieldSelector = z.string().min(1)

const Pattern = z.string().refine((p) => {
  try {
    return new RegExp(p).source.includes('(')
  } catch {
    return false
  }
}, 'expected a regular expression with one (group)')

/** What every kind of source has. */
const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  /** How often to crawl it (`every: 10m`); without it, the configured crawl interval. */
  schedule: z.strictObject({ every: z.string().regex(DURATION, 'expected a duration such as 30s, 10m, 2h or 1d') }).optional(),
  /** List pages (or API pages, or feeds) read per run. */
  maxPages: z.number().int().positive().default(5),
  /** Extra HTTP headers (e.g. a cookie the site owner gave you). */
  headers: z.record(z.string(), z.string()).default({}),
  /** The site's character encoding, only for a site whose header and `<meta>` lie. */
  encoding: z.string().min(1).optional(),
  /** Seconds between two requests to its host; the crawl's default when absent. */
  delaySecs: z.number().nonnegative().optional(),
  /**
   * The site is on the office network or this machine (a loopback or private address): allowed
   * only when an admin says so here (or YUQING_ALLOW_PRIVATE_NETWORKS for all), against SSRF.
   */
  allowPrivateNetwork: z.boolean().optional(),
  /**
   * Official notices or news (a government board's replies, a bureau's or a paper's feed): their
   * measured wording reads negative or positive to a model trained on netizens' posts, so their
   * posts lean only where the model and the sentiment lexicon agree.
   */
  official: z.boolean().optional(),
}

/** Where a post's fields are on its page. */
const PostFields = z.strictObject({
  title: FieldSelector.optional(),
  content: FieldSelector,
  author: FieldSelector.optional(),
  /** The date text: ISO 8601, `YYYY-MM-DD HH:mm`, `3分钟前`, `昨天 12:30`… read in the configured zone. */
  publishedAt: FieldSelector.optional(),
  /** The page's own date layout when it is unusual, e.g. `YYYY年M月D日 HH:mm`. */
  timeFormat: z.string().min(1).optional(),
  /**
   * A regular expression whose first group, matched on the post URL, is the site's own post id
   * (e.g. `tid=(\\d+)`): the post keeps its id when the host, port or URL shape around it changes.
   */
  idFromUrl: Pattern.optional(),
})

const ListFields = z.strictObject({
  /** Links to the post pages. */
  postLinks: FieldSelector,
  /** The link to the next list page. */
  nextPage: FieldSelector.optional(),
})

const pageSource = {
  ...common,
  /** List pages to start from. */
  startUrls: z.array(z.url()).min(1),
  list: ListFields,
  post: PostFields,
}

/** A forum board or news list read over plain HTTP. */
export const HtmlSource = z.strictObject({ ...pageSource, kind: z.literal('html') })
export type HtmlSource = z.infer<typeof HtmlSource>

/** The same, for sites that build their pages in JavaScript: rendered in Chromium first. */
export const BrowserSource = z.strictObject({
  ...pageSource,
  kind: z.literal('browser'),
  /** A selector to wait for before reading a page; by default the one the page is read for. */
  waitFor: FieldSelector.optional(),
})
export type BrowserSource = z.infer<typeof BrowserSource>

/** RSS 2.0 or Atom feeds. */
export const FeedSource = z.strictObject({ ...common, kind: z.literal('rss'), feedUrls: z.array(z.url()).min(1) })
export type FeedSource = z.infer<typeof FeedSource>

/** Dotted paths into a JSON item: `title`, `user.name`, `images.0.url`. */
const FieldPath = z.string().regex(/^[\w$-]+(\.[\w$-]+)*$/, 'expected a dotted path such as data.list or user.name')

/** A JSON API that pages: a message board's, a news app's. */
export const JsonSource = z.strictObject({
  ...common,
  kind: z.literal('json'),
  /** The API URL; `{page}` is replaced with the page number. */
  url: z.string().regex(/^https?:\/\//, 'expected an http(s) URL').refine((u) => URL.canParse(u.replaceAll('{page}', '1')), 'expected a URL'),
  /** The number of the first page. */
  firstPage: z.number().int().nonnegative().default(1),
  /** Where the list of items is in the response (`data.list`); the response itself when absent. */
  items: FieldPath.optional(),
  fields: z.strictObject({
    /** The site's own id of an item: keeps post ids stable. */
    id: FieldPath.optional(),
    /** The item's page, absolute or relative to the API URL. */
    url: FieldPath.optional(),
    title: FieldPath.optional(),
    content: FieldPath,
    author: FieldPath.optional(),
    /** Seconds or milliseconds since 1970, or a date text as for HTML pages. */
    publishedAt: FieldPath.optional(),
  }),
  timeFormat: z.string().min(1).optional(),
})
export type JsonSource = z.infer<typeof JsonSource>

export const Source = z.discriminatedUnion('kind', [HtmlSource, BrowserSource, FeedSource, JsonSource])
export type Source = z.infer<typeof Source>
/** The kinds that read list pages and post pages with CSS selectors. */
export type PageSource = HtmlSource | BrowserSource

/** Reads and validates one source definition file; errors name the file, the line and the field. */
export function loadSourceFile(file: string): Source {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new InputError('cannot read source definition', { where: file, cause: error })
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  const yamlError = doc.errors[0]
  if (yamlError) {
    const line = yamlError.linePos?.[0].line
    throw new InputError(yamlError.message.split('\n')[0] ?? 'invalid YAML', { where: line ? `${file}:${line}` : file })
  }
  const parsed = Source.safeParse(doc.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)))
    const field = path.join('.')
    const line = lineOf(doc, lineCounter, path)
    const message = issue?.code === 'invalid_union' && field === 'kind' ? 'expected one of html, browser, rss, json' : (issue?.message ?? 'invalid')
    throw new InputError(`${field ? `field "${field}": ` : ''}${message}`, { where: line ? `${file}:${line}` : file })
  }
  return parsed.data
}

/** The line of the deepest node on `path` that the file has (a missing field points at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line
  }
  return undefined
}
