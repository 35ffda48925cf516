import { addDays } from '@yuqing/core'
import type { EsContext } from './context.ts'
import { request } from './es-errors.ts'
import { monthOfPostsIndex } from './index-names.ts'

/** The last day of a month `YYYY-MM`. */
function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10)
}

/**
 * Retention of posts, a month at a time: a monthly post index is deleted once its last day is
 * more than `days` days before today (UTC). Deleting an index costs nothing next to deleting
 * its documents one by one; the price is that up to a month more than `days` is kept.
 * Alerts, tasks, accounts and the audit log are records, never pruned.
 */
export function postRetention(ctx: EsContext, days: number | undefined, now: () => Date) {
  let lastRun = ''

  async function prune(): Promise<string[]> {
    if (days === undefined) return []
    const today = now().toISOString().slice(0, 10)
    lastRun = today
    const oldest = addDays(today, -days)
    const rows = await request(ctx.names.postsPattern, () => ctx.client.cat.indices({ index: ctx.names.postsPattern, format: 'json', h: 'index' }))
    const expired = rows.flatMap((row) => {
      const month = row.index ? monthOfPostsIndex(ctx.names, row.index) : undefined
      return row.index && month && lastDayOf(month) < oldest ? [row.index] : []
    })
    if (expired.length > 0) await request(expired.join(','), () => ctx.client.indices.delete({ index: expired }))
    return expired.sort()
  }

  return {
    /** Deletes the expired monthly indices now; returns their names. */
    prune,
    /** Prunes at most once a day: called on every save, it costs a string comparison. */
    async daily(): Promise<void> {
      if (days !== undefined && now().toISOString().slice(0, 10) !== lastRun) await prune()
    },
  }
}
