import { addHours, type AlertStats, type PostFact, type TermCount } from '@yuqing/core'
import { compileExpression } from './expression.ts'
import type { RuleData } from './rule-data.ts'
import { countOf, decimal, percent, TERM_SCAN_LIMIT, type EvaluateOptions, type RuleCheck } from './rule-check.ts'
import { windowHours, type Rule } from './rule-schema.ts'
import { describeSpan, type RuleWindow } from './rule-window.ts'

type TermRule = Extract<Rule, { kind: 'new_term' | 'negative_share' }>

interface Verdict {
  breached: boolean
  baseline: number | null
  sentence: string
  sentenceEn: string
}

/**
 * Term-based kinds, one group per term: `new_term` (no post used the word in the `days` before the
 * window, and it passes `minCount` posts now) and `negative_share` with `groupBy: term` (the word
 * is mostly negative at volume). The query, if any, picks terms by the word itself.
 */
export async function termChecks(rule: TermRule, data: RuleData, window: RuleWindow, options: EvaluateOptions): Promise<RuleCheck[]> {
  const expression = rule.query === undefined ? undefined : compileExpression(rule.query)
  const current = await data.termCountsIn(window.range, TERM_SCAN_LIMIT)
  const byTerm = new Map(current.map((c) => [c.term, c]))
  const candidates = current.filter((c) => c.count >= rule.minCount && (!expression || expression.match(c.term)))
  const active = (options.activeGroups ?? []).filter((g) => g !== '')
  const terms = [...new Set([...candidates.map((c) => c.term), ...active])]
  const span = describeSpan(window.from, window.to, rule.timezone)

  let judge: (c: TermCount) => Verdict
  if (rule.kind === 'new_term') {
    const history = { from: addHours(window.range.from, -24 * rule.days), to: addHours(window.range.from, -1) }
    const totals = await data.termTotals(terms, [history])
    // What the window would hold if the history's posts were spread evenly: the usual level.
    const perWindow = (windowHours(rule) + 1) / (24 * rule.days)
    judge = (c) => {
      const before = totals.get(c.term) ?? 0
      const breached = before === 0 && c.count >= rule.minCount
      const sentence = breached
        ? `出现在 ${c.count} 条帖子中，此前 ${rule.days} 天没有出现（告警条件：至少 ${rule.minCount} 条）。`
        : `出现在 ${c.count} 条帖子中，此前 ${rule.days} 天出现 ${before} 条${before === 0 ? `，未达 ${rule.minCount} 条` : '，不是新词'}。`
      const days = countOf(rule.days, 'day')
      const sentenceEn = breached
        ? `in ${countOf(c.count, 'post')}, none in the ${days} before (fires at ${rule.minCount} or more).`
        : `in ${countOf(c.count, 'post')}, ${before} in the ${days} before${before === 0 ? `, below ${rule.minCount}` : ', so not new'}.`
      return { breached, baseline: before * perWindow, sentence, sentenceEn }
    }
  } else {
    judge = (c) => {
      const share = c.count > 0 ? c.negativeCount / c.count : 0
      const breached = c.count >= rule.minCount && share >= rule.minShare
      const sentence = `出现在 ${c.count} 条帖子中，其中负面 ${c.negativeCount} 条（${percent(share)}），${breached ? '达到' : '未达'}告警条件（负面占比 ${percent(rule.minShare)} 且至少 ${rule.minCount} 条）。`
      const sentenceEn = `in ${countOf(c.count, 'post')}, ${c.negativeCount} negative (${percent(share)}), ${breached ? 'meeting' : 'below'} the condition (${percent(rule.minShare)} negative and ${rule.minCount} posts or more).`
      return { breached, baseline: null, sentence, sentenceEn }
    }
  }

  const verdicts = terms.map((term) => {
    const c = byTerm.get(term) ?? { term, count: 0, negativeCount: 0 }
    return { c, verdict: judge(c) }
  })
  // A term is a group only while it breaches or is already an alert: not every word of the window.
  const kept = verdicts.filter(({ c, verdict }) => verdict.breached || active.includes(c.term))
  const breachedTerms = kept.filter((k) => k.verdict.breached).map((k) => k.c.term)
  const posts = breachedTerms.length > 0 ? await data.postsMentioning(breachedTerms, window.range, options.evidenceLimit ?? 20) : new Map<string, PostFact[]>()
  const label = rule.kind === 'new_term' ? '新词' : '词语'
  const labelEn = rule.kind === 'new_term' ? 'new word' : 'word'

  return kept.map(({ c, verdict }): RuleCheck => {
    const stats: AlertStats = {
      count: c.count,
      baseline: verdict.baseline === null ? null : Number(decimal(verdict.baseline)),
      ...(c.count > 0 ? { negativeShare: c.negativeCount / c.count } : {}),
      from: window.from.toISOString(),
      to: window.to.toISOString(),
    }
    return {
      ruleId: rule.id,
      group: c.term,
      breached: verdict.breached,
      stats,
      evidencePostIds: verdict.breached ? (posts.get(c.term) ?? []).map((p) => p.id) : [],
      matchedTerms: [c.term],
      summary: `「${rule.name}」${label}「${c.term}」${span} ${verdict.sentence}`,
      summaryEn: `“${rule.name}” ${labelEn} “${c.term}” ${span}: ${verdict.sentenceEn}`,
    }
  })
}
