import { parseExpression, type ExpressionNode } from './expression-parser.ts'
import { Matcher, type ExpressionMatch } from './matcher.ts'

/** A keyword expression compiled once, to match any number of texts. */
export interface Expression {
  readonly source: string
  readonly tree: ExpressionNode
  /** Where and with which words it matches `text` (normalised post text), or undefined. */
  match(text: string): ExpressionMatch | undefined
  /** The words and phrases it looks for outside a "-", to list in an alert. */
  readonly positiveTerms: string[]
}

/** Compiles `source`; a mistake throws an InputError whose message starts with `column N:`. */
export function compileExpression(source: string): Expression {
  const tree = parseExpression(source)
  const matcher = new Matcher([tree])
  return {
    source,
    tree,
    match: (text) => matcher.match(0, matcher.scan(text)),
    positiveTerms: positiveTerms(tree),
  }
}

export function positiveTerms(tree: ExpressionNode): string[] {
  const out: string[] = []
  const walk = (node: ExpressionNode): void => {
    switch (node.type) {
      case 'words':
        if (!out.includes(node.text)) out.push(node.text)
        return
      case 'or':
      case 'and':
        node.items.forEach(walk)
        return
      case 'not':
        return
      case 'near':
        walk(node.left)
        walk(node.right)
        return
    }
  }
  walk(tree)
  return out
}
