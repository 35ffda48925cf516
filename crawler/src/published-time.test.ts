import { describe, expect, it } from 'vitest'
import { parsePublishedTime } from './published-time.ts'

// 15:00 on Thursday 2026-11-26 in Shanghai.
const context = { timezone: 'Asia/Shanghai', now: new Date('2026-11-26T07:00:00Z') }
const at = (text: string, format?: string) => {
  const time = parsePublishedTime(text, { ...context, format })
  return time && 'at' in time ? time.at.toISOString() : time
}

describe('published times', () => {
  it('reads relative times back from now', () => {
    expect(at('刚刚')).toBe('2026-11-26T07:00:00.000Z')
    expect(at('发表于 3分钟前')).toBe('2026-11-26T06:57:00.000Z')
    expect(at('3 分钟前')).toBe('2026-11-26T06:57:00.000Z')
    expect(at('2小时前')).toBe('2026-11-26T05:00:00.000Z')
    expect(at('半小时前')).toBe('2026-11-26T06:30:00.000Z')
    expect(at('45秒前')).toBe('2026-11-26T06:59:15.000Z')
    expect(at('3天前')).toBe('2026-11-23T07:00:00.000Z')
  })

  it('reads 今天, 昨天 and 前天 in the configured zone, as a day when no time is given', () => {
    expect(at('今天 08:15')).toBe('2026-11-26T00:15:00.000Z')
    expect(at('昨天 12:30')).toBe('2026-11-25T04:30:00.000Z')
    expect(at('前天 08:05')).toBe('2026-11-24T00:05:00.000Z')
    expect(at('前天')).toEqual({ day: '2026-11-24' })
    // Shortly after midnight in Shanghai it is still the previous day in UTC: 昨天 follows Shanghai.
    const early = parsePublishedTime('昨天 23:50', { timezone: 'Asia/Shanghai', now: new Date('2026-11-25T16:30:00Z') })
    expect(early).toEqual({ at: new Date('2026-11-25T15:50:00Z') })
  })

  it('reads a month and day without a year as this year, or last year when that lies ahead', () => {
    expect(at('11-20 16:45')).toBe('2026-11-20T08:45:00.000Z')
    expect(at('12-31 23:00')).toBe('2025-12-31T15:00:00.000Z')
    expect(at('11月20日 16:45')).toBe('2026-11-20T08:45:00.000Z')
  })

  it('reads full dates in the usual Chinese layouts, and zoned times as they are', () => {
    expect(at('发表于 2026-3-5 09:07')).toBe('2026-03-05T01:07:00.000Z')
    expect(at('2026/11/25 09:30:15')).toBe('2026-11-25T01:30:15.000Z')
    expect(at('发布时间：2026年11月24日 18:05')).toBe('2026-11-24T10:05:00.000Z')
    expect(at('2026-11-24')).toEqual({ day: '2026-11-24' })
    expect(at('2026-11-25T20:10:00+08:00')).toBe('2026-11-25T12:10:00.000Z')
    expect(at('Wed, 25 Nov 2026 08:30:00 +0800')).toBe('2026-11-25T00:30:00.000Z')
  })

  it('reads a page’s own layout when the source gives one', () => {
    expect(at('25.11.2026 um 09:30', 'DD.MM.YYYY um HH:mm')).toBe('2026-11-25T01:30:00.000Z')
  })

  it('gives nothing for text that holds no date', () => {
    expect(at('')).toBeUndefined()
    expect(at('很久以前')).toBeUndefined()
    expect(at('2026-13-45')).toBeUndefined()
  })
})
