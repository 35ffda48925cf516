import { createHash } from 'node:crypto'

/** Query parameters that only track the visitor; two URLs that differ in them are one page. */
const TRACKING = /^(utm_\w+|spm|from|share_?\w*|fbclid|gclid|ref|timestamp|_t)$/i

/** One URL per page: no fragment, no tracking parameters, sorted query, lower-case host. */
export function canonicalUrl(raw: string): string {
  const url = new URL(raw)
  url.hash = ''
  const kept = [...url.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => a.localeCompare(b))
  url.search = new URLSearchParams(kept).toString()
  return url.toString()
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20)
}

/**
 * Deterministic post id, so a post seen twice (a re-crawl, a re-ingested file, a retried job) is
 * stored once: source + native id when the source has ids, else the canonical URL, else the text.
 */
export function postId(input: { source: string; nativeId?: string | undefined; url?: string | undefined; content?: string }): string {
  if (input.nativeId) return digest(`${input.source}\u0000id\u0000${input.nativeId}`)
  if (input.url) return digest(`url\u0000${canonicalUrl(input.url)}`)
  return digest(`${input.source}\u0000text\u0000${input.content ?? ''}`)
}
