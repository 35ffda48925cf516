import type { HotWord } from '@yuqing/core'

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1
  return width
}

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)))
  return align === 'left' ? text + fill : fill + text
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => pad(cell, widths[i] ?? 0, rightAligned.has(i) ? 'right' : 'left')).join('  ').trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

export function rankChangeLabel(change: number | null): string {
  if (change === null) return 'new'
  if (change > 0) return `↑${change}`
  if (change < 0) return `↓${-change}`
  return '='
}

export function hotWordTable(day: string, items: readonly HotWord[]): string {
  if (items.length === 0) return `No hot words for ${day}: no posts stored for that day.`
  const rows = items.map((w) => [
    String(w.rank),
    w.term,
    String(w.count),
    w.score.toFixed(2),
    rankChangeLabel(w.rankChange),
    `${Math.round(w.negativeShare * 100)}%`,
  ])
  return `Hot words of ${day}\n\n${table(['rank', 'term', 'posts', 'score', 'change', 'negative'], rows, new Set([0, 2, 3, 5]))}`
}
