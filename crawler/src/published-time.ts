import { addDays, dayOf, parseLocalTime } from '@yuqing/core'

/** A post's time as a page gives it: an instant, or only a day when no time of day is written. */
export type PublishedTime = { at: Date } | { day: string }

export interface TimeContext {
  timezone: string
  /** The moment relative times (`3分钟前`) count back from. */
  now: Date
  /** The page's own layout, e.g. `YYYY年M月D日 HH:mm`; tried before the usual shapes. */
  format?: string | undefined
}

/** A post's time as `RawPost` holds it: an instant, or only its day. */
export function postTime(published: string | number, timezone: string, now: Date, format: string | undefined): { publishedAt: string } | { day: string } | undefined {
  if (typeof published === 'number') {
    // APIs give seconds or milliseconds since 1970; a value below 10^11 cannot be milliseconds of this era.
    const at = new Date(published < 1e11 ? published * 1000 : published)
    return Number.isNaN(at.getTime()) ? undefined : { publishedAt: at.toISOString() }
  }
  const time = parsePublishedTime(published, { timezone, now, format })
  if (!time) return undefined
  return 'at' in time ? { publishedAt: time.at.toISOString() } : { day: time.day }
}

const MINUTE = 60_000
const UNIT_MS: Record<string, number> = { 秒: 1000, 分: MINUTE, 分钟: MINUTE, 小时: 60 * MINUTE, 个小时: 60 * MINUTE, 天: 24 * 60 * MINUTE, 周: 7 * 24 * 60 * MINUTE }
const DAY_WORDS: Record<string, number> = { 今天: 0, 昨天: -1, 前天: -2 }

const pad = (n: string | number) => String(n).padStart(2, '0')

/**
 * Reads the time in a page's date text, wherever it sits in it (`发表于 3 分钟前`): ISO 8601 with a
 * zone; `刚刚`, `N秒/分钟/小时/天前`, `半小时前`; `今天|昨天|前天 [HH:mm]`; `YYYY-M-D [HH:mm[:ss]]` with
 * `-`, `/`, `.` or 年月日; `M-D HH:mm` or `M月D日 HH:mm` (this year, or last year when that would
 * lie ahead of `now`). Wall-clock times are read in the configured zone.
 */
export function parsePublishedTime(text: string, context: TimeContext): PublishedTime | undefined {
  const t = text.replace(/\s+/g, ' ').trim()
  if (!t) return undefined
  if (context.format) {
    const formatted = parseWithFormat(t, context.format, context.timezone)
    if (formatted) return formatted
  }
  return isoWithZone(t) ?? relative(t, context) ?? dayWord(t, context) ?? fullDate(t, context.timezone) ?? monthDay(t, context)
}

function isoWithZone(t: string): PublishedTime | undefined {
  const m = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/.exec(t)
  const at = m ? new Date(m[0]) : undefined
  if (at && !Number.isNaN(at.getTime())) return { at }
  // RFC 822 dates of feeds (`Wed, 26 Nov 2026 08:30:00 +0800`) carry their zone too.
  if (/^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}/.test(t)) {
    const parsed = new Date(t)
    if (!Number.isNaN(parsed.getTime())) return { at: parsed }
  }
  return undefined
}

function relative(t: string, { now }: TimeContext): PublishedTime | undefined {
  if (/刚刚|刚才/.test(t)) return { at: now }
  if (/半小时前/.test(t)) return { at: new Date(now.getTime() - 30 * MINUTE) }
  const m = /(\d+)\s*(秒|分钟|分|个小时|小时|天|周)\s*前/.exec(t)
  const unit = m?.[2] ? UNIT_MS[m[2]] : undefined
  if (!m || unit === undefined) return undefined
  return { at: new Date(now.getTime() - Number(m[1]) * unit) }
}

function dayWord(t: string, { now, timezone }: TimeContext): PublishedTime | undefined {
  const m = /(今天|昨天|前天)\s*(?:(\d{1,2}):(\d{2}))?/.exec(t)
  if (!m?.[1]) return undefined
  const day = addDays(dayOf(now, timezone), DAY_WORDS[m[1]] ?? 0)
  if (m[2] === undefined) return { day }
  return local(`${day} ${pad(m[2])}:${m[3] ?? '00'}`, timezone)
}

function fullDate(t: string, timezone: string): PublishedTime | undefined {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(t)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m
  const day = `${y}-${pad(mo ?? 1)}-${pad(d ?? 1)}`
  if (h === undefined) return validDay(day)
  return local(`${day} ${pad(h)}:${mi}${s ? `:${s}` : ''}`, timezone)
}

function monthDay(t: string, { now, timezone }: TimeContext): PublishedTime | undefined {
  const m = /(?:^|[^\d])(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?\s+(\d{1,2}):(\d{2})/.exec(t)
  if (!m) return undefined
  const [, mo, d, h, mi] = m
  const year = Number(dayOf(now, timezone).slice(0, 4))
  const at = (y: number) => local(`${y}-${pad(mo ?? 1)}-${pad(d ?? 1)} ${pad(h ?? 0)}:${mi}`, timezone)
  const thisYear = at(year)
  // A date without a year that would lie ahead is last year's (a December post read in January).
  if (thisYear && 'at' in thisYear && thisYear.at.getTime() > now.getTime() + 24 * 60 * MINUTE) return at(year - 1)
  return thisYear
}

/** `YYYY`, `MM`/`M`, `DD`/`D`, `HH`/`H`, `mm`, `ss`; anything else in the format is literal. */
function parseWithFormat(t: string, format: string, timezone: string): PublishedTime | undefined {
  const order: string[] = []
  const tokens: Record<string, string> = { YYYY: '(\\d{4})', MM: '(\\d{1,2})', M: '(\\d{1,2})', DD: '(\\d{1,2})', D: '(\\d{1,2})', HH: '(\\d{1,2})', H: '(\\d{1,2})', mm: '(\\d{2})', ss: '(\\d{2})' }
  const pattern = format.replace(/YYYY|MM|M|DD|D|HH|H|mm|ss|[.*+?^${}()|[\]\\]/g, (token) => {
    const group = tokens[token]
    if (!group) return `\\${token}`
    order.push(token[0] ?? '')
    return group
  })
  const m = new RegExp(pattern).exec(t)
  if (!m) return undefined
  const part = (key: string) => {
    const i = order.indexOf(key)
    return i < 0 ? undefined : m[i + 1]
  }
  const day = `${part('Y')}-${pad(part('M') ?? 1)}-${pad(part('D') ?? 1)}`
  if (part('H') === undefined) return validDay(day)
  return local(`${day} ${pad(part('H') ?? 0)}:${part('m') ?? '00'}:${part('s') ?? '00'}`, timezone)
}

function local(text: string, timezone: string): PublishedTime | undefined {
  const at = parseLocalTime(text, timezone)
  return at && !Number.isNaN(at.getTime()) ? { at } : undefined
}

function validDay(day: string): PublishedTime | undefined {
  return Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? undefined : { day }
}
