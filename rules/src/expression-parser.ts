import { InputError } from '@yuqing/core'
import { foldLiteral } from './fold.ts'

/**
 * The keyword expression language of Chinese public-opinion systems, parsed into a tree:
 * `|` or, `+` and, whitespace and, `-` not (binary `A -B` and unary), parentheses, quoted phrases
 * and proximity `A ~10 B`. Full-width operators (｜＋－（）～＂) count as their ASCII forms, since
 * staff type rules with a Chinese input method on.
 *
 * Precedence, loosest first: `|`, then and (`+`, whitespace, `-`), then unary `-`, then `~N`.
 */
export type ExpressionNode =
  | { type: 'words'; text: string; pieces: string[]; column: number }
  | { type: 'or' | 'and'; items: ExpressionNode[]; column: number }
  | { type: 'not'; item: ExpressionNode; column: number }
  | { type: 'near'; left: ExpressionNode; right: ExpressionNode; distance: number; column: number }

/** Long enough for any rule a person writes; short enough that parsing stays instant. */
export const MAX_EXPRESSION_LENGTH = 4_000
export const MAX_NESTING = 32
export const MAX_WORDS = 500
export const MAX_DISTANCE = 1_000

type Token =
  | { kind: 'or' | 'and' | 'not' | 'open' | 'close' | 'end'; column: number }
  | { kind: 'near'; distance: number; column: number }
  | { kind: 'word'; text: string; pieces: string[]; column: number }

const OPERATORS: Record<string, 'or' | 'and' | 'not' | 'open' | 'close' | 'near'> = {
  '|': 'or', '｜': 'or',
  '+': 'and', '＋': 'and',
  '-': 'not', '－': 'not',
  '(': 'open', '（': 'open',
  ')': 'close', '）': 'close',
  '~': 'near', '～': 'near',
}
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '＂': '＂', '“': '”' }
const WHITESPACE = /^\s$/u

function fail(column: number, message: string): never {
  throw new InputError(`column ${column}: ${message}`)
}

function tokenize(source: string): Token[] {
  const chars = Array.from(source)
  const tokens: Token[] = []
  let i = 0
  while (i < chars.length) {
    const c = chars[i] ?? ''
    const column = i + 1
    if (WHITESPACE.test(c)) {
      i++
      continue
    }
    const operator = OPERATORS[c]
    if (operator === 'near') {
      let j = i + 1
      let digits = ''
      while (j < chars.length && /^[0-9０-９]$/.test(chars[j] ?? '')) digits += chars[j++]
      if (digits === '') fail(column, 'expected a distance after "~", e.g. "A ~10 B"')
      const distance = Number(digits.normalize('NFKC'))
      if (distance > MAX_DISTANCE) fail(column, `distance ${distance} is larger than ${MAX_DISTANCE} characters`)
      tokens.push({ kind: 'near', distance, column })
      i = j
      continue
    }
    if (operator) {
      tokens.push({ kind: operator, column })
      i++
      continue
    }
    const closing = CLOSING_QUOTE[c]
    if (closing) {
      let j = i + 1
      while (j < chars.length && chars[j] !== closing) j++
      if (j >= chars.length) fail(column, `the phrase opened here has no closing ${closing}`)
      const inner = chars.slice(i + 1, j).join('')
      const pieces = inner.split(/\s+/u).filter((p) => p !== '').map(foldLiteral)
      if (pieces.length === 0) fail(column, 'empty phrase ""')
      tokens.push({ kind: 'word', text: inner.trim().replace(/\s+/gu, ' '), pieces, column })
      i = j + 1
      continue
    }
    let j = i
    while (j < chars.length && !WHITESPACE.test(chars[j] ?? '') && !OPERATORS[chars[j] ?? ''] && !CLOSING_QUOTE[chars[j] ?? '']) j++
    const text = chars.slice(i, j).join('')
    tokens.push({ kind: 'word', text, pieces: [foldLiteral(text)], column })
    i = j
  }
  tokens.push({ kind: 'end', column: chars.length + 1 })
  return tokens
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end'
    case 'word':
      return `"${token.text}"`
    case 'near':
      return `"~${token.distance}"`
    case 'or':
      return '"|"'
    case 'and':
      return '"+"'
    case 'not':
      return '"-"'
    case 'open':
      return '"("'
    case 'close':
      return '")"'
  }
}

/** Parses an expression; a mistake is an InputError whose message starts with its column. */
export function parseExpression(source: string): ExpressionNode {
  const length = Array.from(source).length
  if (length > MAX_EXPRESSION_LENGTH) {
    throw new InputError(`expression is ${length} characters long, more than ${MAX_EXPRESSION_LENGTH}: split it into several rules`)
  }
  const tokens = tokenize(source)
  const words = tokens.filter((t) => t.kind === 'word').length
  if (words > MAX_WORDS) throw new InputError(`expression has ${words} words, more than ${MAX_WORDS}: split it into several rules`)
  if (words === 0) throw new InputError('column 1: the expression has no word to match')
  let at = 0
  const peek = (): Token => tokens[at] ?? { kind: 'end', column: length + 1 }
  const next = (): Token => {
    const token = peek()
    at++
    return token
  }
  const startsOperand = (t: Token): boolean => t.kind === 'word' || t.kind === 'open' || t.kind === 'not'
  const deeper = (depth: number, column: number): number => {
    if (depth >= MAX_NESTING) fail(column, `nested more than ${MAX_NESTING} levels deep`)
    return depth + 1
  }

  const parseOr = (depth: number): ExpressionNode => {
    const first = parseAnd(depth)
    const items = [first]
    while (peek().kind === 'or') {
      next()
      items.push(parseAnd(depth))
    }
    return items.length === 1 ? first : { type: 'or', items, column: first.column }
  }

  const parseAnd = (depth: number): ExpressionNode => {
    const first = parseUnary(depth)
    const items = [first]
    for (;;) {
      const t = peek()
      if (t.kind === 'and') {
        next()
        items.push(parseUnary(depth))
      } else if (startsOperand(t)) {
        items.push(parseUnary(depth))
      } else break
    }
    return items.length === 1 ? first : { type: 'and', items, column: first.column }
  }

  const parseUnary = (depth: number): ExpressionNode => {
    const t = peek()
    if (t.kind !== 'not') return parseNear(depth)
    next()
    return { type: 'not', item: parseUnary(deeper(depth, t.column)), column: t.column }
  }

  const parseNear = (depth: number): ExpressionNode => {
    const left = parsePrimary(depth)
    const t = peek()
    if (t.kind !== 'near') return left
    next()
    const right = parsePrimary(depth)
    for (const side of [left, right]) {
      if (!positional(side)) fail(side.column, `"~${t.distance}" joins words, phrases or words joined by "|"; this side is not one`)
    }
    const after = peek()
    if (after.kind === 'near') fail(after.column, `"~" joins two sides only; write "(A ~5 B) (B ~5 C)" instead of a chain`)
    return { type: 'near', left, right, distance: t.distance, column: left.column }
  }

  const parsePrimary = (depth: number): ExpressionNode => {
    const t = next()
    if (t.kind === 'word') return { type: 'words', text: t.text, pieces: t.pieces, column: t.column }
    if (t.kind === 'open') {
      const inner = parseOr(deeper(depth, t.column))
      const close = next()
      if (close.kind !== 'close') fail(close.column, `expected ")" to close the "(" at column ${t.column}, found ${describe(close)}`)
      return inner
    }
    if (t.kind === 'close') fail(t.column, 'unexpected ")": no "(" is open here')
    const before = tokens[at - 2]
    const after = before ? ` after ${describe(before)}` : ''
    return fail(t.column, `expected a word, a phrase or "("${after}, found ${describe(t)}`)
  }

  const tree = parseOr(0)
  const rest = peek()
  if (rest.kind !== 'end') {
    fail(rest.column, rest.kind === 'close' ? 'unexpected ")": no "(" is open here' : `unexpected ${describe(rest)}`)
  }
  const loose = unanchored(tree)
  if (loose) {
    fail(loose.column, 'this part matches posts that contain none of the words; a "-" needs a word to subtract from, e.g. "A -B"')
  }
  return tree
}

/** Words, phrases, or alternatives of them: things that occur at a place in the text. */
function positional(node: ExpressionNode): boolean {
  if (node.type === 'words') return true
  return node.type === 'or' && node.items.every(positional)
}

/**
 * The part of the tree that could match a post containing none of the expression's words, if any.
 * Such an expression would match almost every post; refusing it also lets the matcher skip a rule
 * at once when none of its words occur.
 */
function unanchored(node: ExpressionNode): ExpressionNode | undefined {
  switch (node.type) {
    case 'words':
    case 'near':
      return undefined
    case 'not':
      return node
    case 'and':
      return node.items.some((item) => unanchored(item) === undefined) ? undefined : node
    case 'or':
      for (const item of node.items) {
        const loose = unanchored(item)
        if (loose) return loose
      }
      return undefined
  }
}
