import chardet from 'chardet'
import iconv from 'iconv-lite'

/** What to do about text that came out garbled (see garbledText): the crawl and `sources check` say it alike. */
export const WRONG_CHARSET_HINT = 'if the site\'s header or <meta> names the wrong charset, set "encoding" in the source'

/** Where a page's character encoding was read from, strongest first. */
export type CharsetOrigin = 'source' | 'bom' | 'header' | 'meta' | 'detected' | 'default'

export interface DecodedText {
  text: string
  encoding: string
  from: CharsetOrigin
}

/** How far into a page a `<meta charset>` or `<?xml encoding>` is looked for (the HTML spec scans 1024 bytes; pages are sloppier). */
const SNIFF_BYTES = 4096
/** Detection reads this much; more text barely changes its answer and costs time on big pages. */
const DETECT_BYTES = 64 * 1024

/**
 * The encoding iconv-lite should use for a declared label, or undefined when the label is unknown.
 * GB2312 and GBK pages routinely hold characters only their superset GB18030 has, so the three read as one.
 */
export function normaliseCharset(label: string): string | undefined {
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '')
  if (/^(gb2312|gbk|x-gbk|cp936|windows-936|gb_2312-80|euc-cn|gb18030)$/.test(name)) return 'gb18030'
  if (/^(big5|big-5|x-x-big5|cp950|big5-hkscs)$/.test(name)) return name === 'big5-hkscs' ? 'big5hkscs' : 'big5'
  if (name === 'utf8' || name === 'unicode-1-1-utf-8') return 'utf-8'
  return iconv.encodingExists(name) ? name : undefined
}

function charsetOfContentType(contentType: string | undefined): string | undefined {
  const m = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType) : null
  return m?.[1] ? normaliseCharset(m[1]) : undefined
}

function declaredInDocument(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1')
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)
  const meta = /<meta[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)
  const label = xml?.[1] ?? meta?.[1]
  return label ? normaliseCharset(label) : undefined
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return undefined
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function detect(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, DETECT_BYTES)
  try {
    // Valid UTF-8 is almost never an accident; a cut at the sample's end may split one character.
    strictUtf8.decode(sample.length === bytes.length ? sample : trimPartialUtf8(sample))
    return 'utf-8'
  } catch {
    const guess = chardet.detect(sample)
    return guess ? normaliseCharset(guess) : undefined
  }
}

function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length
  // Step back over continuation bytes and the lead byte they belong to.
  while (end > 0 && end > bytes.length - 4 && ((bytes[end - 1] ?? 0) & 0xc0) === 0x80) end--
  if (end > 0 && ((bytes[end - 1] ?? 0) & 0xc0) === 0xc0) end--
  return bytes.subarray(0, end)
}

/**
 * Bytes to text: the source's own `encoding` if it sets one, else a byte-order mark, the HTTP
 * header, `<meta charset>` (or an XML declaration), detection, and UTF-8 last.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string, forced?: string): DecodedText {
  const candidates: [CharsetOrigin, () => string | undefined][] = [
    ['source', () => (forced ? normaliseCharset(forced) : undefined)],
    ['bom', () => bomCharset(bytes)],
    ['header', () => charsetOfContentType(contentType)],
    ['meta', () => declaredInDocument(bytes)],
    ['detected', () => detect(bytes)],
  ]
  for (const [from, find] of candidates) {
    const encoding = find()
    if (encoding) return { text: iconv.decode(Buffer.from(bytes), encoding), encoding, from }
  }
  return { text: iconv.decode(Buffer.from(bytes), 'utf-8'), encoding: 'utf-8', from: 'default' }
}
