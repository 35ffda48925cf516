/**
 * Time buckets in the configured zone: an hour is `YYYY-MM-DDTHH`, a day `YYYY-MM-DD`, both local
 * to the zone, so that "today's board" means the staff's today, not UTC's.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

/** One formatter per zone (and one with minutes): bucketing a post stays one cached call. */
function formatter(timeZone: string, minutes = false): Intl.DateTimeFormat {
  const key = minutes ? `${timeZone} minutes` : timeZone
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      ...(minutes ? { minute: '2-digit' } : {}),
      hourCycle: 'h23',
    })
    formatters.set(key, f)
  }
  return f
}

function localParts(date: Date, timeZone: string, minutes = false): Record<string, string> {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone, minutes).formatToParts(date)) parts[p.type] = p.value
  return parts
}

/**
 * Hour buckets already worked out, by zone and minute since the epoch. Every zone's offset has
 * been a whole number of minutes since 1980, so all instants of one minute share their local hour;
 * older instants are formatted each time. The analyzer buckets every post: a stream's posts fall
 * in few minutes, and formatting costs a few microseconds a post.
 */
const hourCache = new Map<string, Map<number, string>>()
const CACHED_SINCE = Date.UTC(1980, 0, 1)
const HOURS_CACHED = 100_000

export function hourOf(date: Date, timeZone: string): string {
  const ms = date.getTime()
  if (!(ms >= CACHED_SINCE)) return formatHour(date, timeZone)
  let cache = hourCache.get(timeZone)
  if (!cache) {
    cache = new Map()
    hourCache.set(timeZone, cache)
  }
  const minute = Math.floor(ms / 60_000)
  let hour = cache.get(minute)
  if (hour === undefined) {
    hour = formatHour(date, timeZone)
    if (cache.size >= HOURS_CACHED) cache.clear()
    cache.set(minute, hour)
  }
  return hour
}

function formatHour(date: Date, timeZone: string): string {
  const parts = localParts(date, timeZone)
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`
}

/** `YYYY-MM-DD HH:mm` in the zone: a time as staff read it. */
export function minuteOf(date: Date, timeZone: string): string {
  const parts = localParts(date, timeZone, true)
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

export function dayOf(date: Date, timeZone: string): string {
  return hourOf(date, timeZone).slice(0, 10)
}

/** Is this a zone Intl knows (an IANA name such as Asia/Shanghai)? Every bucket and shown time depends on it. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false
  // Date.parse rolls 2026-11-31 over to December: a real day reads back as itself.
  const time = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value
}

/** An hour label `YYYY-MM-DDTHH` of a real day. */
export function isHour(value: string): boolean {
  return value.length === 13 && value[10] === 'T' && isDay(value.slice(0, 10)) && HOUR.test(value.slice(11))
}

const HOUR = /^([01]\d|2[0-3])$/

/** The day before or after `day` (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The `n` days that end on `day`, oldest first: a chart's or a baseline's days. */
export function daysUpTo(day: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addDays(day, i - n + 1))
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts: Record<string, string> = {}
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  for (const p of f.formatToParts(new Date(instant))) parts[p.type] = p.value
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return local - Math.floor(instant / 1000) * 1000
}

/**
 * The instant of a wall-clock time in a zone, e.g. `2026-11-26 08:30` as seen in Asia/Shanghai.
 * Accepts `YYYY-MM-DD`, `YYYY-MM-DD HH:mm`, `YYYY-MM-DD HH:mm:ss` (also with `T` or `/`);
 * returns undefined for anything else.
 */
export function parseLocalTime(text: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  if (Number.isNaN(wall)) return undefined
  // The zone's offsets a day either side: equal, unless its clocks change near this time.
  const before = zoneOffset(wall - DAY_MS, timeZone)
  const after = zoneOffset(wall + DAY_MS, timeZone)
  const shows = (offset: number) => zoneOffset(wall - offset, timeZone) === offset
  // A time the clocks show twice (turned back) is the first of the two, whichever way the zone
  // lies from UTC.
  if (shows(before) && shows(after)) return new Date(wall - Math.max(before, after))
  if (shows(before)) return new Date(wall - before)
  if (shows(after)) return new Date(wall - after)
  // No instant shows this time: the clocks skipped it (02:30 on a spring-forward night). Read on
  // the clock as it was before the change, it falls just after the gap (03:30), as a clock set
  // forward would show it; the other reading would put a deadline before the hour typed.
  return new Date(wall - before)
}

const DAY_MS = 86_400_000

/**
 * The hour bucket `n` hours after `hour` (`YYYY-MM-DDTHH`), counted on the wall clock of the bucket
 * labels; a zone with daylight saving sees one hour twice or not at all, which buckets tolerate.
 */
export function addHours(hour: string, n: number): string {
  const d = new Date(`${hour}:00:00Z`)
  d.setUTCHours(d.getUTCHours() + n)
  return d.toISOString().slice(0, 13)
}
