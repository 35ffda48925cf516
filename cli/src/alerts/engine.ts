import { randomUUID } from 'node:crypto'
import { messageOf, type AlertMessage, type AlertRecord, type AnalyzedPost, type Logger, type Silence } from '@yuqing/core'
import {
  acknowledge,
  advance,
  countOf,
  describeSpan,
  durationMs,
  evaluateRule,
  groupPrefix,
  groupPrefixEn,
  lifecycleRuleOf,
  RuleSet,
  type DraftMessage,
  type Evaluation,
  type LoadedRule,
  type Rule,
  type RuleCheck,
  type RuleFileError,
  type RuleFiles,
} from '@yuqing/rules'
import type { AlertSummary, PendingMatch, SaveOptions, SaveResult, Store } from '@yuqing/store'
import { evidenceOf } from './evidence.ts'

export interface AlertEngineOptions {
  store: Store
  /** Zone of the stored hour buckets (the configured time zone). */
  bucketZone: string
  /** Ids of the configured channels: a rule without `channels` goes to all of them. */
  channels: () => readonly string[]
  logger: Logger
  /** The alert's page in the dashboard, when staff reach it at a known address (YUQING_PUBLIC_URL). */
  link?: (alertId: string) => string | undefined
  /** Called after each message is stored (to wake the dispatcher, to push it to the live feed). */
  onMessage?: (message: AlertMessage, delivered: boolean) => void
  now?: () => Date
  /**
   * How old a "pending match" marker must be before the sweep raises its alert: longer than any
   * save-then-afterSave takes, in this process or another, and shorter than a `match` rule's
   * window (see AlertEngine). Default 2 minutes.
   */
  pendingGraceMs?: number
}

/** See `pendingGraceMs`. */
export const PENDING_GRACE_MS = 2 * 60_000
/** Markers the sweep takes at a time (one page a tick): a crash leaves a batch or a few. */
const SWEEP_PAGE = 1_000

/** A stored post with its `match` rule hits, as afterSave and the sweep raise them. */
interface MatchedPost {
  id: string
  source: string
  duplicateOf: string | null
  hits: readonly { ruleId: string; terms: readonly string[] }[]
}

/** A rule as the dashboard lists it: where it came from and where it stands. */
export interface RuleStatus {
  id: string
  name: string
  kind: Rule['kind']
  enabled: boolean
  severity: Rule['severity']
  file: string
  line: number
  /** The worst state among its groups: firing, pending, or inactive. */
  state: 'firing' | 'pending' | 'inactive'
  lastFiredAt: string | null
}

/**
 * Rules at work: matches every post on its way into the store, fires `match` rules as soon as the
 * post is stored, evaluates window rules on `tick`, and keeps each rule's lifecycle in the store
 * with the messages it sends (an outbox the dispatcher empties). One evaluation at a time: a
 * rule's state is read, advanced and written without another evaluation in between.
 *
 * No match alert lost to a crash between storing posts and raising their alert: the store marks
 * the posts "pending match" in the same write as the posts (`saveOptions`), afterSave clears the
 * markers once the alerts are stored, and the sweep (at start and first thing in every tick)
 * raises the alerts of markers left behind. None raised twice:
 * - the sweep takes only markers older than `pendingGraceMs`, so it does not race an afterSave
 *   still running for them, here or in another process (`yuqing ingest`, analyze workers);
 * - a post already among the sent or held-back evidence of its rule's current episode is skipped
 *   (a crash after the alert was stored, before the marker was cleared). The rule's record is that
 *   memory; it forgets when the episode ends, which takes a window without hits. The sweep runs
 *   before the tick resolves quiet rules, so with a grace shorter than the window the episode a
 *   swept post was raised in is still the current one.
 */
export class AlertEngine {
  private loaded: LoadedRule[] = []
  private errors: RuleFileError[] = []
  private set = new RuleSet([])
  private serial: Promise<unknown> = Promise.resolve()
  private readonly now: () => Date

  constructor(private readonly options: AlertEngineOptions) {
    this.now = options.now ?? (() => new Date())
  }

  /** Replaces the rules (at start and when the rule files change). */
  setRules(files: RuleFiles): void {
    this.set = new RuleSet(files.rules.map((r) => r.rule))
    this.loaded = files.rules
    this.errors = files.errors
  }

  get ruleErrors(): readonly RuleFileError[] {
    return this.errors
  }

  get ruleCount(): number {
    return this.set.rules.length
  }

  /** In the ingest path, before the store: each post with the hits of the rules that match it. */
  match(posts: readonly AnalyzedPost[]): AnalyzedPost[] {
    if (this.set.rules.length === 0) return [...posts]
    return posts.map((post) => {
      const hits = this.set.matchPost(post)
      return hits.length === 0 ? post : { ...post, ruleHits: hits.map((h) => ({ ruleId: h.ruleId, spans: h.spans, terms: h.matchedTerms })) }
    })
  }

  /** What the store writes with the batch: the posts that await their `match` alert (see the class). */
  saveOptions(posts: readonly AnalyzedPost[]): SaveOptions {
    const ids = posts.filter((post) => this.awaitsMatch(post)).map((post) => post.id)
    return ids.length === 0 ? {} : { pendingMatch: { ids, at: this.now() } }
  }

  /**
   * After the store: `match` rules fire on the posts just written (near-duplicates when the rule
   * folds them are left out), then their "pending match" markers are cleared.
   */
  async afterSave(posts: readonly AnalyzedPost[], result: SaveResult): Promise<void> {
    const saved = new Map(result.saved.map((s) => [s.id, s.duplicateOf]))
    const stored = posts.flatMap((post): (MatchedPost & { day: string })[] => {
      const duplicateOf = saved.get(post.id)
      if (duplicateOf === undefined || !this.awaitsMatch(post)) return []
      return [{ id: post.id, day: post.day, source: post.source, duplicateOf, hits: post.ruleHits ?? [] }]
    })
    if (stored.length === 0) return
    // The posts are stored whatever happens here: a failure is logged, not thrown, so their batch is
    // not retried (a retry finds them stored and could not fire either). Their markers stay for the
    // sweep to raise them; the hits stay in the store for window rules and the dashboard.
    try {
      await this.serially(() => this.raise(stored, this.now()))
    } catch (error) {
      this.options.logger.error('match alerts not raised; left pending for the alert sweep', { posts: stored.map((p) => p.id), reason: messageOf(error) })
      return
    }
    await this.options.store.clearPendingMatches(stored).catch((error: unknown) => {
      // The sweep finds these posts in their alerts' evidence and only clears the markers.
      this.options.logger.warn('pending-match markers not cleared', { posts: stored.map((p) => p.id), reason: messageOf(error) })
    })
  }

  /** Raises the alerts of posts left "pending match" by a crash (see the class); at start, and in every tick. */
  sweepPendingMatches(): Promise<void> {
    return this.serially(() => this.sweep(this.now()))
  }

  /** Evaluates every enabled rule now: window rules breach or not; quiet `match` rules resolve. */
  async tick(): Promise<void> {
    await this.serially(async () => {
      const now = this.now()
      // Before the quiet checks: a swept post must meet the episode it may already be evidence of.
      await this.sweep(now)
      const records = await this.options.store.alerts.records()
      for (const rule of this.set.rules) {
        if (!rule.enabled) continue
        const active = records.filter((r) => r.ruleId === rule.id && (r.state === 'firing' || r.state === 'pending'))
        try {
          if (rule.kind === 'match') {
            for (const record of active) await this.step(rule, await this.quietEvaluation(rule, record, now), now)
            continue
          }
          const checks = await evaluateRule(rule, this.options.store, now, {
            bucketZone: this.options.bucketZone,
            activeGroups: active.map((r) => r.group),
          })
          for (const check of checks) await this.step(rule, check, now)
        } catch (error) {
          this.options.logger.error('rule not evaluated', { rule: rule.id, reason: messageOf(error) })
        }
      }
    })
  }

  async acknowledge(alertId: string, by: string): Promise<AlertSummary | undefined> {
    return this.serially(async () => {
      const record = await this.options.store.alerts.recordOfAlert(alertId)
      if (!record || record.state !== 'firing') return undefined
      await this.options.store.alerts.commit(acknowledge(record, by, this.now()))
      return (await this.options.store.alerts.alerts({ limit: 500 })).find((a) => a.alertId === alertId)
    })
  }

  async silence(input: { ruleId: string | null; group: string | null; endsAt: string; comment: string }, by: string): Promise<Silence> {
    const silence: Silence = { id: randomUUID(), ...input, createdBy: by, createdAt: this.now().toISOString() }
    await this.options.store.alerts.addSilence(silence)
    return silence
  }

  unsilence(id: string): Promise<boolean> {
    return this.options.store.alerts.removeSilence(id)
  }

  /** Rules as loaded, with their state, and the files that failed to load. */
  async rules(): Promise<{ rules: RuleStatus[]; errors: RuleFileError[] }> {
    const records = await this.options.store.alerts.records()
    const rules = this.loaded.map(({ rule, file, line }): RuleStatus => {
      const own = records.filter((r) => r.ruleId === rule.id)
      const state = own.some((r) => r.state === 'firing') ? 'firing' : own.some((r) => r.state === 'pending') ? 'pending' : 'inactive'
      const fired = own.map((r) => r.startsAt).filter((t): t is string => t !== null)
      return { id: rule.id, name: rule.name, kind: rule.kind, enabled: rule.enabled, severity: rule.severity, file, line, state, lastFiredAt: fired.sort().at(-1) ?? null }
    })
    return { rules, errors: this.errors }
  }

  /** Whether a post has a hit of a `match` rule: its alert is raised after the store. */
  private awaitsMatch(post: AnalyzedPost): boolean {
    return (post.ruleHits ?? []).some((hit) => isMatchRule(this.set.rule(hit.ruleId)))
  }

  /** Raises the alerts of the oldest page of markers past the grace period, then clears them; errors are logged. */
  private async sweep(now: Date): Promise<void> {
    const { store, logger } = this.options
    let pending: PendingMatch[] = []
    try {
      pending = await store.pendingMatches(new Date(now.getTime() - (this.options.pendingGraceMs ?? PENDING_GRACE_MS)), SWEEP_PAGE)
      if (pending.length === 0) return
      await this.raise(pending, now)
      // Markers of posts without a match rule now (rule removed or changed) go too: nothing to raise.
      await store.clearPendingMatches(pending)
      logger.info('match alerts raised for posts a crash left pending', { posts: pending.length })
    } catch (error) {
      logger.error('posts pending their match alert not swept; the next tick retries', { posts: pending.map((p) => p.id), reason: messageOf(error) })
    }
  }

  /**
   * Fires the `match` rules hit by these stored posts (oldest first), one evaluation per rule and
   * group, with the new posts first among the evidence. A post already among the evidence of the
   * rule's current episode (sent, or held back for the next message) is not raised again.
   */
  private async raise(posts: readonly MatchedPost[], now: Date): Promise<void> {
    const fresh = new Map<string, { rule: Rule; group: string; ids: string[]; terms: Set<string> }>()
    for (const post of posts) {
      for (const hit of post.hits) {
        const rule = this.set.rule(hit.ruleId)
        if (!isMatchRule(rule) || (rule.filters.foldDuplicates && post.duplicateOf)) continue
        const group = rule.groupBy === 'source' ? post.source : ''
        const key = `${rule.id}\u0000${group}`
        const entry = fresh.get(key) ?? { rule, group, ids: [], terms: new Set<string>() }
        entry.ids.unshift(post.id)
        for (const t of hit.terms) entry.terms.add(t)
        fresh.set(key, entry)
      }
    }
    for (const { rule, group, ids: all, terms } of fresh.values()) {
      const record = await this.options.store.alerts.record(rule.id, group)
      const known = evidenceIds(record)
      const raised = all.filter((id) => !known.has(id))
      if (raised.length === 0) continue
      const check = await this.windowCheck(rule, group, now)
      const evaluation = await this.matchEvaluation(rule, group, raised, [...terms], now, { check })
      // A message that goes out now carries the posts held back since the last one too: its words
      // and count describe them all. (Only then: the held-back posts are read once per message.)
      const held = heldInto(rule, record, evaluation, now)
      await this.step(rule, held.length > 0 ? await this.matchEvaluation(rule, group, raised, [...terms], now, { check, held }) : evaluation, now)
    }
  }

  /**
   * A `match` rule's evaluation for posts it raised (its evidence) and those held back for the
   * next message (`held`, described with them), against the window's numbers (`check`, as a tick
   * would give them). A post published outside the window (a crawl that found it late) is not
   * among them: then the window holds no hit, and its summary would say so under an alert that
   * fires. The posts are counted instead.
   */
  private async matchEvaluation(
    rule: Rule,
    group: string,
    raised: readonly string[],
    terms: readonly string[],
    now: Date,
    { check, held = [] }: { check: RuleCheck | undefined; held?: readonly string[] },
  ): Promise<Evaluation> {
    const ids = [...raised, ...held]
    const span = (c: RuleCheck) => describeSpan(new Date(c.stats.from), new Date(c.stats.to), rule.timezone)
    // When the late posts were published, which the reader would otherwise look for in the window.
    const published = check?.breached ? undefined : await this.publishedSpan(ids, rule)
    return {
      group,
      breached: true,
      summary: check?.breached
        ? check.summary
        : `${group ? groupPrefix(group) : ''}「${rule.name}」命中 ${ids.length} 条帖子${published ? `，发布于 ${published}，刚抓取到` : ''}${check ? `（不在本时段 ${span(check)} 内）` : ''}。`,
      summaryEn: check?.breached
        ? check.summaryEn
        : `${group ? groupPrefixEn(group) : ''}“${rule.name}”: ${countOf(ids.length, 'matching post')}${published ? `, published ${published} and found just now` : ''}${check ? ` (outside ${span(check)})` : ''}.`,
      stats: check?.breached ? check.stats : { count: ids.length, baseline: null, from: now.toISOString(), to: now.toISOString() },
      matchedTerms: [...terms],
      // advance() adds the held-back posts itself.
      evidencePostIds: [...raised],
    }
  }

  /**
   * The tick's evaluation of a `match` rule's episode (quietCheck); when it sends the posts held
   * back since the last message (realert has passed), its words and count describe them.
   */
  private async quietEvaluation(rule: Rule, record: AlertRecord, now: Date): Promise<Evaluation> {
    const quiet = quietCheck(rule, record, now)
    const held = heldInto(rule, record, quiet, now)
    if (held.length === 0) return quiet
    const described = await this.matchEvaluation(rule, record.group, [], quiet.matchedTerms, now, { check: await this.windowCheck(rule, record.group, now), held })
    // The last hit's time stays as it was: it decides when the episode has gone quiet.
    return { ...quiet, summary: described.summary, summaryEn: described.summaryEn, stats: { ...quiet.stats, count: described.stats.count } }
  }

  /** The rule's numbers for the group's window now. */
  private async windowCheck(rule: Rule, group: string, now: Date): Promise<RuleCheck | undefined> {
    return (await evaluateRule(rule, this.options.store, now, { bucketZone: this.options.bucketZone, activeGroups: [group] })).find((c) => c.group === group)
  }

  /** The first and last publication times of these posts in the rule's zone (`11-26 07:10–08:45`), if any has one. */
  private async publishedSpan(ids: readonly string[], rule: Rule): Promise<string | undefined> {
    const times = (await this.options.store.postsWithHits(ids, rule.id)).flatMap(({ post }) => (post.publishedAt ? [Date.parse(post.publishedAt)] : [])).filter((t) => !Number.isNaN(t))
    if (times.length === 0) return undefined
    return describeSpan(new Date(Math.min(...times)), new Date(Math.max(...times)), rule.timezone)
  }

  /** One evaluation through the lifecycle, its state and message stored together. */
  private async step(rule: Rule, evaluation: Evaluation, now: Date): Promise<void> {
    const { store } = this.options
    const previous = await store.alerts.record(rule.id, evaluation.group)
    const transition = advance(previous, lifecycleRuleOf(rule), evaluation, now)
    if (!transition.message) {
      await store.alerts.commit(transition.record)
      return
    }
    const message = await this.render(transition.message, rule)
    const suppressed = silenced(await store.alerts.silences(now), transition.record)
    const channels = rule.channels ?? this.options.channels()
    await store.alerts.commit(transition.record, { message, channels, suppressed })
    this.options.onMessage?.(message, !suppressed && channels.length > 0)
  }

  private async render(draft: DraftMessage, rule: Rule): Promise<AlertMessage> {
    const { evidencePostIds, ...rest } = draft
    const posts = await this.options.store.postsWithHits(evidencePostIds, rule.id)
    const link = this.options.link?.(draft.alertId)
    return { ...rest, evidence: posts.map((p) => evidenceOf(p, draft.matchedTerms)), ...(link ? { link } : {}) }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work)
    this.serial = run.catch(() => undefined)
    return run
  }
}

/**
 * A `match` rule fires from the ingest path, on posts as they are stored, however old they are;
 * the tick only decides whether it has gone quiet: no new hit for one window since the last one.
 * Until then it sends what hits were grouped since its last message, once realert has passed.
 */
function quietCheck(rule: Rule, record: AlertRecord, now: Date): Evaluation {
  const last = record.last
  const lastHit = Date.parse(last?.stats.to ?? record.updatedAt)
  const quiet = now.getTime() - lastHit >= durationMs(rule.window)
  return {
    group: record.group,
    breached: !quiet,
    summary: quiet ? `「${rule.name}」${rule.window} 内没有新的命中帖子，告警解除。` : (last?.summary ?? ''),
    summaryEn: quiet ? `“${rule.name}”: no new matching post for ${rule.window}; resolved.` : (last?.summaryEn ?? ''),
    stats: last?.stats ?? { count: 0, baseline: null, from: record.updatedAt, to: record.updatedAt },
    matchedTerms: last?.matchedTerms ?? [],
    evidencePostIds: [],
  }
}

function isMatchRule(rule: Rule | undefined): rule is Rule {
  return rule !== undefined && rule.enabled && rule.kind === 'match'
}

/** The evidence of the rule's current episode: posts sent, or held back while pending or until realert. */
function evidenceIds(record: AlertRecord | undefined): ReadonlySet<string> {
  if (!record || (record.state !== 'firing' && record.state !== 'pending')) return new Set()
  return new Set([...record.sent, ...record.unsent])
}

/**
 * The posts held back that a message sent now on this evaluation would carry besides its own:
 * none unless the rule still breaches and a message goes out (lifecycle's own decision).
 */
function heldInto(rule: Rule, record: AlertRecord | undefined, evaluation: Evaluation, now: Date): readonly string[] {
  if (!record || !evaluation.breached || record.unsent.length === 0) return []
  return advance(record, lifecycleRuleOf(rule), evaluation, now).message ? record.unsent : []
}

function silenced(silences: readonly Silence[], record: AlertRecord): boolean {
  return silences.some((s) => (s.ruleId === null || s.ruleId === record.ruleId) && (s.group === null || s.group === record.group))
}
