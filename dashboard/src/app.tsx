import { lazy, Suspense, useCallback, useState, type FormEvent, type ReactNode } from 'react'
import type { MeResponse } from './api.ts'
import { go, href, useRoute, type Route } from './hash-route.ts'
import { useLang, useT, type WordKey } from './i18n.tsx'
import { LiveProvider, useLive } from './live.tsx'
import { HomePage } from './pages/home-page.tsx'
import { SessionContext } from './session.ts'
import { TaskForm, TaskFormContext, type TaskDraft } from './task-form.tsx'

// Pages beyond the morning screen load when first opened: the first page stays small.
const TermPage = lazy(() => import('./pages/term-page.tsx').then((m) => ({ default: m.TermPage })))
const SearchPage = lazy(() => import('./pages/search-page.tsx').then((m) => ({ default: m.SearchPage })))
const PostPage = lazy(() => import('./pages/post-page.tsx').then((m) => ({ default: m.PostPage })))
const AlertsPage = lazy(() => import('./pages/alerts-page.tsx').then((m) => ({ default: m.AlertsPage })))
const AlertPage = lazy(() => import('./pages/alert-page.tsx').then((m) => ({ default: m.AlertPage })))
const TasksPage = lazy(() => import('./pages/tasks-page.tsx').then((m) => ({ default: m.TasksPage })))
const TaskPage = lazy(() => import('./pages/task-page.tsx').then((m) => ({ default: m.TaskPage })))
const RulesPage = lazy(() => import('./pages/rules-page.tsx').then((m) => ({ default: m.RulesPage })))
const SourcesPage = lazy(() => import('./pages/sources-page.tsx').then((m) => ({ default: m.SourcesPage })))

const NAV: readonly { path: string; label: WordKey }[] = [
  { path: '', label: 'navHome' },
  { path: 'search', label: 'navSearch' },
  { path: 'alerts', label: 'navAlerts' },
  { path: 'tasks', label: 'navTasks' },
  { path: 'rules', label: 'navRules' },
]

function Page({ route }: { route: Route }) {
  const [section = '', id] = route.path
  const day = route.query.get('day') ?? undefined
  switch (section) {
    case '':
      return <HomePage day={day} />
    case 'term':
      return id ? <TermPage term={id} day={day} /> : <HomePage day={day} />
    case 'search':
      return <SearchPage key={route.query.toString()} route={route} />
    case 'posts':
      return id ? <PostPage key={id} id={id} /> : <SearchPage route={route} />
    case 'alerts':
      return id ? <AlertPage id={id} /> : <AlertsPage />
    case 'tasks':
      return id ? <TaskPage id={id} /> : <TasksPage route={route} />
    case 'rules':
      return <RulesPage />
    case 'sources':
      return <SourcesPage />
    default:
      return <HomePage day={day} />
  }
}

export function App({ me, onSignOut }: { me: MeResponse; onSignOut: () => void }) {
  const route = useRoute()
  const [draft, setDraft] = useState<TaskDraft | undefined>(undefined)
  // One function for the form's whole life: it listens for Esc and route changes with it.
  const closeDraft = useCallback(() => setDraft(undefined), [])
  return (
    <SessionContext.Provider value={{ me, signOut: onSignOut }}>
      <LiveProvider>
        <TaskFormContext.Provider value={setDraft}>
          <div className="page">
            <Header route={route} />
            <Suspense fallback={<p className="muted">…</p>}>
              <Page route={route} />
            </Suspense>
          </div>
          {draft ? <TaskForm key={JSON.stringify(draft.from)} draft={draft} onClose={closeDraft} /> : null}
        </TaskFormContext.Provider>
      </LiveProvider>
    </SessionContext.Provider>
  )
}

function Header({ route }: { route: Route }) {
  const t = useT()
  const { lang, setLang } = useLang()
  const live = useLive()
  const [search, setSearch] = useState('')
  const firing = new Set(live.alerts.filter((m) => m.event === 'firing').map((m) => m.alertId)).size
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (search.trim()) go(href('search', { q: search.trim(), fold: 'true' }))
  }
  // A term belongs to today's board, a single post to the search.
  const section = route.path[0] === 'term' ? '' : route.path[0] === 'posts' ? 'search' : (route.path[0] ?? '')
  return (
    <header className="top">
      <a className="brand" href="#/">
        <span className="logo">舆</span>
        <div>
          <h1>{t('appName')}</h1>
          <p className="muted">{t('tagline')}</p>
        </div>
      </a>
      <nav className="nav">
        {NAV.map((item) => (
          <NavLink key={item.path} to={href(item.path)} active={section === item.path}>
            {t(item.label)}
            {item.path === 'alerts' && firing > 0 ? (
              <span className="count" data-testid="live-count" title={t('liveCountHint')}>
                {firing}
              </span>
            ) : null}
          </NavLink>
        ))}
      </nav>
      <div className="controls">
        <form className="search" onSubmit={submit} role="search">
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('searchPlaceholder')} aria-label={t('search')} />
          <button type="submit">{t('search')}</button>
        </form>
        <button type="button" className="secondary small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </button>
        <UserBox />
      </div>
    </header>
  )
}

function NavLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <a href={to} className={active ? 'active' : ''} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  )
}

function UserBox() {
  const t = useT()
  return (
    <SessionContext.Consumer>
      {(session) =>
        session ? (
          <span className="user">
            <span data-testid="user">
              {session.me.user.name} <small className="muted">{session.me.user.role}</small>
            </span>
            <button type="button" className="small" onClick={session.signOut}>
              {t('signOut')}
            </button>
          </span>
        ) : null
      }
    </SessionContext.Consumer>
  )
}
