import type { SentimentLabel } from '@yuqing/core'
import { parseExpression } from './expression-parser.ts'
import { Matcher, type Span } from './matcher.ts'
import { isTermBased, type Rule } from './rule-schema.ts'

/**
 * What matching needs of a post. An `AnalyzedPost` (with the `duplicateOf` the store gives it when
 * folding) is one, and so is a stored post, so back-tests match exactly as the ingest path does.
 */
export interface MatchablePost {
  id: string
  source: string
  hour: string
  /** Normalised, masked text; spans are offsets into it. */
  text: string
  /** Matched too (a forum title often carries the words), but spans point into `text` only. */
  title?: string | null | undefined
  sentiment: { label: SentimentLabel }
  duplicateOf?: string | null | undefined
}

/** One rule's match on one post: the row `rule_hits` stores and window rules count. */
export interface RuleHit {
  ruleId: string
  postId: string
  hour: string
  source: string
  negative: boolean
  /** Matched stretches of the post's `text`, ascending, not overlapping. */
  spans: Span[]
  matchedTerms: string[]
}

interface Entry {
  rule: Rule
  index: number
  sources: Set<string> | undefined
  sentiment: Set<SentimentLabel> | undefined
}

/** The rules whose hits come from posts: an enabled rule with a query that is not term-based. */
export function matchesPosts(rule: Rule): boolean {
  return rule.enabled && rule.query !== undefined && !isTermBased(rule)
}

/**
 * The enabled post-matching rules compiled into one matcher: `matchPost` reads a post once,
 * whatever the number of rules, and returns each rule's hit.
 */
export class RuleSet {
  readonly rules: readonly Rule[]
  private readonly entries: Entry[]
  private readonly matcher: Matcher

  /** Throws an InputError for a rule whose query does not parse (loaded rules always do). */
  constructor(rules: readonly Rule[]) {
    this.rules = rules
    const matching = rules.filter(matchesPosts)
    this.matcher = new Matcher(matching.map((rule) => parseExpression(rule.query ?? '')))
    this.entries = matching.map((rule, index) => ({
      rule,
      index,
      sources: rule.filters.sources ? new Set(rule.filters.sources) : undefined,
      sentiment: rule.filters.sentiment ? new Set(rule.filters.sentiment) : undefined,
    }))
  }

  rule(id: string): Rule | undefined {
    return this.rules.find((r) => r.id === id)
  }

  private admits(entry: Entry, post: MatchablePost): boolean {
    return (
      (!entry.sources || entry.sources.has(post.source)) &&
      (!entry.sentiment || entry.sentiment.has(post.sentiment.label)) &&
      !(entry.rule.filters.foldDuplicates && post.duplicateOf)
    )
  }

  /** The hits of every rule whose filters let the post through and whose query matches it, in rule order. */
  matchPost(post: MatchablePost): RuleHit[] {
    if (this.entries.length === 0) return []
    // The title goes first, on a line of its own; spans inside it are dropped, as spans point into `text`.
    const title = post.title ? `${post.title}\n` : ''
    const scan = this.matcher.scan(title + post.text)
    const hits: RuleHit[] = []
    for (const index of this.matcher.candidates(scan)) {
      const entry = this.entries[index]
      if (!entry || !this.admits(entry, post)) continue
      const found = this.matcher.match(index, scan)
      if (!found) continue
      hits.push({
        ruleId: entry.rule.id,
        postId: post.id,
        hour: post.hour,
        source: post.source,
        negative: post.sentiment.label === 'negative',
        spans: found.spans.filter(([start]) => start >= title.length).map(([s, e]): Span => [s - title.length, e - title.length]),
        matchedTerms: found.terms,
      })
    }
    return hits
  }
}
