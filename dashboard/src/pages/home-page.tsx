import { useEffect, useState, type ReactNode } from 'react'
import { client, unwrap, type BoardItem, type HomeResponse, type HomeTopic, type PlaceItem, type RisingItem } from '../api.ts'
import { formatTime, negativeColor, percent, rankChangeClass, rankChangeText } from '../format.ts'
import { go, href } from '../hash-route.ts'
import { DayStrip, DayStripLegend } from '../day-strip.tsx'
import { Highlighted } from '../highlighted.tsx'
import { useT } from '../i18n.tsx'
import { useLive } from '../live.tsx'
import { useSession } from '../session.ts'
import { apiHref, ReportLinks } from '../report-links.tsx'
import { Sparkline } from '../sparkline.tsx'
import { useTaskForm } from '../task-form.tsx'
import { useFetch } from '../use-fetch.ts'
import { WordCloud } from '../word-cloud.tsx'

/** The morning screen: what needs attention today, from one request. */
export function HomePage({ day }: { day: string | undefined }) {
  const t = useT()
  const live = useLive()
  const [crawling, setCrawling] = useState(false)
  // While the first crawl fills the board, refresh it every few seconds; later once a minute.
  const home = useFetch<HomeResponse>(`${day ?? ''}|${live.alerts.length}|${live.taskVersion}`, () => unwrap(client.api.home.$get({ query: day ? { day } : {} })), crawling ? 5000 : 60_000)
  const data = home.data
  useEffect(() => setCrawling(data?.status?.crawling ?? false), [data])
  const shown = day ?? data?.day
  const openTerm = (term: string) => go(href('term', term, { day: shown }))
  const postsOfDay = data?.days.find((d) => d.day === data.day)?.posts ?? 0
  const openTasks = data ? (data.tasks.byState.triage ?? 0) + (data.tasks.byState.assigned ?? 0) + (data.tasks.byState.in_progress ?? 0) : 0
  // An earlier day: its posts, but the alerts, tasks and sources as they stand now.
  const past = data !== undefined && data.day !== data.today

  return (
    <>
      <div className="toolbar">
        <div className="toolbar-start">
          <label className="day-picker">
            {t('day')}
            <input type="date" value={shown ?? ''} max={data?.today} onChange={(e) => go(href('', { day: e.target.value || undefined }))} aria-label={t('day')} />
          </label>
          {past ? (
            <a href={href('')} data-testid="back-to-today">
              {t('backToToday')}
            </a>
          ) : null}
          <ReportLinks
            menu="reportsMenu"
            testId="home-reports"
            links={[
              { label: 'dailyBrief', href: apiHref('brief', { day: shown }) },
              { label: 'briefPdf', href: apiHref('brief', { day: shown, format: 'pdf' }), download: true },
              { label: 'boardXlsx', href: apiHref('exports/hotwords', { day: shown, format: 'xlsx' }), download: true },
              { label: 'topicsXlsx', href: apiHref('exports/topics', { day: shown, format: 'xlsx' }), download: true },
            ]}
          />
        </div>
        {data?.status ? (
          <span className="muted" data-testid="status">
            {data.status.crawling ? t('crawling') : `${t('lastCrawl')} ${formatTime(data.status.lastCrawlAt) || '—'}`} · {t('storedThisRun')} {data.status.postsStored}
          </span>
        ) : null}
        {data ? (
          <div className="summary" data-testid="summary">
            <span>
              <b>{postsOfDay}</b> {t('postsOfDay')}
            </span>
            {past ? <span className="muted">{t('rightNow')}</span> : null}
            <a href={href('alerts')} className={data.alerts.firing > 0 ? 'hot' : ''}>
              <b>{data.alerts.firing}</b> {t('firingAlerts')}
            </a>
            <a href={href('tasks')}>
              <b>{openTasks}</b> {t('openTasks')}
            </a>
            <a href={href('tasks', { overdue: 'true' })} className={data.tasks.overdue > 0 ? 'hot' : ''}>
              <b>{data.tasks.overdue}</b> {t('overdueTasks')}
            </a>
            {data.sources.total > 0 ? (
              <a href={href('sources')} className={data.sources.bad > 0 ? 'hot' : ''} data-testid="sources-link">
                <b>{data.sources.bad > 0 ? data.sources.bad : data.sources.total}</b> {t(data.sources.bad > 0 ? 'sourcesBad' : 'sourcesAllOk')}
              </a>
            ) : null}
          </div>
        ) : null}
      </div>
      {home.error ? (
        <p className="error">
          {t('loadFailed')}
          {home.error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <>
          <section className="card strip-card">
            <div className="card-head">
              <h2>{t('volume30')}</h2>
              <DayStripLegend />
            </div>
            <DayStrip days={data.days} today={data.today} selected={data.day} onSelect={(d) => go(href('', { day: d === data.today ? undefined : d }))} />
          </section>
          <main className="grid">
            <section className="card">
              <div className="card-head">
                <h2>
                  {t('board')} {data.day}
                </h2>
                <Legend />
              </div>
              {data.board.length === 0 ? <p className="empty">{t('noPosts')}</p> : <Board items={data.board} onSelect={openTerm} />}
            </section>
            <div className="column">
              <section className="card">
                <h2>{t('wordCloud')}</h2>
                {data.board.length === 0 ? null : <WordCloud words={data.board.map((w) => ({ term: w.term, weight: w.score, negativeShare: w.negativeShare }))} onSelect={openTerm} />}
              </section>
              <HintedCard title={t('places')} hint={t('placesHint')} empty={data.places.length === 0 && t('noPlaces')}>
                <Places items={data.places} onSelect={openTerm} />
              </HintedCard>
              <HintedCard title={t('rising')} hint={t('risingHint')} empty={data.rising.length === 0 && t('noRising')}>
                <Rising items={data.rising} onSelect={openTerm} />
              </HintedCard>
              <section className="card">
                <h2>{t('topics')}</h2>
                {data.topics.length === 0 ? <p className="empty">{t('noTopics')}</p> : <Topics topics={data.topics} onSelect={openTerm} />}
              </section>
            </div>
          </main>
        </>
      )}
    </>
  )
}

/** A card with a hint beside its heading: its list, or what to say (`empty`) when there is none. */
function HintedCard({ title, hint, empty, children }: { title: string; hint: string; empty: string | false; children: ReactNode }) {
  return (
    <section className="card">
      <div className="card-head">
        <h2>{title}</h2>
        <span className="muted">{hint}</span>
      </div>
      {empty === false ? children : <p className="empty">{empty}</p>}
    </section>
  )
}

function Legend() {
  const t = useT()
  return (
    <div className="legend" aria-label={t('negShare')}>
      {t('negShare')}
      {[0, 0.2, 0.4, 0.6].map((share) => (
        <span key={share}>
          <i style={{ background: negativeColor(share) }} />
          {share === 0 ? '<20%' : `≥${share * 100}%`}
        </span>
      ))}
    </div>
  )
}

function Board({ items, onSelect }: { items: readonly BoardItem[]; onSelect: (term: string) => void }) {
  const t = useT()
  return (
    <TermTable testId="board" ranked change={<th>{t('change')}</th>}>
      {items.map((w) => (
        <TermRow key={w.term} rank={w.rank} term={w.term} count={w.count} days={w.spark} negativeShare={w.negativeShare} onSelect={onSelect}>
          <td className={rankChangeClass(w.rankChange)}>{rankChangeText(w.rankChange, t)}</td>
        </TermRow>
      ))}
    </TermTable>
  )
}

function Rising({ items, onSelect }: { items: readonly RisingItem[]; onSelect: (term: string) => void }) {
  const t = useT()
  return (
    <TermTable testId="rising" change={<th className="num">{t('risesFor')}</th>}>
      {items.map((w) => (
        <TermRow key={w.term} term={w.term} count={w.counts.at(-1) ?? 0} days={w.counts} negativeShare={w.negativeShare} onSelect={onSelect}>
          <td className="num change up">↑{w.rises}</td>
        </TermRow>
      ))}
    </TermTable>
  )
}

/** The places of the day: posts, against the day before, their week, their negative share. */
function Places({ items, onSelect }: { items: readonly PlaceItem[]; onSelect: (term: string) => void }) {
  const t = useT()
  return (
    <TermTable testId="places" heading={t('place')} change={<th className="num">{t('change')}</th>}>
      {items.map((p) => {
        const change = p.count - p.previous
        return (
          <TermRow key={p.place} term={p.place} count={p.count} days={p.spark} negativeShare={p.negativeShare} onSelect={onSelect}>
            <td className={`num change ${change > 0 ? 'up' : change < 0 ? 'down' : 'flat'}`}>{change > 0 ? `+${change}` : change < 0 ? `−${-change}` : t('flat')}</td>
          </TermRow>
        )
      })}
    </TermTable>
  )
}

/**
 * The board's table, the places' and the rising list's: TermRow's columns, `heading` naming the
 * words (hot words by default), `change` heading how a word moved.
 */
function TermTable({ testId, ranked = false, heading, change, children }: { testId: string; ranked?: boolean; heading?: string; change: ReactNode; children: ReactNode }) {
  const t = useT()
  return (
    <table className="board" data-testid={testId}>
      <thead>
        <tr>
          {ranked ? <th>{t('rank')}</th> : null}
          <th>{heading ?? t('term')}</th>
          <th className="num">{t('count')}</th>
          {change}
          <th className="last7">{t('last7')}</th>
          <th className="num">{t('negShare')}</th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}

/**
 * A word's row on the board, among the places and in the rising list: its rank (on the board), the
 * word, its posts of the day, how it moved (`children`), its posts a day, its negative share.
 */
function TermRow(props: { rank?: number; term: string; count: number; days: readonly number[]; negativeShare: number; onSelect: (term: string) => void; children: ReactNode }) {
  const { rank, term, count, days, negativeShare, onSelect } = props
  return (
    <tr onClick={() => onSelect(term)}>
      {rank === undefined ? null : <td className="rank">{rank}</td>}
      <td>
        <a href={href('term', term)} className="term" onClick={(e) => (e.preventDefault(), onSelect(term))}>
          {term}
        </a>
      </td>
      <td className="num">{count}</td>
      {props.children}
      <td className="last7">
        <Sparkline values={days} color={negativeColor(negativeShare)} label={`${term}: ${days.join(', ')}`} />
      </td>
      <td className="num">
        <span className="share" style={{ background: negativeColor(negativeShare) }}>
          {percent(negativeShare)}
        </span>
      </td>
    </tr>
  )
}

function Topics({ topics, onSelect }: { topics: readonly HomeTopic[]; onSelect: (term: string) => void }) {
  const t = useT()
  const { can } = useSession()
  const openTaskForm = useTaskForm()
  return (
    <ul className="topics" data-testid="topics">
      {topics.map((topic) => {
        const post = topic.representative
        return (
          <li key={topic.terms.join('|')} className="topic" style={{ borderLeftColor: negativeColor(topic.negativeShare) }}>
            <div className="topic-head">
              <span className="terms">
                {topic.terms.slice(0, 5).map((term) => (
                  <button type="button" key={term} className="chip" onClick={() => onSelect(term)}>
                    {term}
                  </button>
                ))}
              </span>
              {can('tasks:create') && post ? (
                <button
                  type="button"
                  className="handle"
                  onClick={() => openTaskForm({ from: { post: post.id }, title: `${topic.terms.slice(0, 3).join('、')}：${post.title ?? post.snippet.slice(0, 30)}`, evidence: post.snippet })}
                >
                  {t('handle')}
                </button>
              ) : null}
            </div>
            <div className="topic-stats">
              <span>
                {topic.volume} {t('volume')}
              </span>
              {/* growth is the rise over the baseline (0.7: 70% above it), not a multiple. */}
              <span>{topic.isNew ? t('isNew') : `${t('growth')} ${topic.growth >= 0 ? '+' : '−'}${percent(Math.abs(topic.growth))}`}</span>
              <span style={{ color: negativeColor(topic.negativeShare) }}>
                {t('negShare')} {percent(topic.negativeShare)}
              </span>
            </div>
            {post ? (
              <p className="snippet">
                <Highlighted text={post.snippet} words={post.matches} />
              </p>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}
