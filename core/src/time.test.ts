import { describe, expect, it } from 'vitest'
import { addDays, addHours, dayOf, hourOf, isDay, parseLocalTime } from './time.ts'

describe('time buckets', () => {
  it('buckets an instant in the configured zone, not UTC', () => {
    const instant = new Date('2026-11-26T17:30:00Z') // 01:30 on the 27th in Shanghai
    expect(hourOf(instant, 'Asia/Shanghai')).toBe('2026-11-27T01')
    expect(dayOf(instant, 'UTC')).toBe('2026-11-26')
  })

  it('reads a wall-clock time in a zone', () => {
    expect(parseLocalTime('2026-11-26 08:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-26T00:30:00.000Z')
    expect(parseLocalTime('2026/3/5', 'UTC')?.toISOString()).toBe('2026-03-05T00:00:00.000Z')
    expect(parseLocalTime('昨天 12:30', 'Asia/Shanghai')).toBeUndefined()
  })

  it('steps days across month and year ends and checks the format', () => {
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(isDay('2026-02-28')).toBe(true)
    expect(isDay('2026-13-01')).toBe(false)
    expect(isDay('26-1-1')).toBe(false)
  })

  it('steps hour buckets across day ends', () => {
    expect(addHours('2026-11-26T23', 1)).toBe('2026-11-27T00')
    expect(addHours('2026-03-01T00', -1)).toBe('2026-02-28T23')
  })
})
