import { findPlaces, findRising, findTopics, findTrends, hotWordBoard, type Analyzer } from '@yuqing/analyzer'
import { dayOf, minuteOf } from '@yuqing/core'
import { goingWrong, stalledSince, TASK_STATES, type Store } from '@yuqing/store'
import { html } from 'hono/html'
import { pct, postLink, postsOf, reportPage, webUrl } from './report-page.ts'
import { isOverdue, STATE_NAMES } from './task-flow.ts'

export interface BriefInput {
  store: Store
  analyzer: Pick<Analyzer, 'specificity' | 'places'>
  timezone: string
  now: () => Date
  day: string
  /** Absolute base for the page's links (see reportPage). */
  base?: string | undefined
}

/** A topic is worth the brief's negative section from this share of negative posts. */
const NEGATIVE_TOPIC_SHARE = 0.3

/** 日报: the day in one printable page (see reportPage). */
export async function renderBrief(input: BriefInput): Promise<string> {
  const { store, day } = input
  const [days, board, places, trends, rising, topics, alerts, tasks, sources] = await Promise.all([
    store.days(),
    hotWordBoard(store, input.analyzer.specificity, day, 15),
    findPlaces(store, input.analyzer.places(), day, { days: 2 }),
    findTrends(store, { kind: 'day', day }, { top: 10, specificity: input.analyzer.specificity }),
    findRising(store, day, { top: 10, specificity: input.analyzer.specificity }),
    findTopics(store, { kind: 'day', day }, { maxTopics: 20, specificity: input.analyzer.specificity }),
    store.alerts.alerts({ limit: 500 }),
    store.tasks.tasks({ limit: 100_000 }),
    store.sources.list(),
  ])
  const posts = days.find((d) => d.day === day)?.posts ?? 0
  const negativeTopics = topics.filter((t) => t.negativeShare >= NEGATIVE_TOPIC_SHARE).slice(0, 8)
  const representatives = new Map((await store.postsWithHits(negativeTopics.map((t) => t.representativePostId), '')).map((h) => [h.post.id, h.post]))
  const ofDay = alerts.filter((a) => dayOf(new Date(a.startsAt), input.timezone) === day)
  const alertDetails = await Promise.all(ofDay.slice(0, 20).map((a) => store.alerts.alert(a.alertId)))
  const now = input.now()
  const overdue = tasks.items.filter((t) => isOverdue(t, now))
  const byState = TASK_STATES.map((s) => ({ state: s, count: tasks.items.filter((t) => t.state === s).length }))
  const openedToday = tasks.items.filter((t) => dayOf(new Date(t.createdAt), input.timezone) === day)
  // Whether the monitoring was whole: sources whose crawls go wrong, or stopped, miss posts.
  const troubled = sources.filter((h) => goingWrong(h, now)).map((h) => ({ ...h, stalled: stalledSince(h, now) }))

  return reportPage(`舆情日报 · ${day}`, input.base, html`<p>当日共 <a href="${postsOf(day, {})}">${posts} 条帖子</a>。生成时间 ${minuteOf(now, input.timezone)}。</p>

<h2>一、热词榜</h2>
${
  board.length === 0
    ? html`<p>当日没有热词。</p>`
    : html`<table><tr><th>排名</th><th>热词</th><th>帖子</th><th>负面占比</th><th>排名变化</th></tr>
${board.map(
  (w) => html`<tr><td>${w.rank}</td><td><a href="${postsOf(day, { term: w.term })}">${w.term}</a></td><td><a href="${postsOf(day, { term: w.term })}">${w.count} 条</a></td><td class="${w.negativeShare >= 0.5 ? 'neg' : ''}">${pct(w.negativeShare)}</td><td>${w.rankChange === null ? '新上榜' : w.rankChange > 0 ? `↑${w.rankChange}` : w.rankChange < 0 ? `↓${-w.rankChange}` : '—'}</td></tr>`,
)}</table>`
}
${
  places.length === 0
    ? ''
    : html`<p>各地（词典中的地名）：${places.map(
        (p, i) => html`${i > 0 ? '；' : ''}<a href="${postsOf(day, { term: p.place })}">${p.place}</a> ${p.count} 条（前一天 ${p.previous} 条，负面 <span class="${p.negativeShare >= 0.5 ? 'neg' : ''}">${pct(p.negativeShare)}</span>）`,
      )}。</p>`
}

<h2>二、上升趋势</h2>
${
  trends.length === 0
    ? html`<p>当日没有明显上升的词。</p>`
    : html`<ul>${trends.map(
        (t) => html`<li><a href="${postsOf(day, { term: t.term })}">${t.term}</a>：${t.count} 条，往日同期约 ${Math.round(t.baseline * 10) / 10} 条${t.isNew ? '（新出现）' : ''}，负面 ${pct(t.negativeShare)}</li>`,
      )}</ul>`
}
${
  rising.length === 0
    ? ''
    : html`<p>持续升温（占当天帖子比例连续上升 3 天以上）：</p><ul>${rising.map(
        (r) => html`<li><a href="${postsOf(day, { term: r.term })}">${r.term}</a>：${r.counts.at(-1)} 条，近 ${r.counts.length} 天每天 ${r.counts.join('→')}，连升 ${r.rises} 天，负面 ${pct(r.negativeShare)}</li>`,
      )}</ul>`
}

<h2>三、负面话题</h2>
${
  negativeTopics.length === 0
    ? html`<p>当日没有负面占比 ${pct(NEGATIVE_TOPIC_SHARE)} 以上的话题。</p>`
    : html`<ol>${negativeTopics.map((t) => {
        const post = representatives.get(t.representativePostId)
        return html`<li><b>${t.terms.join('、')}</b>：<a href="${postsOf(day, { term: t.terms[0] ?? '' })}">${t.volume} 条帖子</a>，负面 <span class="neg">${pct(t.negativeShare)}</span>${post ? html`。代表帖子：${postLink(post)}` : ''}</li>`
      })}</ol>`
}

<h2>四、预警</h2>
${
  alertDetails.length === 0
    ? html`<p>当日没有预警。</p>`
    : html`<ul>${alertDetails.map((a) => {
        if (!a) return ''
        const evidence = a.messages.flatMap((m) => m.evidence).slice(0, 5)
        return html`<li><b>[${a.severity}] ${a.messages[0]?.ruleName ?? a.ruleId}</b>：${a.summary}（${a.state === 'firing' ? '进行中' : '已恢复'}${a.acknowledgedBy ? `，${a.acknowledgedBy} 已确认` : ''}）
${evidence.length > 0 ? html`<br>依据：${evidence.map((e, i) => html`${i > 0 ? '；' : ''}${webUrl(e.url) ? html`<a href="${webUrl(e.url)}">${e.title ?? e.snippet.slice(0, 30)}</a>` : html`${e.title ?? e.snippet.slice(0, 30)} <small>(${e.postId})</small>`}`)}` : ''}</li>`
      })}</ul>`
}

<h2>五、处置任务进展</h2>
<p>${byState.map((s, i) => html`${i > 0 ? ' · ' : ''}<a href="/api/tasks?state=${s.state}">${STATE_NAMES[s.state]} ${s.count}</a>`)}；当日新建 ${openedToday.length} 件，<a href="/api/tasks?overdue=true">超期（督办）<span class="${overdue.length > 0 ? 'neg' : ''}">${overdue.length}</span> 件</a>。</p>
${
  overdue.length === 0
    ? ''
    : html`<table><tr><th>任务</th><th>承办</th><th>期限</th><th>依据</th></tr>${overdue.map(
        (t) => html`<tr><td>${t.title}</td><td>${t.department ?? ''} ${t.assignee ?? ''}</td><td>${t.dueAt ?? ''}</td><td>${t.evidence.urls.map((u) => (webUrl(u) ? html`<a href="${u}">原帖</a> ` : ''))}</td></tr>`,
      )}</table>`
}

<h2>六、数据来源</h2>
${
  sources.length === 0
    ? html`<p>还没有来源的抓取记录。</p>`
    : html`<p>截至生成时共 ${sources.length} 个来源，${troubled.length === 0 ? '抓取都正常。' : html`<span class="neg">${troubled.length} 个异常</span>，其间的帖子可能缺失：`}</p>${
        troubled.length === 0
          ? ''
          : html`<ul>${troubled.map(
              (h) =>
                html`<li><b>${h.last.name ?? h.source}</b>：${h.stalled ? `自 ${h.last.startedAt} 起没有再抓取` : `连续 ${h.badRuns} 次抓取出错`}${h.last.problem ? html`（${h.last.problem}）` : ''}；上次找到帖子 ${h.lastGoodAt ?? '从未'}。</li>`,
            )}</ul>`
      }`
}`)
}
