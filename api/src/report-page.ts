import type { StoredPost } from '@yuqing/store'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

/** A report's own policy: no script, nothing fetched; it matters where no HTTP header carries it (the PDF). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"

/** A share as a whole percentage. */
export const pct = (share: number) => `${Math.round(share * 100)}%`
/** The API's list of a day's posts (reposts folded), with these filters. */
export const postsOf = (day: string, params: Record<string, string>) => `/api/posts?${new URLSearchParams({ ...params, day, fold: 'true' }).toString()}`
/** Only web links are links: a post's `url` is crawled data and could say `javascript:`. */
export const webUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined)

export function postLink(post: Pick<StoredPost, 'id' | 'url' | 'title' | 'text'>) {
  const label = post.title ?? (post.text.length > 40 ? `${post.text.slice(0, 40)}…` : post.text)
  const href = webUrl(post.url)
  return href ? html`<a href="${href}">${label}</a>` : html`<span>${label}</span> <small>(${post.id})</small>`
}

type Content = HtmlEscapedString | Promise<HtmlEscapedString>

/**
 * A printable report (the daily brief, an event report): one page in the house style. Every value
 * interpolated into `body` goes through hono's `html` template, which escapes it: post text is
 * untrusted and must stay text. `base` makes the page's links absolute (a PDF has no server to
 * resolve `/api/...` against).
 */
export async function reportPage(title: string, base: string | undefined, body: Content): Promise<string> {
  const page = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
${base ? html`<base href="${base}">` : ''}
<title>${title}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 860px; margin: 2em auto; color: #222; line-height: 1.6; }
  h1 { border-bottom: 3px solid #b22; padding-bottom: .3em; } h2 { margin-top: 1.6em; color: #b22; }
  table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: .25em .5em; text-align: left; }
  .neg { color: #b22; font-weight: bold; } small { color: #777; }
  .bars { display: block; width: 100%; height: auto; }
  @media print { a { color: inherit; text-decoration: none; } body { margin: 0; } }
</style>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>`
  return (await page).toString()
}
