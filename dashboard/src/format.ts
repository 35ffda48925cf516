import { addDays, dayOf, minuteOf, parseLocalTime } from '@yuqing/core/time'
import type { Translate } from './i18n.tsx'

/** The zone times are shown and read in: the server's configured one (GET /api/me), whatever the browser's. */
let zone = 'Asia/Shanghai'

export function setTimeZone(timeZone: string): void {
  zone = timeZone
}

/** A datetime-local input's value for an instant: `YYYY-MM-DDTHH:mm` on the zone's wall clock. */
export function zoneInputValue(date: Date): string {
  return minuteOf(date, zone).replace(' ', 'T')
}

/** The instant (ISO 8601) of a datetime-local input's value, read on the zone's wall clock; undefined when it is no time. */
export function fromZoneInput(value: string): string | undefined {
  return parseLocalTime(value, zone)?.toISOString()
}

/** Today in the zone (`YYYY-MM-DD`). */
export function today(): string {
  return dayOf(new Date(), zone)
}

/** A deadline's default: tomorrow at 17:00 in the zone. */
export function tomorrowAtFive(): string {
  return `${addDays(today(), 1)}T17:00`
}

export function rankChangeText(change: number | null, t: Translate): string {
  if (change === null) return t('newEntry')
  if (change > 0) return `↑${change}`
  if (change < 0) return `↓${-change}`
  return t('flat')
}

export function rankChangeClass(change: number | null): string {
  if (change === null) return 'change new'
  return change > 0 ? 'change up' : change < 0 ? 'change down' : 'change flat'
}

/** Blue for calm terms through amber to red as the negative share rises. */
export function negativeColor(share: number): string {
  if (share >= 0.6) return '#dc2626'
  if (share >= 0.4) return '#f97316'
  if (share >= 0.2) return '#f59e0b'
  return '#3b82f6'
}

export const percent = (share: number) => `${Math.round(share * 100)}%`

export function formatTime(iso: string | null | undefined, timeZone = zone): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}

/**
 * A post's link, only when it is http(s): a crawled page can carry a `javascript:` or `data:` link,
 * and a post's URL is untrusted input like its text.
 */
export function webHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined
  try {
    const { protocol } = new URL(url)
    return protocol === 'http:' || protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}
