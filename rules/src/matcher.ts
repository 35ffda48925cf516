import { Automaton } from './aho-corasick.ts'
import type { ExpressionNode } from './expression-parser.ts'

/** A stretch of text, [start, end) UTF-16 offsets. */
export type Span = [number, number]

/** Where an expression matched a text and with which of its words. */
export interface ExpressionMatch {
  /** Ascending, not overlapping. */
  spans: Span[]
  /** The words and phrases that matched, as the rule writes them, in order of first appearance. */
  terms: string[]
}

/** One pass of the automaton over a text: where each literal starts. */
export interface Scan {
  readonly text: string
  readonly starts: Map<number, number[]>
}

interface Occurrence {
  start: number
  end: number
  term: string
}

type Compiled =
  | { type: 'words'; text: string; ids: number[] }
  | { type: 'or' | 'and'; items: Compiled[] }
  | { type: 'not'; item: Compiled }
  | { type: 'near'; left: Compiled; right: Compiled; distance: number }

/**
 * Many expressions compiled together: their literals share one automaton, so a post is read once
 * for all rules, then each expression's tree is evaluated over the positions found.
 */
export class Matcher {
  private readonly literals: string[] = []
  private readonly automaton: Automaton
  private readonly trees: Compiled[]
  private readonly literalsOf: number[][]
  /** For each literal, the expressions that use it. */
  private readonly expressionsOf: number[][] = []

  constructor(trees: readonly ExpressionNode[]) {
    const ids = new Map<string, number>()
    const idOf = (literal: string): number => {
      let id = ids.get(literal)
      if (id === undefined) {
        id = this.literals.length
        ids.set(literal, id)
        this.literals.push(literal)
      }
      return id
    }
    this.literalsOf = []
    this.trees = trees.map((tree) => {
      const used: number[] = []
      const compile = (node: ExpressionNode): Compiled => {
        switch (node.type) {
          case 'words': {
            const pieceIds = node.pieces.map(idOf)
            used.push(...pieceIds)
            return { type: 'words', text: node.text, ids: pieceIds }
          }
          case 'or':
          case 'and':
            return { type: node.type, items: node.items.map(compile) }
          case 'not':
            return { type: 'not', item: compile(node.item) }
          case 'near':
            return { type: 'near', left: compile(node.left), right: compile(node.right), distance: node.distance }
        }
      }
      const compiled = compile(tree)
      this.literalsOf.push([...new Set(used)])
      return compiled
    })
    this.literalsOf.forEach((ids, index) => {
      for (const id of ids) (this.expressionsOf[id] ??= []).push(index)
    })
    this.automaton = new Automaton(this.literals)
  }

  scan(text: string): Scan {
    const starts = new Map<number, number[]>()
    const literals = this.literals
    this.automaton.scan(text, (id, end) => {
      const list = starts.get(id)
      const start = end - (literals[id]?.length ?? 0)
      if (!list) starts.set(id, [start])
      else list.push(start)
    })
    return { text, starts }
  }

  /**
   * Indexes of the expressions that can match the scanned text, ascending: those with a word in it.
   * Every expression needs one of its words (the parser refuses any other), so the rest are skipped.
   */
  candidates(scan: Scan): number[] {
    const out = new Set<number>()
    for (const id of scan.starts.keys()) for (const index of this.expressionsOf[id] ?? []) out.add(index)
    return [...out].sort((a, b) => a - b)
  }

  /** The match of expression `index` in a scanned text, or undefined when it does not match. */
  match(index: number, scan: Scan): ExpressionMatch | undefined {
    const tree = this.trees[index]
    const literals = this.literalsOf[index]
    if (!tree || !literals?.some((id) => scan.starts.has(id))) return undefined
    const found = this.evaluate(tree, scan)
    return found ? summarize(found) : undefined
  }

  private evaluate(node: Compiled, scan: Scan): Occurrence[] | undefined {
    switch (node.type) {
      case 'words': {
        const found = this.occurrences(node, scan)
        return found.length > 0 ? found : undefined
      }
      case 'or': {
        let any = false
        const all: Occurrence[] = []
        for (const item of node.items) {
          const found = this.evaluate(item, scan)
          if (found) {
            any = true
            // A loop, not push(...found): spreading a huge list overflows the call stack.
            for (const o of found) all.push(o)
          }
        }
        return any ? all : undefined
      }
      case 'and': {
        const all: Occurrence[] = []
        for (const item of node.items) {
          const found = this.evaluate(item, scan)
          if (!found) return undefined
          for (const o of found) all.push(o)
        }
        return all
      }
      case 'not':
        return this.evaluate(node.item, scan) ? undefined : []
      case 'near': {
        const left = this.evaluate(node.left, scan)
        const right = left && this.evaluate(node.right, scan)
        if (!left || !right) return undefined
        const near = nearPairs(left, right, node.distance)
        return near.length > 0 ? near : undefined
      }
    }
  }

  /** A word, or a phrase whose pieces follow each other with nothing but whitespace between. */
  private occurrences(node: Extract<Compiled, { type: 'words' }>, scan: Scan): Occurrence[] {
    const [first, ...rest] = node.ids
    const firstStarts = first === undefined ? undefined : scan.starts.get(first)
    if (!firstStarts) return []
    const out: Occurrence[] = []
    for (const start of firstStarts) {
      let end = start + (this.literals[first ?? 0]?.length ?? 0)
      let whole = true
      for (const id of rest) {
        const at = skipSpace(scan.text, end)
        if (!includesSorted(scan.starts.get(id), at)) {
          whole = false
          break
        }
        end = at + (this.literals[id]?.length ?? 0)
      }
      if (whole) out.push({ start, end, term: node.text })
    }
    return out
  }
}

/**
 * Occurrences of the left side with one of the right side at most `distance` characters away, each
 * with the first such partner. One partner per occurrence keeps a post of a word repeated a million
 * times linear, and is enough to highlight.
 */
function nearPairs(left: Occurrence[], right: Occurrence[], distance: number): Occurrence[] {
  const sorted = [...right].sort((a, b) => a.start - b.start)
  let longest = 0
  for (const r of sorted) longest = Math.max(longest, r.end - r.start)
  const marked = new Set<Occurrence>()
  for (const l of left) {
    // Right occurrences starting before this bound end too far before `l`.
    for (let i = lowerBound(sorted, l.start - distance - longest); i < sorted.length; i++) {
      const r = sorted[i]
      if (!r || r.start > l.end + distance) break
      if (r.start === l.start && r.end === l.end) continue
      const gap = r.start >= l.end ? r.start - l.end : l.start >= r.end ? l.start - r.end : 0
      if (gap <= distance) {
        marked.add(l)
        marked.add(r)
        break
      }
    }
  }
  return [...marked]
}

function lowerBound(sorted: Occurrence[], start: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid]?.start ?? 0) < start) lo = mid + 1
    else hi = mid
  }
  return lo
}

function includesSorted(list: number[] | undefined, value: number): boolean {
  if (!list) return false
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const v = list[mid] ?? 0
    if (v === value) return true
    if (v < value) lo = mid + 1
    else hi = mid
  }
  return false
}

function skipSpace(text: string, at: number): number {
  let i = at
  while (i < text.length && /\s/u.test(text.charAt(i))) i++
  return i
}

function summarize(found: Occurrence[]): ExpressionMatch {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end)
  const spans: Span[] = []
  const terms: string[] = []
  for (const o of sorted) {
    const last = spans[spans.length - 1]
    if (last && o.start <= last[1]) last[1] = Math.max(last[1], o.end)
    else spans.push([o.start, o.end])
    if (!terms.includes(o.term)) terms.push(o.term)
  }
  return { spans, terms }
}
