import { useMemo } from 'react'
import { client, unwrap, type PostsResponse, type TermSeries } from '../api.ts'
import { Chart } from '../chart.tsx'
import { href } from '../hash-route.ts'
import { useT } from '../i18n.tsx'
import { PostList } from '../post-list.tsx'
import { useFetch } from '../use-fetch.ts'

/** One hot word: its 30-day trend and the posts behind it on the chosen day. */
export function TermPage({ term, day }: { term: string; day: string | undefined }) {
  const t = useT()
  const series = useFetch<TermSeries>(`series|${term}|${day ?? ''}`, () => unwrap(client.api.terms[':term'].$get({ param: { term }, query: day ? { day } : {} })))
  const posts = useFetch<PostsResponse>(`posts|${term}|${day ?? ''}`, () => unwrap(client.api.posts.$get({ query: { term, ...(day ? { day } : {}), fold: 'true', limit: '50' } })))
  const option = useMemo(() => {
    const points = series.data?.series ?? []
    return {
      animationDuration: 300,
      grid: { left: 36, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [{ type: 'line', name: term, smooth: true, symbolSize: 5, areaStyle: { opacity: 0.12 }, data: points.map((p) => p.count), color: '#2563eb' }],
    }
  }, [series.data, term])

  return (
    <main className="grid">
      <section className="card">
        <div className="card-head">
          <h2 data-testid="term-title">“{term}”</h2>
          <a href={href('', { day })}>← {t('navHome')}</a>
        </div>
        <h3>{t('trend')}</h3>
        {series.error ? <p className="error">{series.error}</p> : <Chart option={option} testId="term-trend" />}
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
