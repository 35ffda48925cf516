import type { AlertEvidence } from '@yuqing/core'
import type { RuleHitPost } from '@yuqing/store'

/** Characters of a post an alert shows around its first match. */
const SNIPPET_WIDTH = 140

/**
 * A stored post as an alert's evidence: a stretch of its (masked) text around the first match,
 * with every match inside the stretch marked. Spans come from the rule's matcher; a post without
 * spans (a term rule) is marked where its matched terms occur.
 */
export function evidenceOf({ post, spans, terms }: RuleHitPost, fallbackTerms: readonly string[] = []): AlertEvidence {
  const text = post.text
  const marks = spans.length > 0 ? [...spans] : occurrences(text, terms.length > 0 ? terms : fallbackTerms)
  marks.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const first = marks[0]?.[0] ?? 0
  const start = Math.max(0, Math.min(first - Math.floor(SNIPPET_WIDTH / 4), text.length - SNIPPET_WIDTH))
  const end = Math.min(text.length, start + SNIPPET_WIDTH)
  const prefix = start > 0 ? '…' : ''
  const highlights: [number, number][] = []
  for (const [s, e] of marks) {
    const from = Math.max(s, start)
    const to = Math.min(e, end)
    if (to <= from) continue
    const shifted: [number, number] = [from - start + prefix.length, to - start + prefix.length]
    const previous = highlights[highlights.length - 1]
    // Overlapping marks join: highlights are ascending and disjoint, as AlertEvidence promises.
    if (previous && shifted[0] <= previous[1]) previous[1] = Math.max(previous[1], shifted[1])
    else highlights.push(shifted)
  }
  return {
    postId: post.id,
    source: post.source,
    ...(post.url ? { url: post.url } : {}),
    ...(post.title ? { title: post.title } : {}),
    ...(post.publishedAt ? { publishedAt: post.publishedAt } : {}),
    sentiment: post.sentiment.label,
    snippet: `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`,
    highlights,
  }
}

function occurrences(text: string, terms: readonly string[]): [number, number][] {
  const out: [number, number][] = []
  for (const term of terms) {
    if (term === '') continue
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) out.push([at, at + term.length])
  }
  return out
}
