import { client, unwrap, type PostDetail, type PostsResponse } from '../api.ts'
import { formatTime } from '../format.ts'
import { cameFrom, href } from '../hash-route.ts'
import { Highlighted } from '../highlighted.tsx'
import { useT } from '../i18n.tsx'
import { OriginalLink } from '../original-link.tsx'
import { OfficialTag, PostList } from '../post-list.tsx'
import { correctionNote, SentimentControl } from '../sentiment-control.tsx'
import { useSession } from '../session.ts'
import { SourceName } from '../source-names.tsx'
import { useTaskForm } from '../task-form.tsx'
import { useFetch } from '../use-fetch.ts'

const WAVE_PAGE = 50

/**
 * One post in full, as text (never HTML). A near-duplicate links to its original; an original
 * lists its repost wave, newest first.
 */
export function PostPage({ id }: { id: string }) {
  const t = useT()
  const post = useFetch<PostDetail>(id, () => unwrap(client.api.posts[':id'].$get({ param: { id } })))
  const isOriginal = post.data !== undefined && post.data.duplicateOf === null
  const wave = useFetch<PostsResponse>(isOriginal ? id : undefined, () =>
    unwrap(client.api.posts.$get({ query: { duplicateOf: id, fold: 'false', limit: String(WAVE_PAGE) } })),
  )
  if (post.error) return <p className="error">{post.error}</p>
  if (!post.data) return <p className="muted">{t('loading')}</p>
  const data = post.data

  return (
    <main className="single">
      <PostArticle post={data} onChange={post.reload} />
      {data.duplicateOf === null ? (
        <section className="card" data-testid="wave">
          <div className="card-head">
            <h3>
              {t('wave')} · <span className="reposts">{data.reposts}</span> {t('similarReposts')}
            </h3>
          </div>
          {wave.error ? <p className="error">{wave.error}</p> : null}
          {data.reposts === 0 ? <p className="muted">{t('noReposts')}</p> : wave.data ? <PostList posts={wave.data.items} total={wave.data.total} /> : <p className="muted">{t('loading')}</p>}
        </section>
      ) : null}
    </main>
  )
}

function PostArticle({ post, onChange }: { post: PostDetail; onChange: () => void }) {
  const t = useT()
  const { can } = useSession()
  const openTaskForm = useTaskForm()
  return (
    <article className="card" data-testid="post-detail" data-post-id={post.id}>
      <div className="card-head">
        <h2 className="post-head">
          <span className={`badge ${post.sentiment.label}`} title={correctionNote(t, post.sentiment)} data-testid="post-sentiment">
            {t(post.sentiment.label)}
            {post.sentiment.corrected ? ' ✎' : ''}
          </span>
          <span data-testid="post-title">{post.title ?? t('untitled')}</span>
        </h2>
        <BackLink />
      </div>
      <p className="post-text">
        <Highlighted text={post.text} words={post.ruleHits.flatMap((h) => h.terms)} />
      </p>
      {post.ruleHits.length > 0 ? (
        <p className="post-keywords" data-testid="post-rules">
          <span className="muted">{t('ruleHits')}</span>
          {post.ruleHits.map((hit) => (
            <a key={hit.ruleId} className="chip rule-hit" href={href('search', { rule: hit.ruleId, fold: 'true' })} title={t('ruleHitsHint')}>
              {hit.name ?? hit.ruleId}
              {hit.terms.length > 0 ? <small> · {hit.terms.join('、')}</small> : null}
            </a>
          ))}
        </p>
      ) : null}
      {post.keywords.length > 0 ? (
        <p className="post-keywords" data-testid="post-keywords">
          <span className="muted">{t('keywords')}</span>
          {post.keywords.map((word) => (
            <a key={word} className="chip" href={href('term', word, { day: post.day })}>
              {word}
            </a>
          ))}
        </p>
      ) : null}
      <div className="post-meta">
        <SourceName id={post.source} />
        <OfficialTag post={post} explained />
        {post.author ? <span>{post.author}</span> : null}
        <span>{formatTime(post.publishedAt) || post.day}</span>
        <span title={t('sentimentScoreHint')}>
          {t('sentimentScore')} {post.sentiment.score > 0 ? '+' : ''}
          {post.sentiment.score.toFixed(2)}
        </span>
        <OriginalLink url={post.url} />
        {can('tasks:create') ? (
          <button type="button" className="handle" onClick={() => openTaskForm({ from: { post: post.id }, title: post.title ?? post.text.slice(0, 40), evidence: post.text.slice(0, 200) })}>
            {t('handle')}
          </button>
        ) : null}
      </div>
      {/* How the analyzer counted it; a person's relabel (the note below) decides instead. */}
      {post.official && !post.sentiment.corrected ? (
        <p className="muted official-note" data-testid="official-note">
          {t('officialNote')}
        </p>
      ) : null}
      <SentimentControl postId={post.id} sentiment={post.sentiment} copy={post.duplicateOf !== null} onChange={onChange} />
      {post.duplicateOf ? (
        <p className="muted" data-testid="repost-of">
          {t('repostNote')}{' '}
          <a className="to-original" href={href('posts', post.duplicateOf)}>
            {t('originalPost')} →
          </a>
        </p>
      ) : null}
    </article>
  )
}

/**
 * Back to the page the post was opened from (a word's posts, an alert, a task, today's topics), named
 * after it; to the post search when the post was opened directly (a link in an alert message).
 */
function BackLink() {
  const t = useT()
  const from = cameFrom()
  const names: Record<string, string> = { '': t('navHome'), search: t('navSearch'), alerts: t('navAlerts'), tasks: t('navTasks'), rules: t('navRules') }
  const name = from === undefined ? undefined : from.path[0] === 'term' && from.path[1] ? `“${from.path[1]}”` : names[from.path[0] ?? '']
  return (
    <a href={name === undefined || from === undefined ? href('search') : from.hash} data-testid="post-back">
      ← {name ?? t('navSearch')}
    </a>
  )
}
