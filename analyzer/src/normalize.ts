import * as OpenCC from 'opencc-js'
/**
 * Text as the analyzer sees it: tags removed, entities decoded, full-width forms folded to
 * half-width (NFKC), traditional characters made simplified, whitespace collapsed. Crawled bodies are untrusted HTML; nothing here
 * interprets them, it only reduces them to text.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

export function stripHtml(input: string): string {
  return input
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1))
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' '
      }
      return ENTITIES[code.toLowerCase()] ?? whole
    })
}

export function normalizeText(input: string): string {
  const text = /[<&]/.test(input) ? stripHtml(input) : input
  return toSimplified(text.normalize('NFKC'))
    .replace(/[\t\f\v\r ]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim()
}

/**
 * Traditional → simplified (OpenCC). Converting costs about half as much as segmenting, and most
 * posts hold no traditional character: a one-time scan of the CJK block finds every character the
 * converter changes, and only a post that holds one of them is converted.
 */
let converter: ((text: string) => string) | undefined
let traditional: RegExp | undefined

export function toSimplified(text: string): string {
  if (!converter || !traditional) {
    converter = OpenCC.Converter({ from: 't', to: 'cn' })
    const changed: string[] = []
    for (let code = 0x3400; code <= 0x9fff; code++) {
      const ch = String.fromCharCode(code)
      if (converter(ch) !== ch) changed.push(ch)
    }
    traditional = new RegExp(`[${changed.join('')}]`, 'u')
  }
  return traditional.test(text) ? converter(text) : text
}
