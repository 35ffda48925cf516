import { describe, expect, it } from 'vitest'
import { describeSpan } from './rule-window.ts'

describe('spans in words', () => {
  const zone = 'Asia/Shanghai'
  it('gives a span within a day, one across midnight, and a single minute once, in the zone', () => {
    expect(describeSpan(new Date('2026-11-26T01:00:00Z'), new Date('2026-11-26T02:25:00Z'), zone)).toBe('11-26 09:00–10:25')
    expect(describeSpan(new Date('2026-11-25T02:00:00Z'), new Date('2026-11-26T02:25:00Z'), zone)).toBe('11-25 10:00–11-26 10:25')
    expect(describeSpan(new Date('2026-11-25T23:10:00Z'), new Date('2026-11-25T23:10:30Z'), zone)).toBe('11-26 07:10')
  })
})
