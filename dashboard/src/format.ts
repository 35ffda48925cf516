export function rankChangeText(change: number | null): string {
  if (change === null) return '新上榜'
  if (change > 0) return `↑${change}`
  if (change < 0) return `↓${-change}`
  return '持平'
}

/** Blue for calm terms through amber to red as the negative share rises. */
export function negativeColor(share: number): string {
  if (share >= 0.6) return '#dc2626'
  if (share >= 0.4) return '#f97316'
  if (share >= 0.2) return '#f59e0b'
  return '#3b82f6'
}

export function formatTime(iso: string | null, timeZone = 'Asia/Shanghai'): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}
