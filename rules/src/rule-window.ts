import { addDays, addHours, hourOf, parseLocalTime, type HourRange } from '@yuqing/core'
import { windowHours, type Rule } from './rule-schema.ts'

const HOUR_MS = 3_600_000

/** The hour buckets a rule counts at `now`, and what part of the current one has passed. */
export interface RuleWindow {
  /** `window` hours of buckets before the current one, and the current one. */
  range: HourRange
  /** Start of the first bucket and `now`: what the counts cover. */
  from: Date
  to: Date
  /** How much of the current hour bucket has passed, 0–1. */
  elapsed: number
}

/**
 * Buckets cannot be split, so a window of N hours counts the current hour bucket and the N before
 * it: between N and N + 1 hours of posts. Counting one bucket too many never misses a burst that
 * straddles an hour, and spike baselines weigh the same buckets the same way (see evaluate-rule.ts).
 */
export function ruleWindow(rule: Pick<Rule, 'window'>, now: Date, bucketZone: string): RuleWindow {
  const current = hourOf(now, bucketZone)
  const first = addHours(current, -windowHours(rule))
  const currentStart = bucketStart(current, bucketZone)
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - currentStart.getTime()) / HOUR_MS))
  return { range: { from: first, to: current }, from: bucketStart(first, bucketZone), to: now, elapsed }
}

/** The instant an hour bucket `YYYY-MM-DDTHH` starts in its zone. */
export function bucketStart(hour: string, zone: string): Date {
  const start = parseLocalTime(`${hour.slice(0, 10)} ${hour.slice(11, 13)}:00`, zone)
  if (!start) throw new Error(`not an hour bucket: "${hour}"`)
  return start
}

/** The same buckets `days` days earlier, on the calendar of the labels (as trends compare days). */
export function shiftDays(range: HourRange, days: number): HourRange {
  const shift = (hour: string) => `${addDays(hour.slice(0, 10), days)}${hour.slice(10)}`
  return { from: shift(range.from), to: shift(range.to) }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function localParts(date: Date, zone: string): { day: string; time: string } {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formatters.set(zone, f)
  }
  const parts: Record<string, string> = {}
  for (const p of f.formatToParts(date)) parts[p.type] = p.value
  return { day: `${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/** `11-26 09:00–10:25`, or `11-25 10:00–11-26 10:25` across midnight, in the rule's zone; `11-26 09:00` for one minute. */
export function describeSpan(from: Date, to: Date, zone: string): string {
  const a = localParts(from, zone)
  const b = localParts(to, zone)
  if (a.day === b.day && a.time === b.time) return `${a.day} ${a.time}`
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time}–${b.day} ${b.time}`
}
