import * as OpenCC from 'opencc-js'
/**
 * Text as the analyzer sees it: tags removed, entities decoded, full-width forms folded to
 * half-width (NFKC), traditional characters made simplified, whitespace collapsed. Crawled bodies are untrusted HTML; nothing here
 * interprets them, it only reduces them to text.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

export function stripHtml(input: string): string {
  return dropRawText(input)
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    // A tag holds no `<`: from a `<` the search for its `>` stops at the next `<`. Without that,
    // a run of `<` without `>` took time as its length squared (0.5 s for 20,000 of them).
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1))
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' '
      }
      return ENTITIES[code.toLowerCase()] ?? whole
    })
}

const RAW_TEXT_OPEN = /<(script|style|noscript)\b/gi
const RAW_TEXT_CLOSE: Record<string, RegExp> = { script: /<\/script\s*>/gi, style: /<\/style\s*>/gi, noscript: /<\/noscript\s*>/gi }

/**
 * Drops script, style and noscript elements with what they hold. One expression for open tag, body
 * and close tag searched to the end of the text from every open tag that has no close tag: time as
 * the square of a hostile post's length. Here, once a kind's close tag is not found, its later open
 * tags are left to the tag stripper (as an unclosed one always was), so each search runs once.
 */
function dropRawText(input: string): string {
  const unclosed = new Set<string>()
  let out = ''
  let copied = 0
  RAW_TEXT_OPEN.lastIndex = 0
  for (let open = RAW_TEXT_OPEN.exec(input); open; open = RAW_TEXT_OPEN.exec(input)) {
    const kind = (open[1] as string).toLowerCase()
    if (unclosed.has(kind)) continue
    const close = RAW_TEXT_CLOSE[kind] as RegExp
    close.lastIndex = RAW_TEXT_OPEN.lastIndex
    const found = close.exec(input)
    if (!found) {
      unclosed.add(kind)
      continue
    }
    out += `${input.slice(copied, open.index)} `
    copied = found.index + found[0].length
    RAW_TEXT_OPEN.lastIndex = copied
  }
  return copied === 0 ? input : out + input.slice(copied)
}

export function normalizeText(input: string): string {
  let text = /[<&]/.test(input) ? stripHtml(input) : input
  const work = screen(text)
  if (work & NFKC) text = text.normalize('NFKC')
  // Half a surrogate pair is no character: it becomes U+FFFD, as jieba would make it, so that the
  // words jieba returns spell the text exactly (the analyzer counts on it).
  if (work & SURROGATE) text = text.replace(LONE_SURROGATE, '\ufffd')
  if (work & TRADITIONAL) text = simplifier().convert(text)
  if (work & BLANKS) text = text.replace(/[\t\f\v\r ]+/g, ' ').replace(/ *\n[\n ]*/g, '\n')
  return text.trim()
}

/**
 * Most posts need only a few of the steps (full-width commas, say, but no traditional character
 * and no run of blanks), and each step costs a microsecond or more a post. One pass over a table
 * of every UTF-16 unit says which steps a text needs: NFKC for a unit that NFKC might change or
 * compose with its neighbour, TRADITIONAL for one OpenCC converts, BLANKS for a tab or a run of
 * spaces and line breaks to collapse, SURROGATE for half of a surrogate pair (which may stand alone).
 */
const TRADITIONAL = 1
const NFKC = 2
const BLANKS = 4
const BLANK = 8
const SURROGATE = 16
let units: Uint8Array | undefined

/**
 * Builds the screening table and the converter now (about 0.1 s) rather than on the first text:
 * the analyzer does so at start, so its first post waits for nothing.
 */
export function prepareNormalizer(): void {
  units ??= unitTable()
}

function screen(text: string): number {
  const table = units ?? (units = unitTable())
  let work = 0
  let previous = 0
  for (let i = 0; i < text.length; i++) {
    const kind = table[text.charCodeAt(i)] as number
    if (kind & previous & BLANK) work |= BLANKS
    work |= kind
    previous = kind
  }
  return work & (TRADITIONAL | NFKC | BLANKS | SURROGATE)
}

const LONE_SURROGATE = /\p{Cs}/gu

function unitTable(): Uint8Array {
  const table = new Uint8Array(0x10000)
  const { traditional } = simplifier()
  const mark = /\p{M}/u
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code)
    const surrogate = code >= 0xd800 && code <= 0xdfff
    // Hangul jamo compose under NFKC; marks compose with the character before them.
    const jamo = (code >= 0x1100 && code <= 0x11ff) || (code >= 0xa960 && code <= 0xa97f) || (code >= 0xd7b0 && code <= 0xd7ff)
    const folded = surrogate ? '' : ch.normalize('NFKC')
    let kind = 0
    if (surrogate || jamo || mark.test(ch) || folded !== ch) kind |= NFKC
    // The table screens the text before NFKC: a unit is marked for what its folded form needs.
    // Compatibility ideographs fold to unified ones that may be traditional (D87E leads those
    // beyond the BMP); ideographic and other wide spaces fold to blanks.
    if (traditional.has(code) || (code >= 0xf900 && code <= 0xfaff) || code === 0xd87e || [...folded].some((c) => traditional.has(c.charCodeAt(0)))) kind |= TRADITIONAL
    if (code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d || (folded !== ch && /\s/.test(folded))) kind |= BLANKS
    if (code === 0x20 || code === 0x0a) kind |= BLANK
    if (surrogate) kind |= SURROGATE
    table[code] = kind
  }
  return table
}

/**
 * Traditional → simplified (OpenCC). Converting costs about half as much as segmenting, and most
 * posts hold no traditional character: a one-time scan of the CJK block finds every character the
 * converter changes, and only a post that holds one of them is converted (see `screen`).
 */
let converter: { convert: (text: string) => string; traditional: Set<number> } | undefined

function simplifier(): { convert: (text: string) => string; traditional: Set<number> } {
  if (!converter) {
    const convert = OpenCC.Converter({ from: 't', to: 'cn' })
    const traditional = new Set<number>()
    for (let code = 0x3400; code <= 0x9fff; code++) {
      if (convert(String.fromCharCode(code)) !== String.fromCharCode(code)) traditional.add(code)
    }
    converter = { convert, traditional }
  }
  return converter
}
