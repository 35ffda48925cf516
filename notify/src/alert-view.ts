import { SENTIMENT_NAMES, type AlertEvidence, type AlertMessage, type AlertSeverity } from '@yuqing/core'
import { safeUrl } from './escape.ts'
import { formatDuration, formatTime, formatWindow, knownTimeZone } from './format-time.ts'

/** A stretch of a snippet, marked when a rule matched it. */
export interface SnippetPart {
  text: string
  hit: boolean
}

export interface EvidenceView {
  title: string | undefined
  /** http(s) only; `undefined` when the post has no usable address. */
  url: string | undefined
  source: string
  publishedAt: string | undefined
  sentiment: string
  parts: SnippetPart[]
}

/**
 * What every channel says about a message, worded and formatted once (zh-CN, times in the rule's
 * zone) and still unescaped: each renderer escapes for its own markup.
 */
export interface AlertView {
  resolved: boolean
  /** `【严重】诈骗` or `【已恢复】诈骗`. */
  title: string
  severity: string
  ruleName: string
  summary: string
  /** `12 篇，基线 3（4.0 倍）`, or `12 篇` when the rule has no baseline. */
  counts: string
  negativeShare: string | undefined
  window: string
  startedAt: string
  endedAt: string | undefined
  /** How long it fired, on a resolved message. */
  firedFor: string | undefined
  matchedTerms: string[]
  evidence: EvidenceView[]
  link: string | undefined
  timezone: string
}

const SEVERITY: Record<AlertSeverity, string> = { critical: '严重', warning: '警告', info: '提示' }

export function viewOf(message: AlertMessage): AlertView {
  const timezone = knownTimeZone(message.timezone)
  const resolved = message.event === 'resolved'
  const severity = SEVERITY[message.severity]
  const { stats } = message
  const endsAt = resolved ? message.endsAt : undefined
  return {
    resolved,
    title: `【${resolved ? '已恢复' : severity}】${message.ruleName}`,
    severity,
    ruleName: message.ruleName,
    summary: message.summary,
    counts: countsOf(stats.count, stats.baseline),
    negativeShare: stats.negativeShare === undefined ? undefined : `${Math.round(stats.negativeShare * 100)}%`,
    window: formatWindow(stats.from, stats.to, timezone),
    startedAt: formatTime(message.startsAt, timezone),
    endedAt: endsAt === undefined ? undefined : formatTime(endsAt, timezone),
    firedFor: endsAt === undefined ? undefined : formatDuration(Date.parse(endsAt) - Date.parse(message.startsAt)),
    matchedTerms: message.matchedTerms,
    evidence: message.evidence.map((e) => evidenceView(e, timezone)),
    link: safeUrl(message.link),
    timezone,
  }
}

function countsOf(count: number, baseline: number | null): string {
  if (baseline === null) return `${count} 篇`
  const shown = Number(baseline.toFixed(1))
  const ratio = baseline > 0 ? `（${(count / baseline).toFixed(1)} 倍）` : ''
  return `${count} 篇，基线 ${shown}${ratio}`
}

function evidenceView(evidence: AlertEvidence, timezone: string): EvidenceView {
  return {
    title: evidence.title,
    url: safeUrl(evidence.url),
    source: evidence.source,
    publishedAt: evidence.publishedAt === undefined ? undefined : formatTime(evidence.publishedAt, timezone),
    sentiment: SENTIMENT_NAMES[evidence.sentiment],
    parts: snippetParts(evidence.snippet, evidence.highlights),
  }
}

/**
 * Cuts a snippet at its highlights. Offsets come from another stage, so they are not trusted
 * either: out-of-range ends are clamped, overlapping or empty stretches skipped, and an offset
 * inside a surrogate pair moved off it so no half character is ever rendered.
 */
export function snippetParts(snippet: string, highlights: readonly (readonly [number, number])[]): SnippetPart[] {
  const parts: SnippetPart[] = []
  let at = 0
  const sorted = [...highlights].sort((a, b) => a[0] - b[0])
  for (const [rawStart, rawEnd] of sorted) {
    const start = offBoundary(snippet, Math.max(at, Math.min(rawStart, snippet.length)))
    const end = offBoundary(snippet, Math.min(rawEnd, snippet.length))
    if (end <= start) continue
    if (start > at) parts.push({ text: snippet.slice(at, start), hit: false })
    parts.push({ text: snippet.slice(start, end), hit: true })
    at = end
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), hit: false })
  return parts
}

function offBoundary(text: string, offset: number): number {
  const code = text.charCodeAt(offset)
  return code >= 0xdc00 && code <= 0xdfff && offset > 0 ? offset + 1 : offset
}
