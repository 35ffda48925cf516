/**
 * Post text is untrusted: a post must not be able to add a link, a mention or markup to an alert.
 *
 * For the robots' markdown, every character with a meaning is swapped for its full-width twin
 * (`[` → `［`, `@` → `＠`, `<` → `＜` …). Backslash escapes would be the textbook answer, but
 * DingTalk, WeCom and Feishu each render their own markdown subset and do not agree on them,
 * whereas a full-width character means nothing to any of them and reads naturally in Chinese text.
 */
const MARKDOWN_TWINS: Record<string, string> = {
  '\\': '＼',
  '*': '＊',
  _: '＿',
  '`': '｀',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '@': '＠',
  '|': '｜',
  '~': '～',
  '!': '！',
  '&': '＆',
  '$': '＄',
  '{': '｛',
  '}': '｝',
}
const MARKDOWN_SPECIAL = /[\\*_`[\]()<>#@|~!&${}]/g

/** Invisible characters a post could use to reorder or hide what staff read (bidi overrides, controls). */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** One line of plain text: runs of whitespace (newlines included) become one space, invisibles go. */
export function plainLine(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ')
}

/**
 * Untrusted text as inert markdown on one line. Bare URLs are broken (`://` → `：//`, `www.` →
 * `www．`) so renderers that autolink cannot make a post's address clickable either.
 */
export function escapeMarkdown(text: string): string {
  return plainLine(text)
    .replace(MARKDOWN_SPECIAL, (c) => MARKDOWN_TWINS[c] ?? c)
    .replace(/:\/\//g, '：//')
    .replace(/www\./gi, (w) => `${w.slice(0, 3)}．`)
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Untrusted text as HTML text or attribute content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)
}

/**
 * A link target that is safe to put in markdown `(…)` or an HTML `href`: http(s) only (no
 * `javascript:`), and the characters that could close the link or the attribute percent-encoded.
 * Anything else gives `undefined`, and the message shows no link.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  return parsed.href.replace(/[()[\]<>"'`\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}
