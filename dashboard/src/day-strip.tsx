import { daysUpTo } from '@yuqing/core/time'
import type { HomeResponse } from './api.ts'
import { percent } from './format.ts'
import { useT } from './i18n.tsx'

type DayVolume = HomeResponse['days'][number]

/** Days the strip shows, up to today. */
const STRIP_DAYS = 30

/**
 * The last 30 days at a glance: a bar a day, as tall as its posts, its negative share of them in
 * red at the foot; a day without posts is an empty slot. A click opens that day's board.
 */
export function DayStrip({ days, today, selected, onSelect }: { days: readonly DayVolume[]; today: string; selected: string; onSelect: (day: string) => void }) {
  const t = useT()
  const byDay = new Map(days.map((d) => [d.day, d]))
  const shown = daysUpTo(today, STRIP_DAYS)
  const most = Math.max(1, ...shown.map((day) => byDay.get(day)?.posts ?? 0))
  return (
    <>
      <div className="day-strip" data-testid="day-strip" role="group" aria-label={t('volume30')}>
        {shown.map((day) => {
          const volume = byDay.get(day)
          const posts = volume?.posts ?? 0
          const share = volume && volume.originals > 0 ? volume.negative / volume.originals : 0
          const label = `${day} · ${posts} ${t('postsOfDay')} · ${t('negShare')} ${percent(share)}`
          return (
            <button type="button" key={day} className={day === selected ? 'selected' : ''} title={label} aria-label={label} aria-pressed={day === selected} onClick={() => onSelect(day)}>
              <span className="bar" style={{ height: `${(posts / most) * 100}%` }}>
                <span className="negative" style={{ height: `${share * 100}%` }} />
              </span>
            </button>
          )
        })}
      </div>
      <div className="day-strip-axis muted">
        <span>{shown[0]?.slice(5)}</span>
        <span>{today.slice(5)}</span>
      </div>
    </>
  )
}

/** What the strip's colours mean. */
export function DayStripLegend() {
  const t = useT()
  return (
    <div className="legend strip-legend">
      <span>
        <i className="posts" />
        {t('count')}
      </span>
      <span>
        <i className="negative" />
        {t('negShare')}
      </span>
    </div>
  )
}
