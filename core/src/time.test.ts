import { describe, expect, it } from 'vitest'
import { addDays, addHours, dayOf, daysUpTo, hourOf, isDay, parseLocalTime } from './time.ts'

describe('time buckets', () => {
  it('buckets an instant in the configured zone, not UTC', () => {
    const instant = new Date('2026-11-26T17:30:00Z') // 01:30 on the 27th in Shanghai
    expect(hourOf(instant, 'Asia/Shanghai')).toBe('2026-11-27T01')
    expect(dayOf(instant, 'UTC')).toBe('2026-11-26')
  })

  it('gives the cached hour bucket the formatter gives, in half-hour zones and across DST', () => {
    const reference = (date: Date, timeZone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
          .formatToParts(date)
          .map((p) => [p.type, p.value]),
      )
      return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`
    }
    const zones = ['Asia/Shanghai', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe']
    // Every 7 minutes 13 seconds over the spring DST change in New York, twice (the second time cached).
    const start = Date.UTC(2026, 2, 7, 12)
    for (let pass = 0; pass < 2; pass++) {
      for (let ms = start; ms < start + 2 * 86_400_000; ms += 433_000) {
        for (const zone of zones) expect(hourOf(new Date(ms), zone)).toBe(reference(new Date(ms), zone))
      }
    }
    // Before 1980 offsets were not always whole minutes (local mean time): formatted each time.
    expect(hourOf(new Date('1900-06-01T12:00:00Z'), 'Asia/Shanghai')).toBe(reference(new Date('1900-06-01T12:00:00Z'), 'Asia/Shanghai'))
    expect(() => hourOf(new Date('not a date'), 'UTC')).toThrow(RangeError)
  })

  it('reads a wall-clock time in a zone', () => {
    expect(parseLocalTime('2026-11-26 08:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-26T00:30:00.000Z')
    expect(parseLocalTime('2026/3/5', 'UTC')?.toISOString()).toBe('2026-03-05T00:00:00.000Z')
    expect(parseLocalTime('昨天 12:30', 'Asia/Shanghai')).toBeUndefined()
  })

  it('reads a wall-clock time next to a daylight-saving change as the zone’s clocks show it', () => {
    const ny = (text: string) => parseLocalTime(text, 'America/New_York')?.toISOString()
    expect(ny('2026-03-08 01:30')).toBe('2026-03-08T06:30:00.000Z')
    expect(ny('2026-03-08 03:30')).toBe('2026-03-08T07:30:00.000Z')
    // 02:30 never shows that night (02:00 became 03:00): read on the clock before the change, 03:30.
    expect(ny('2026-03-08 02:30')).toBe('2026-03-08T07:30:00.000Z')
    // 01:30 shows twice in November: the first time, as in zones east of UTC.
    expect(ny('2026-11-01 01:30')).toBe('2026-11-01T05:30:00.000Z')
    expect(ny('2026-11-01 02:30')).toBe('2026-11-01T07:30:00.000Z')
    expect(parseLocalTime('2026-10-25 01:30', 'Europe/London')?.toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(parseLocalTime('2026-04-05 02:30', 'Australia/Sydney')?.toISOString()).toBe('2026-04-04T15:30:00.000Z')
    // The other way round the year: Sydney's clocks go forward in October.
    expect(parseLocalTime('2026-10-04 02:30', 'Australia/Sydney')?.toISOString()).toBe('2026-10-03T16:30:00.000Z')
    // A zone without daylight saving, and a day Samoa skipped whole (its clocks jumped from 29 to 31 December 2011).
    expect(parseLocalTime('2026-07-01 12:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-07-01T04:00:00.000Z')
    expect(parseLocalTime('2011-12-30 12:00', 'Pacific/Apia')?.toISOString()).toBe('2011-12-30T22:00:00.000Z')
  })

  it('steps days across month and year ends and checks the format', () => {
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(daysUpTo('2026-03-01', 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01'])
    expect(daysUpTo('2026-03-01', 0)).toEqual([])
    expect(isDay('2026-02-28')).toBe(true)
    expect(isDay('2026-13-01')).toBe(false)
    expect(isDay('2026-11-31')).toBe(false)
    expect(isDay('2026-02-29')).toBe(false)
    expect(isDay('2028-02-29')).toBe(true)
    expect(isDay('26-1-1')).toBe(false)
  })

  it('steps hour buckets across day ends', () => {
    expect(addHours('2026-11-26T23', 1)).toBe('2026-11-27T00')
    expect(addHours('2026-03-01T00', -1)).toBe('2026-02-28T23')
  })
})
