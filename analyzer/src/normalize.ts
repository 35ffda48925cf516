/**
 * Text as the analyzer sees it: tags removed, entities decoded, full-width forms folded to
 * half-width (NFKC), whitespace collapsed. Crawled bodies are untrusted HTML; nothing here
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
  return text
    .normalize('NFKC')
    .replace(/[\t\f\v\r ]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim()
}
