import { daysUpTo, minuteOf, SENTIMENT_NAMES } from '@yuqing/core'
import type { Store, StoredPost } from '@yuqing/store'
import { html } from 'hono/html'
import { pct, postLink, postsOf, reportPage } from './report-page.ts'
import { isOverdue, STATE_NAMES } from './task-flow.ts'
import { profileAndPosts } from './term-profile.ts'

export interface TermReportInput {
  store: Store
  timezone: string
  now: () => Date
  term: string
  day: string
  /** Absolute base for the page's links (see reportPage). */
  base?: string | undefined
}

/** Days of the trend, up to the report's day. */
const DAYS = 30
/** Posts of the day quoted, negative ones first. */
const QUOTED = 10

/**
 * 事件报告: one hot word's story on one day, for a report upward: its 30 days, how it spread that
 * day (first post, peak hour, sources), the words that go with it, its main posts and the tasks
 * opened on it.
 */
export async function renderTermReport(input: TermReportInput): Promise<string> {
  const { store, term, day, timezone } = input
  const days = daysUpTo(day, DAYS)
  const [series, { profile, posts }, tasks] = await Promise.all([store.termDays(term, days), profileAndPosts(store, term, day, DAYS), store.tasks.tasks({ limit: 100_000 })])
  const total = series.reduce((n, d) => n + d.count, 0)
  const negative = series.reduce((n, d) => n + d.negativeCount, 0)
  // Negative first, then as listed (newest first): what a reader upward must see.
  const quoted = [...posts].sort((a, b) => Number(b.sentiment.label === 'negative') - Number(a.sentiment.label === 'negative')).slice(0, QUOTED)
  const ids = new Set(posts.map((p) => p.id))
  const related = tasks.items.filter((t) => (t.origin.kind === 'post' && ids.has(t.origin.id)) || t.title.includes(term))
  const time = (post: StoredPost) => (post.publishedAt ? minuteOf(new Date(post.publishedAt), timezone) : post.day)
  // The profile named the sources of the posts it read, which are the posts quoted.
  const names = new Map(profile.sources.map((s) => [s.source, s.name ?? s.source]))
  const sourceOf = (post: StoredPost) => names.get(post.source) ?? post.source
  const now = input.now()
  const hours = profile.hours.flatMap((count, h) => (count > 0 ? [`${String(h).padStart(2, '0')}时 ${count} 条`] : []))

  return reportPage(
    `事件报告 · “${term}” · ${day}`,
    input.base,
    html`<p>近 30 天（${days[0]} 至 ${day}）共 ${total} 条帖子提到“${term}”，负面 <span class="${negative > 0 ? 'neg' : ''}">${negative} 条（${total > 0 ? pct(negative / total) : '—'}）</span>；当日 <a href="${postsOf(day, { term })}">${profile.total} 条</a>。生成时间 ${minuteOf(now, timezone)}。</p>

<h2>一、走势（近 30 天）</h2>
${trendChart(series)}
<p><small>每天的帖子数（相似转发只计一次），红色为其中的负面帖子。</small></p>

<h2>二、当天传播</h2>
${
  profile.peak === null
    ? html`<p>当日没有提到它的帖子。</p>`
    : html`<ul>
<li>高峰：${profile.peak.hour.slice(11)}时，${profile.peak.count} 条。</li>
<li>按小时：${hours.join('，')}。</li>
</ul>`
}
${profile.first ? html`<p>首发（近 30 天内最早提到它的帖子）：${postLink(profile.first)}，${sourceOf(profile.first)}，${time(profile.first)}。</p>` : ''}

<h2>三、来源分布</h2>
${
  profile.sources.length === 0
    ? html`<p>当日没有来源。</p>`
    : html`<table><tr><th>来源</th><th>帖子</th><th>负面</th></tr>${profile.sources.map(
        (s) => html`<tr><td>${s.name ?? s.source}</td><td><a href="${postsOf(day, { term, source: s.source })}">${s.count} 条</a></td><td class="${s.negative / s.count >= 0.5 ? 'neg' : ''}">${s.negative} 条（${pct(s.negative / s.count)}）</td></tr>`,
      )}</table>${profile.read < profile.total ? html`<p><small>按当日最新 ${profile.read} 条（共 ${profile.total} 条）统计。</small></p>` : ''}`
}

<h2>四、相关词</h2>
${
  profile.related.length === 0
    ? html`<p>当日没有与它同现于两条帖子以上的关键词。</p>`
    : html`<p>${profile.related.map((r, i) => html`${i > 0 ? '、' : ''}<a href="${postsOf(day, { term: r.term })}">${r.term}</a>（${r.count}）`)}</p>`
}

<h2>五、主要帖子</h2>
${
  quoted.length === 0
    ? html`<p>当日没有帖子。</p>`
    : html`<ol>${quoted.map(
        (p) => html`<li><span class="${p.sentiment.label === 'negative' ? 'neg' : ''}">[${SENTIMENT_NAMES[p.sentiment.label]}]</span> ${postLink(p)} <small>${sourceOf(p)} · ${time(p)}</small><br>${p.snippet}</li>`,
      )}</ol>`
}

<h2>六、处置</h2>
${
  related.length === 0
    ? html`<p>还没有就此建立的处置任务。</p>`
    : html`<table><tr><th>任务</th><th>状态</th><th>承办</th><th>期限</th></tr>${related.map(
        (t) => html`<tr><td>${t.title}</td><td class="${isOverdue(t, now) ? 'neg' : ''}">${STATE_NAMES[t.state]}${isOverdue(t, now) ? '（超期）' : ''}</td><td>${t.department ?? ''} ${t.assignee ?? ''}</td><td>${t.dueAt ? minuteOf(new Date(t.dueAt), timezone) : ''}</td></tr>`,
      )}</table>`
}`,
  )
}

/** The 30 days as bars: posts a day, the negative ones in red over them. No script: plain SVG. */
function trendChart(series: readonly { day: string; count: number; negativeCount: number }[]) {
  const width = 840
  const height = 120
  const top = Math.max(1, ...series.map((d) => d.count))
  const step = width / series.length
  const bar = (i: number, value: number, fill: string) => {
    const h = Math.round((value / top) * (height - 20))
    return html`<rect x="${(i * step + 1).toFixed(1)}" y="${height - 16 - h}" width="${(step - 2).toFixed(1)}" height="${h}" fill="${fill}"></rect>`
  }
  return html`<svg class="bars" viewBox="0 0 ${width} ${height}" role="img" aria-label="${series.map((d) => `${d.day} ${d.count}`).join('，')}">
${series.map((d, i) => html`${bar(i, d.count, '#93c5fd')}${bar(i, d.negativeCount, '#dc2626')}${i % 5 === 0 || i === series.length - 1 ? html`<text x="${(i * step + step / 2).toFixed(1)}" y="${height - 2}" font-size="10" text-anchor="middle" fill="#666">${d.day.slice(5)}</text>` : ''}`)}
<text x="2" y="10" font-size="10" fill="#666">${top}</text>
</svg>`
}
