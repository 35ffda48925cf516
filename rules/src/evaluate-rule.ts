import { addHours, type AlertStats } from '@yuqing/core'
import { compileExpression } from './expression.ts'
import type { RuleData, RuleHitCount, RuleHitQuery } from './rule-data.ts'
import { countOf, decimal, percent, type EvaluateOptions, type RuleCheck } from './rule-check.ts'
import { isTermBased, type Rule } from './rule-schema.ts'
import { describeSpan, ruleWindow, shiftDays, type RuleWindow } from './rule-window.ts'
import { termChecks } from './term-checks.ts'

type HitRule = Exclude<Rule, { kind: 'new_term' }>

/**
 * Evaluates a window rule at `now`: one check per group (the single group '' when the rule does
 * not group). Pure over `data`: the same data and time give the same checks.
 */
export async function evaluateRule(rule: Rule, data: RuleData, now: Date, options: EvaluateOptions): Promise<RuleCheck[]> {
  const window = ruleWindow(rule, now, options.bucketZone)
  if (rule.kind === 'new_term' || (rule.kind === 'negative_share' && isTermBased(rule))) return termChecks(rule, data, window, options)
  return hitChecks(rule, data, window, options)
}

const groupsOf = (rows: readonly RuleHitCount[]): Map<string, RuleHitCount> => new Map(rows.map((r) => [r.group, r]))

async function hitChecks(rule: HitRule, data: RuleData, window: RuleWindow, options: EvaluateOptions): Promise<RuleCheck[]> {
  const grouped = rule.groupBy === 'source'
  const groupBy = grouped ? 'source' : undefined
  const query = (range: RuleWindow['range']): RuleHitQuery => ({ ruleId: rule.id, range, foldDuplicates: rule.filters.foldDuplicates })
  const counts = groupsOf(await data.ruleHitCounts(query(window.range), groupBy))
  const groups = grouped ? [...new Set([...counts.keys(), ...(options.activeGroups ?? [])])].sort() : ['']
  const baselines = rule.kind === 'spike' ? await spikeBaselines(rule, data, window, query, groupBy) : undefined
  const terms = rule.query === undefined ? [] : compileExpression(rule.query).positiveTerms.slice(0, 10)
  const span = describeSpan(window.from, window.to, rule.timezone)

  const checks: RuleCheck[] = []
  for (const group of groups) {
    const row = counts.get(group) ?? { group, count: 0, negative: 0 }
    const baseline = baselines ? (baselines.get(group) ?? 0) : null
    const verdict = judge(rule, row, baseline)
    const stats: AlertStats = {
      count: row.count,
      baseline,
      ...(row.count > 0 ? { negativeShare: row.negative / row.count } : {}),
      from: window.from.toISOString(),
      to: window.to.toISOString(),
    }
    const where = grouped ? groupPrefix(group) : ''
    const whereEn = grouped ? groupPrefixEn(group) : ''
    checks.push({
      ruleId: rule.id,
      group,
      breached: verdict.breached,
      stats,
      evidencePostIds: verdict.breached ? await data.ruleHitPostIds(query(window.range), options.evidenceLimit ?? 20, grouped ? group : undefined) : [],
      matchedTerms: terms,
      summary: `${where}「${rule.name}」${span} ${verdict.sentence}`,
      summaryEn: `${whereEn}“${rule.name}” ${span}: ${verdict.sentenceEn}`,
    })
  }
  return checks
}

/** How an alert's summary names the source group it is about (per-source rules). */
export function groupPrefix(group: string): string {
  return `来源 ${group}：`
}

/** `groupPrefix` in English. */
export function groupPrefixEn(group: string): string {
  return `Source ${group}: `
}

/** The verdict of a window, with its sentence in Chinese and in English. */
interface Verdict {
  breached: boolean
  sentence: string
  sentenceEn: string
}

function judge(rule: HitRule, row: RuleHitCount, baseline: number | null): Verdict {
  const { count, negative } = row
  const matching = countOf(count, 'matching post')
  switch (rule.kind) {
    case 'match':
      return {
        breached: count > 0,
        sentence: count > 0 ? `命中 ${count} 条帖子。` : '没有命中帖子。',
        sentenceEn: count > 0 ? `${matching}.` : 'no matching posts.',
      }
    case 'threshold': {
      const breached = count >= rule.count
      return {
        breached,
        sentence: `命中 ${count} 条帖子，${breached ? '达到' : '未达'}阈值 ${rule.count} 条。`,
        sentenceEn: `${matching}, ${breached ? 'reaching' : 'below'} the threshold of ${rule.count}.`,
      }
    }
    case 'spike': {
      const base = baseline ?? 0
      // ElastAlert's spike: cur ≥ spike_height × ref, with threshold_cur and threshold_ref as floors.
      const breached = count >= rule.minCount && base >= rule.minBaseline && count >= rule.factor * base
      const days = rule.baselineDays
      const against = base > 0 ? `前 ${days} 天同时段平均 ${decimal(base)} 条，为其 ${decimal(count / base)} 倍` : `前 ${days} 天同时段没有命中`
      const againstEn = base > 0 ? `${decimal(count / base)}× the mean of ${decimal(base)} at this time of day over the ${countOf(days, 'day')} before` : `none at this time of day over the ${countOf(days, 'day')} before`
      return {
        breached,
        sentence: `命中 ${count} 条帖子，${against}（告警条件：${rule.factor} 倍且至少 ${rule.minCount} 条）。`,
        sentenceEn: `${matching}, ${againstEn} (fires at ${rule.factor}× and ${rule.minCount} or more).`,
      }
    }
    case 'negative_share': {
      const share = count > 0 ? negative / count : 0
      const breached = count >= rule.minCount && share >= rule.minShare
      return {
        breached,
        sentence: `命中 ${count} 条帖子，其中负面 ${negative} 条（${percent(share)}），${breached ? '达到' : '未达'}告警条件（负面占比 ${percent(rule.minShare)} 且至少 ${rule.minCount} 条）。`,
        sentenceEn: `${matching}, ${negative} negative (${percent(share)}), ${breached ? 'meeting' : 'below'} the condition (${percent(rule.minShare)} negative and ${rule.minCount} posts or more).`,
      }
    }
  }
}

/**
 * The mean count of the same buckets on each of the days before, per group. Today's current bucket
 * has run only `elapsed` of its hour, so the same bucket of an earlier day counts for that share:
 * a spike is not a half-hour against a whole one.
 */
async function spikeBaselines(
  rule: Extract<Rule, { kind: 'spike' }>,
  data: RuleData,
  window: RuleWindow,
  query: (range: RuleWindow['range']) => RuleHitQuery,
  groupBy: 'source' | undefined,
): Promise<Map<string, number>> {
  const sums = new Map<string, number>()
  const add = (rows: RuleHitCount[], weight: number) => {
    for (const r of rows) sums.set(r.group, (sums.get(r.group) ?? 0) + r.count * weight)
  }
  for (let d = 1; d <= rule.baselineDays; d++) {
    const earlier = shiftDays(window.range, -d)
    const [whole, last] = await Promise.all([
      data.ruleHitCounts(query({ from: earlier.from, to: addHours(earlier.to, -1) }), groupBy),
      data.ruleHitCounts(query({ from: earlier.to, to: earlier.to }), groupBy),
    ])
    add(whole, 1)
    add(last, window.elapsed)
  }
  return new Map([...sums].map(([group, sum]) => [group, sum / rule.baselineDays]))
}
