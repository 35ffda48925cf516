/** `30s`, `10m`, `2h`, `1d`: how a source's `schedule.every` is written. */
export const DURATION = /^(\d+)\s*(s|m|h|d)$/

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Milliseconds of a duration such as `10m`; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim())
  if (!m) return undefined
  const unit = m[2] as keyof typeof UNIT_MS
  return Number(m[1]) * UNIT_MS[unit]
}

/** How often a source is crawled: its own `schedule.every`, else the configured interval. */
export function crawlIntervalMs(source: { schedule?: { every: string } | undefined }, defaultMinutes: number): number {
  const own = source.schedule ? durationMs(source.schedule.every) : undefined
  return own ?? defaultMinutes * 60_000
}

/**
 * When a source is next due: at once if it never ran, else one interval after its last crawl
 * started (a slow crawl does not push the next one back by its own length).
 */
export function nextCrawlAt(source: { schedule?: { every: string } | undefined }, lastStartedAt: Date | undefined, defaultMinutes: number): Date {
  if (!lastStartedAt) return new Date(0)
  return new Date(lastStartedAt.getTime() + crawlIntervalMs(source, defaultMinutes))
}

/** The sources due at `now`, given when each last started (by source id). */
export function dueSources<S extends { id: string; schedule?: { every: string } | undefined }>(
  sources: readonly S[],
  lastStartedAt: ReadonlyMap<string, Date>,
  now: Date,
  defaultMinutes: number,
): S[] {
  return sources.filter((s) => nextCrawlAt(s, lastStartedAt.get(s.id), defaultMinutes).getTime() <= now.getTime())
}
