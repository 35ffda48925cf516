import { useState, type FormEvent } from 'react'
import { client, unwrap, type PostsResponse, type RulesResponse } from '../api.ts'
import { go, href, type Route } from '../hash-route.ts'
import { useT } from '../i18n.tsx'
import { PostList } from '../post-list.tsx'
import { apiHref, ReportLinks } from '../report-links.tsx'
import { useSourceNames } from '../source-names.tsx'
import { useFetch } from '../use-fetch.ts'

const PAGE = 20
const FILTERS = ['q', 'source', 'from', 'to', 'rule', 'sentiment', 'corrected', 'fold', 'offset'] as const
type Filters = Partial<Record<(typeof FILTERS)[number], string>>

/** The filters in the address; `day=` (a link from elsewhere) is the range of that one day. */
function filtersOf(route: Route): Filters {
  const filters: Filters = {}
  for (const key of FILTERS) {
    const value = route.query.get(key)
    if (value) filters[key] = value
  }
  const day = route.query.get('day')
  if (day && !filters.from && !filters.to) {
    filters.from = day
    filters.to = day
  }
  return filters
}

/** Full-text search with filters; the filters live in the address, so a search can be bookmarked or sent. */
export function SearchPage({ route }: { route: Route }) {
  const t = useT()
  const filters = filtersOf(route)
  const [draft, setDraft] = useState<Filters>({ fold: 'true', ...filters })
  const rules = useFetch<RulesResponse | null>('rules', () => unwrap(client.api.rules.$get()).catch(() => null))
  const searching = Boolean(filters.q || filters.rule || filters.source || filters.from || filters.to || filters.corrected === 'true')
  const backwards = Boolean(draft.from && draft.to && draft.from > draft.to)
  const sourceNames = useSourceNames()
  const sentiment = filters.sentiment === 'negative' || filters.sentiment === 'neutral' || filters.sentiment === 'positive' ? filters.sentiment : undefined
  const posts = useFetch<PostsResponse>(searching ? JSON.stringify(filters) : undefined, () =>
    unwrap(
      client.api.posts.$get({
        query: {
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.source ? { source: filters.source } : {}),
          ...(filters.from ? { from: filters.from } : {}),
          ...(filters.to ? { to: filters.to } : {}),
          ...(filters.rule ? { rule: filters.rule } : {}),
          ...(sentiment ? { sentiment } : {}),
          ...(filters.corrected === 'true' ? { corrected: 'true' as const } : {}),
          fold: filters.fold === 'false' ? 'false' : 'true',
          limit: String(PAGE),
          offset: filters.offset ?? '0',
        },
      }),
    ),
  )
  const set = (key: keyof Filters, value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!backwards) go(href('search', { ...draft, source: sourceIdOf(draft.source?.trim() ?? '', sourceNames), offset: undefined }))
  }
  const offset = Number(filters.offset ?? 0)
  const page = (to: number) => go(href('search', { ...filters, offset: to > 0 ? String(to) : undefined }))

  return (
    <main className="single">
      <form className="card filters" onSubmit={submit} aria-label={t('search')}>
        <input className="grow" value={draft.q ?? ''} onChange={(e) => set('q', e.target.value)} placeholder={t('searchPlaceholder')} aria-label={t('searchPlaceholder')} />
        <label>
          {t('source')}
          <input value={(draft.source && sourceNames.get(draft.source)) ?? draft.source ?? ''} onChange={(e) => set('source', e.target.value)} size={12} list="source-options" />
          <datalist id="source-options">
            {[...sourceNames].map(([id, name]) => (
              <option key={id} value={name} label={id} />
            ))}
          </datalist>
        </label>
        <label>
          {t('fromDay')}
          <input type="date" value={draft.from ?? ''} max={draft.to} onChange={(e) => set('from', e.target.value)} aria-invalid={backwards} />
        </label>
        <label>
          {t('toDay')}
          <input type="date" value={draft.to ?? ''} min={draft.from} onChange={(e) => set('to', e.target.value)} aria-invalid={backwards} />
        </label>
        <label>
          {t('rule')}
          <select value={draft.rule ?? ''} onChange={(e) => set('rule', e.target.value)}>
            <option value="">{t('any')}</option>
            {(rules.data?.rules ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sentiment')}
          <select value={draft.sentiment ?? ''} onChange={(e) => set('sentiment', e.target.value)}>
            <option value="">{t('any')}</option>
            <option value="negative">{t('negative')}</option>
            <option value="neutral">{t('neutral')}</option>
            <option value="positive">{t('positive')}</option>
          </select>
        </label>
        <label className="check" title={t('relabelledOnlyHint')}>
          <input type="checkbox" checked={draft.corrected === 'true'} onChange={(e) => set('corrected', e.target.checked ? 'true' : '')} />
          {t('relabelledOnly')}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.fold !== 'false'} onChange={(e) => set('fold', e.target.checked ? 'true' : 'false')} />
          {t('fold')}
        </label>
        <button type="submit" disabled={backwards}>
          {t('search')}
        </button>
        {backwards ? (
          <p className="error inline" role="alert">
            {t('badRange')}
          </p>
        ) : null}
      </form>
      <section className="card">
        {posts.error ? <p className="error">{posts.error}</p> : null}
        {!searching ? (
          <p className="empty">{t('searchHint')}</p>
        ) : posts.data ? (
          <>
            {filters.corrected === 'true' ? (
              <ReportLinks testId="relabelled-export" links={[{ label: 'relabelledXlsx', href: apiHref('exports/relabelled', { from: filters.from, to: filters.to, format: 'xlsx' }), download: true }]} />
            ) : null}
            <PostList posts={posts.data.items} total={posts.data.total} />
            {singleCharacter(filters.q) ? (
              <p className="muted" data-testid="single-character-hint">
                {t('singleCharacterHint')}
              </p>
            ) : null}
            <div className="pager">
              <button type="button" disabled={offset === 0} onClick={() => page(Math.max(0, offset - PAGE))}>
                {t('prev')}
              </button>
              <button type="button" disabled={offset + PAGE >= posts.data.total} onClick={() => page(offset + PAGE)}>
                {t('next')}
              </button>
            </div>
          </>
        ) : (
          <p className="muted">{t('loading')}</p>
        )}
      </section>
    </main>
  )
}

/**
 * Does the query hold a single Han character as a word of its own? The index holds words and the
 * bigrams of long words, so 桥 finds only posts where it stands alone, not 大桥.
 */
function singleCharacter(q: string | undefined): boolean {
  return (q ?? '').split(/\s+/).some((w) => /^\p{Script=Han}$/u.test(w))
}

/**
 * The source a person typed: by the name the lists show (青溪论坛), by its id, or by a part of its
 * name that only one source's name has (青溪新闻 for 青溪新闻（演示）); else as typed.
 */
function sourceIdOf(typed: string, names: ReadonlyMap<string, string>): string | undefined {
  if (!typed) return undefined
  const named = [...names]
  const exact = named.find(([, name]) => name === typed)
  if (exact) return exact[0]
  if (names.has(typed)) return typed
  const partly = named.filter(([, name]) => name.includes(typed))
  return partly.length === 1 ? partly[0]?.[0] : typed
}
