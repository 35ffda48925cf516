import { minuteOf } from '@yuqing/core'

/** Times as staff read them: in the rule's zone, to the minute, zh-CN wording. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

/** The zone if the runtime knows it, else the default: a typo in a rule must not lose the alert. */
export function knownTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return DEFAULT_TIMEZONE
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return DEFAULT_TIMEZONE
  }
}

/** `2026-11-27 14:05` in the zone; an unparsable instant is shown as given rather than dropped. */
export function formatTime(iso: string, timeZone: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return minuteOf(date, knownTimeZone(timeZone))
}

/** A window `from`–`to`; the second date is left out when both ends fall on the same day. */
export function formatWindow(from: string, to: string, timeZone: string): string {
  const a = formatTime(from, timeZone)
  const b = formatTime(to, timeZone)
  return a.slice(0, 10) === b.slice(0, 10) && b.length === 16 ? `${a} 至 ${b.slice(11)}` : `${a} 至 ${b}`
}

/** `2 小时 5 分钟`, `45 秒`, `3 天 4 小时`: the two largest units, enough to say how long it fired. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} 秒`
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), '天'],
    [Math.floor((seconds % 86_400) / 3600), '小时'],
    [Math.floor((seconds % 3600) / 60), '分钟'],
  ]
  const first = units.findIndex(([n]) => n > 0)
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ')
}
