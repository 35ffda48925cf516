import { useState } from 'react'
import type { SessionResponse } from './api.ts'
import { HotWordChart } from './hot-word-chart.tsx'
import { PostList } from './post-list.tsx'
import { negativeColor, rankChangeText } from './format.ts'
import { useDays } from './use-days.ts'
import { useHotWords } from './use-hot-words.ts'
import { usePosts } from './use-posts.ts'
import { useStatus } from './use-status.ts'

export function App({ user, onSignOut }: { user: SessionResponse['user']; onSignOut: () => void }) {
  const status = useStatus(5000)
  const crawling = status.data?.crawling ?? false
  const days = useDays(crawling ? 5000 : 60_000)
  const [pickedDay, setPickedDay] = useState<string | undefined>(undefined)
  const day = pickedDay ?? days.data?.today
  const board = useHotWords(day, crawling ? 5000 : 60_000)
  const [term, setTerm] = useState<string | undefined>(undefined)
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState<string | undefined>(undefined)
  const posts = usePosts({ term, q: query, day: term ? day : undefined })
  const items = board.data?.items ?? []
  const postsOfDay = days.data?.days.find((d) => d.day === day)?.posts ?? 0

  return (
    <div className="page">
      <header className="top">
        <div className="brand">
          <span className="logo">舆</span>
          <div>
            <h1>舆情监测</h1>
            <p className="muted">每日热词 · 负面趋势 · 一键处置</p>
          </div>
        </div>
        <div className="controls">
          <form
            className="search"
            onSubmit={(e) => {
              e.preventDefault()
              setTerm(undefined)
              setQuery(search.trim() || undefined)
            }}
          >
            <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="搜索帖子，如：大桥 堵车" aria-label="搜索帖子" />
            <button type="submit">搜索</button>
          </form>
          <label className="day-picker">
            日期
            <input
              type="date"
              value={day ?? ''}
              max={days.data?.today}
              onChange={(e) => {
                setPickedDay(e.target.value || undefined)
                setTerm(undefined)
              }}
              aria-label="选择日期"
            />
          </label>
          <span className="user">
            {user.name}
            <button type="button" onClick={onSignOut}>
              退出
            </button>
          </span>
        </div>
      </header>

      <p className="status" data-testid="status">
        {crawling ? <span className="pulse">正在抓取…</span> : status.data?.lastCrawlAt ? `上次抓取 ${new Date(status.data.lastCrawlAt).toLocaleTimeString('zh-CN')}` : '等待首次抓取'}
        {status.data ? ` · 已入库 ${status.data.postsStored} 条（本次运行）` : ''}
        {day ? ` · ${day} 共 ${postsOfDay} 条帖子` : ''}
      </p>

      <main className="grid">
        <section className="card">
          <div className="card-head">
            <h2>热词榜 {day}</h2>
            <div className="legend">
              {[0, 0.2, 0.4, 0.6].map((share) => (
                <span key={share}>
                  <i style={{ background: negativeColor(share) }} />
                  {share === 0 ? '负面<20%' : `≥${share * 100}%`}
                </span>
              ))}
            </div>
          </div>
          {board.error ? <p className="error">热词加载失败：{board.error}</p> : null}
          {items.length === 0 && !board.loading ? (
            <p className="empty">{crawling ? '正在抓取数据，热词马上出现…' : '这一天还没有帖子。换个日期试试。'}</p>
          ) : (
            <>
              <HotWordChart
                items={items}
                selected={term}
                onSelect={(t) => {
                  setTerm(t)
                  setQuery(undefined)
                }}
              />
              <ol className="chips" aria-label="热词">
                {items.slice(0, 10).map((w) => (
                  <li key={w.term}>
                    <button type="button" className={w.term === term ? 'chip active' : 'chip'} onClick={() => setTerm(w.term)}>
                      <b>{w.rank}</b> {w.term} <small>{rankChangeText(w.rankChange)}</small>
                    </button>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>

        <section className="card">
          <div className="card-head">
            <h2 data-testid="posts-title">{term ? `“${term}” 相关帖子` : query ? `搜索“${query}”` : '相关帖子'}</h2>
          </div>
          {posts.error ? <p className="error">帖子加载失败：{posts.error}</p> : null}
          {!term && !query ? (
            <p className="empty">点击左侧热词，查看它背后的帖子。</p>
          ) : posts.data ? (
            <PostList posts={posts.data.items} total={posts.data.total} />
          ) : (
            <p className="muted">加载中…</p>
          )}
        </section>
      </main>
    </div>
  )
}
