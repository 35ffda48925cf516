/**
 * What the full-text index holds for a post, and how a query is turned into an FTS5 expression.
 * Both sides use the analyzer's segmentation; a long Han token also indexes its character bigrams,
 * so searching 大桥 finds a post where jieba kept 青溪大桥 as one word.
 */

const WORD = /[\p{L}\p{N}]/u
const HAN_RUN = /^\p{Script=Han}{3,}$/u

export function indexText(tokens: readonly string[]): string {
  const out: string[] = []
  for (const token of tokens) {
    // Most words are common Han characters alone: no regex, no case, bigrams sliced (one unit each).
    if (isCommonHan(token)) {
      out.push(token)
      if (token.length >= 3) for (let i = 0; i + 2 <= token.length; i++) out.push(token.slice(i, i + 2))
      continue
    }
    if (!WORD.test(token)) continue
    const word = token.toLowerCase()
    out.push(word)
    if (HAN_RUN.test(word)) {
      const chars = [...word]
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`)
    }
  }
  return out.join(' ')
}

/** A non-empty token of CJK Unified Ideographs (U+4E00–U+9FFF) only. */
function isCommonHan(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i)
    if (code < 0x4e00 || code > 0x9fff) return false
  }
  return token.length > 0
}

/**
 * An FTS5 MATCH expression requiring every word. Each word is split where the index's tokenizer
 * splits it (at anything not a letter or digit: `c++`, `a.b`), and each piece is quoted so no
 * input is read as query syntax. The index keeps no positions, so pieces are ANDed, not phrased.
 *
 * `inside`: more words, each also found inside a longer word of a post (see `queryPieces`).
 */
export function matchExpression(words: readonly string[], inside: readonly string[] = []): string | undefined {
  return piecesExpression(queryPieces(words, inside))
}

/** The FTS5 expression of pieces `queryPieces` split; undefined for none. */
export function piecesExpression(query: QueryPieces): string | undefined {
  const parts = [...query.exact.map(quoted), ...query.inside.map((p) => `(${quoted(p)} OR (${(bigramsOf(p) ?? []).map(quoted).join(' AND ')}))`)]
  return parts.length > 0 ? parts.join(' AND ') : undefined
}

export interface QueryPieces {
  exact: string[]
  inside: string[]
}

/**
 * What a post search requires, the same for every store: the searched words (`q`, segmented),
 * also found inside a post's longer words, and a term's posts (`term`) as it is. `pieces` is
 * undefined when the query asked for words but none is left to search (punctuation only): such a
 * query finds nothing, not everything. `highlight`: the words to mark in the posts found.
 */
export function searchPieces(
  query: { q?: string; term?: string },
  tokenize: (text: string) => string[],
): { asked: boolean; pieces: QueryPieces | undefined; highlight: string[] } {
  const searched = query.q ? tokenize(query.q) : []
  const required = query.term ? [query.term] : []
  const pieces = queryPieces(required, searched)
  return {
    asked: searched.length + required.length > 0,
    pieces: pieces.exact.length + pieces.inside.length > 0 ? pieces : undefined,
    highlight: [...searched, ...required].filter((w) => WORD.test(w)),
  }
}

/**
 * The pieces a query requires as they are (`words`, and the pieces of `inside` that cannot sit
 * inside a longer word), and those also found inside a longer word of a post unless `words`
 * requires them as they are: the same split for every store.
 *
 * A piece of `inside` may sit inside a longer word when it is a run of three or more Han characters
 * (自来水 in 自来水公司, 焚烧厂 in 垃圾焚烧厂). The index holds such a long word's character bigrams,
 * so the piece's own bigrams find it; they may also stand apart in a post, so a store confirms the
 * piece in the text where it can.
 */
export function queryPieces(words: readonly string[], inside: readonly string[] = []): QueryPieces {
  const exact = pieces(words)
  const loose = pieces(inside).filter((p) => !exact.includes(p))
  const within = loose.filter((p) => bigramsOf(p) !== undefined)
  return { exact: [...exact, ...loose.filter((p) => !within.includes(p))], inside: within }
}

function pieces(words: readonly string[]): string[] {
  return [...new Set(words.flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((p) => p !== ''))]
}

const quoted = (piece: string) => `"${piece}"`

/** The character bigrams of a run of three or more Han characters (as `indexText` indexes them). */
export function bigramsOf(word: string): string[] | undefined {
  if (!HAN_RUN.test(word)) return undefined
  const chars = [...word]
  return [...new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`))]
}

/**
 * A short excerpt of `text` around the first of `words` it contains, and the words found in the
 * post (text or title).
 */
export function snippetOf(text: string, words: readonly string[], title?: string | null, width = 120): { snippet: string; matches: string[] } {
  const matches = [...new Set(words.filter((w) => w !== '' && (text.includes(w) || title?.includes(w))))]
  const first = matches.filter((w) => text.includes(w)).reduce((at, w) => Math.min(at, text.indexOf(w)), text.length)
  const start = first === text.length ? 0 : Math.max(0, first - Math.floor(width / 3))
  const end = Math.min(text.length, start + width)
  const snippet = `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`
  return { snippet, matches }
}
