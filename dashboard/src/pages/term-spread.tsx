import { useMemo } from 'react'
import { client, unwrap, type TermProfile } from '../api.ts'
import { Chart } from '../chart.tsx'
import { formatTime, negativeColor, percent } from '../format.ts'
import { href } from '../hash-route.ts'
import { useT } from '../i18n.tsx'
import { SourceName } from '../source-names.tsx'
import { useFetch } from '../use-fetch.ts'

const PEAK = '#dc2626'
const HOUR = '#93c5fd'

/** How a hot word spread on the day: its posts an hour with the peak, its first post, its sources, the words that come with it. */
export function TermSpread({ term, day }: { term: string; day: string | undefined }) {
  const t = useT()
  const profile = useFetch<TermProfile>(`profile|${term}|${day ?? ''}`, () =>
    unwrap(client.api.terms[':term'].profile.$get({ param: { term }, query: day ? { day } : {} })),
  )
  const option = useMemo(() => {
    const data = profile.data
    if (!data) return undefined
    const peak = data.peak ? Number(data.peak.hour.slice(11)) : -1
    return {
      animationDuration: 300,
      grid: { left: 32, right: 8, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.hours.map((_, h) => String(h).padStart(2, '0')), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [{ type: 'bar', name: t('count'), data: data.hours.map((value, h) => ({ value, itemStyle: { color: h === peak ? PEAK : HOUR } })) }],
    }
  }, [profile.data, t])

  if (profile.error) return <p className="error">{profile.error}</p>
  const data = profile.data
  if (!data || !option) return <p className="muted">{t('loading')}</p>
  const { peak, first } = data
  return (
    <div className="spread" data-testid="term-spread">
      <h3>
        {t('spread')} {data.day} <span className="muted">{t('spreadHint')}</span>
      </h3>
      {peak === null ? <p className="empty">{t('noSpread')}</p> : <Chart option={option} height={150} testId="term-hours" />}
      <dl className="spread-facts">
        {peak ? (
          <>
            <dt>{t('peakHour')}</dt>
            <dd data-testid="term-peak">
              {peak.hour.slice(11)}:00–{peak.hour.slice(11)}:59 · {peak.count}
              {t('postsUnit')}
            </dd>
          </>
        ) : null}
        {first ? (
          <>
            <dt title={t('firstPostHint')}>{t('firstPost')}</dt>
            <dd data-testid="term-first">
              <a href={href('posts', first.id)}>{first.title ?? first.text.slice(0, 40)}</a>
              <span className="muted">
                {' '}
                <SourceName id={first.source} /> · {formatTime(first.publishedAt) || first.day}
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      {data.sources.length > 0 ? (
        <>
          <h4>{t('sourcesOfDay')}</h4>
          <ul className="source-bars" data-testid="term-sources">
            {data.sources.map((s) => (
              <li key={s.source}>
                <span className="source-name" title={s.source}>
                  {s.name ?? s.source}
                </span>
                <span className="bar">
                  <i style={{ width: percent(s.count / (data.sources[0]?.count ?? s.count)) }} />
                </span>
                <span className="num">{s.count}</span>
                <span className="share" style={{ background: negativeColor(s.negative / s.count) }}>
                  {percent(s.negative / s.count)}
                </span>
              </li>
            ))}
          </ul>
          {data.read < data.total ? (
            <p className="muted">
              {t('newestOnly')}
              {data.read} / {data.total}
            </p>
          ) : null}
        </>
      ) : null}
      {data.related.length > 0 ? (
        <>
          <h4 title={t('relatedWordsHint')}>{t('relatedWords')}</h4>
          <p className="post-keywords" data-testid="term-related">
            {data.related.map((r) => (
              <a key={r.term} className="chip" href={href('term', r.term, { day: data.day })}>
                {r.term} <span className="muted">{r.count}</span>
              </a>
            ))}
          </p>
        </>
      ) : null}
    </div>
  )
}
