import { useMemo } from 'react'
import { client, unwrap, type PostsResponse, type TermSeries } from '../api.ts'
import { Chart } from '../chart.tsx'
import { today } from '../format.ts'
import { href } from '../hash-route.ts'
import { useT } from '../i18n.tsx'
import { PostList } from '../post-list.tsx'
import { apiHref, ReportLinks } from '../report-links.tsx'
import { useFetch } from '../use-fetch.ts'
import { TermSpread } from './term-spread.tsx'

/**
 * One hot word: its 30-day trend (its posts, and the negative ones beneath), how it spread on the
 * chosen day, and the posts behind it that day.
 */
export function TermPage({ term, day }: { term: string; day: string | undefined }) {
  const t = useT()
  const series = useFetch<TermSeries>(`series|${term}|${day ?? ''}`, () => unwrap(client.api.terms[':term'].$get({ param: { term }, query: day ? { day } : {} })))
  const posts = useFetch<PostsResponse>(`posts|${term}|${day ?? ''}`, () => unwrap(client.api.posts.$get({ query: { term, ...(day ? { day } : {}), fold: 'true', limit: '50' } })))
  const option = useMemo(() => {
    const points = series.data?.series ?? []
    // Not smoothed: a spline overshoots between days and would draw counts below zero or above the day's.
    return {
      animationDuration: 300,
      grid: { left: 36, right: 16, top: 32, bottom: 28 },
      legend: { top: 0, right: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [
        { type: 'line', name: t('count'), symbolSize: 5, areaStyle: { opacity: 0.12 }, data: points.map((p) => p.count), color: '#2563eb' },
        { type: 'line', name: t('negative'), symbolSize: 4, areaStyle: { opacity: 0.18 }, data: points.map((p) => p.negativeCount), color: '#dc2626' },
      ],
    }
  }, [series.data, t])

  const totals = useMemo(() => {
    const points = series.data?.series
    if (!points) return undefined
    return points.reduce((sum, p) => ({ count: sum.count + p.count, negative: sum.negative + p.negativeCount }), { count: 0, negative: 0 })
  }, [series.data])

  return (
    <main className="grid">
      <section className="card">
        <div className="card-head">
          <h2 data-testid="term-title">“{term}”</h2>
          <ReportLinks
            testId="term-reports"
            links={[
              { label: 'termReport', href: apiHref(`terms/${encodeURIComponent(term)}/report`, { day }) },
              { label: 'termReportPdf', href: apiHref(`terms/${encodeURIComponent(term)}/report`, { day, format: 'pdf' }), download: true },
            ]}
          />
          <a href={href('', { day })}>← {day && day !== today() ? `${day} ${t('boardOf')}` : t('navHome')}</a>
        </div>
        <h3>{t('trend')}</h3>
        {series.error ? <p className="error">{series.error}</p> : <Chart option={option} testId="term-trend" />}
        {totals ? (
          <p className="muted" data-testid="term-totals">
            {t('last30')} {totals.count}
            {t('postsUnit')} · {t('negative')} {totals.negative}
            {t('postsUnit')}
            {totals.count > 0 ? ` (${Math.round((100 * totals.negative) / totals.count)}%)` : ''}
          </p>
        ) : null}
        <TermSpread term={term} day={day} />
      </section>
      <section className="card">
        <h2 data-testid="posts-title">
          {t('relatedPosts')} {day ?? ''}
        </h2>
        {posts.error ? <p className="error">{posts.error}</p> : posts.data ? <PostList posts={posts.data.items} total={posts.data.total} /> : <p className="muted">{t('loading')}</p>}
      </section>
    </main>
  )
}
