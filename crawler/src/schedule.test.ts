import { describe, expect, it } from 'vitest'
import { crawlIntervalMs, dueSources, durationMs, nextCrawlAt } from './schedule.ts'

describe('source schedules', () => {
  it('reads durations in seconds, minutes, hours and days', () => {
    expect([durationMs('30s'), durationMs('10m'), durationMs('2h'), durationMs('1d'), durationMs('soon')]).toEqual([30_000, 600_000, 7_200_000, 86_400_000, undefined])
  })

  it('crawls a source on its own schedule, else on the configured interval', () => {
    expect(crawlIntervalMs({ schedule: { every: '2h' } }, 10)).toBe(7_200_000)
    expect(crawlIntervalMs({}, 10)).toBe(600_000)
    const last = new Date('2026-11-26T07:00:00Z')
    expect(nextCrawlAt({ schedule: { every: '30m' } }, last, 10).toISOString()).toBe('2026-11-26T07:30:00.000Z')
  })

  it('finds the sources due now: those never crawled and those whose interval has passed', () => {
    const sources = [{ id: 'forum', schedule: { every: '10m' } }, { id: 'feed', schedule: { every: '1h' } }, { id: 'new' }]
    const last = new Map([
      ['forum', new Date('2026-11-26T06:45:00Z')],
      ['feed', new Date('2026-11-26T06:45:00Z')],
    ])
    expect(dueSources(sources, last, new Date('2026-11-26T07:00:00Z'), 10).map((s) => s.id)).toEqual(['forum', 'new'])
  })
})
