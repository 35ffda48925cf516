import type { MarkdownAlert } from './render-markdown.ts'
import { joinMarkdown } from './render-markdown.ts'

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' })

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * The longest prefix of `text` within `maxBytes` of UTF-8 that ends on a character boundary
 * (a whole grapheme: no split byte sequence, surrogate pair or emoji sequence).
 */
export function cutUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text
  let out = ''
  let bytes = 0
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Length(segment)
    if (bytes + size > maxBytes) break
    out += segment
    bytes += size
  }
  return out
}

/**
 * Markdown within `maxBytes`: the head and tail stay, evidence posts are dropped from the end
 * until the rest fits, and a note says how many were left out. Only if the head alone is too long
 * (a huge summary) is it cut mid-text, at a character boundary, with its bold kept balanced.
 */
export function fitMarkdown(alert: MarkdownAlert, maxBytes: number, note: (dropped: number) => string): string {
  const whole = joinMarkdown(alert)
  if (utf8Length(whole) <= maxBytes) return whole
  for (let kept = alert.evidence.length - 1; kept >= 0; kept--) {
    const dropped = alert.evidence.length - kept
    const text = joinMarkdown({ head: alert.head, evidence: [...alert.evidence.slice(0, kept), note(dropped)], tail: alert.tail })
    if (utf8Length(text) <= maxBytes) return text
  }
  const ending = `\n\n${[note(alert.evidence.length), ...alert.tail].join('\n\n')}`
  const room = maxBytes - utf8Length(ending) - utf8Length('…**')
  // Post text never holds `*` (escaping swapped it), so every `*` here is ours: drop a cut-off
  // marker, and close a bold stretch the cut fell inside.
  let head = cutUtf8(alert.head.join('\n\n'), Math.max(0, room)).replace(/\*+$/, '')
  if ((head.match(/\*\*/g) ?? []).length % 2 === 1) head += '**'
  return cutUtf8(`${head}…${ending}`, maxBytes)
}
