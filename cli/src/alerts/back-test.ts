import { hourOf, type AlertRecord } from '@yuqing/core'
import { advance, evaluateRule, lifecycleRuleOf, MemoryRuleData, RuleSet, type Rule, type RuleData } from '@yuqing/rules'
import type { BackTestFiring, RuleBackTest } from '@yuqing/api'
import type { Store, StoredPost } from '@yuqing/store'

export interface BackTestOptions {
  from: Date
  to: Date
  /** Zone of the stored hour buckets. */
  bucketZone: string
  /** Evaluations run this often over the period (an hour by default: the buckets' grain). */
  stepMs?: number
}

const PAGE = 2_000

/**
 * What a rule would have done over stored posts: its query run over every post of the period (as
 * the ingest path runs it, near-duplicates included as the store folded them), then the rule
 * evaluated step by step through the period with the alert lifecycle, in memory. Nothing is written.
 */
export async function backTest(rule: Rule, store: Store, options: BackTestOptions): Promise<RuleBackTest> {
  const set = new RuleSet([rule])
  const hits = new MemoryRuleData()
  const range = { from: hourOf(options.from, options.bucketZone), to: hourOf(options.to, options.bucketZone) }
  let posts = 0
  let hitCount = 0
  const byId = new Map<string, StoredPost>()
  for (let after = 0; ; ) {
    const page = (await store.postsIn(range, after, PAGE)).posts
    if (page.length === 0) break
    for (const post of page) {
      posts++
      const found = set.matchPost(post)
      if (found.length === 0) continue
      hitCount++
      byId.set(post.id, post)
      hits.add({ ...post, terms: [] }, found)
    }
    after = page[page.length - 1]?.seq ?? after
  }
  // Hits from the query just run; term counts from the store, as they were counted at ingest.
  const data: RuleData = {
    ruleHitCounts: (q, groupBy) => hits.ruleHitCounts(q, groupBy),
    ruleHitPostIds: (q, limit, source) => hits.ruleHitPostIds(q, limit, source),
    termCountsIn: (r, limit) => store.termCountsIn(r, limit),
    termTotals: (terms, ranges) => store.termTotals(terms, ranges),
    postsMentioning: (terms, r, limit) => store.postsMentioning(terms, r, limit),
  }

  const lifecycle = lifecycleRuleOf(rule)
  const records = new Map<string, AlertRecord>()
  const firings = new Map<string, BackTestFiring>()
  const step = options.stepMs ?? 3_600_000
  // Steps on whole hours (whole steps), as a running engine's ticks fall somewhere in each hour.
  for (let t = Math.ceil(options.from.getTime() / step) * step; t <= options.to.getTime(); t += step) {
    const now = new Date(t)
    const active = [...records.values()].filter((r) => r.state === 'firing' || r.state === 'pending').map((r) => r.group)
    for (const check of await evaluateRule(rule, data, now, { bucketZone: options.bucketZone, activeGroups: active })) {
      const transition = advance(records.get(check.group), lifecycle, check, now)
      records.set(check.group, transition.record)
      const message = transition.message
      if (!message) continue
      const firing = firings.get(message.alertId) ?? {
        group: check.group,
        startsAt: message.startsAt,
        endsAt: null,
        summary: message.summary,
        summaryEn: message.summaryEn ?? message.summary,
        messages: 0,
        evidence: [],
      }
      firing.messages++
      if (message.event === 'resolved') firing.endsAt = message.endsAt ?? now.toISOString()
      for (const id of message.evidencePostIds) {
        const post = byId.get(id)
        if (post && firing.evidence.length < 5) firing.evidence.push({ id, title: post.title, url: post.url, publishedAt: post.publishedAt, text: post.text })
      }
      firings.set(message.alertId, firing)
    }
  }
  return { ruleId: rule.id, from: options.from.toISOString(), to: options.to.toISOString(), posts, hits: hitCount, firings: [...firings.values()] }
}

/** `30d`, `12h`: how far back a back-test reaches. */
export function parseSince(text: string): number {
  const match = /^(\d+)([dh])$/.exec(text.trim())
  if (!match) throw new RangeError(`expected a number of days or hours such as 30d or 12h, got "${text}"`)
  return Number(match[1]) * (match[2] === 'd' ? 86_400_000 : 3_600_000)
}
