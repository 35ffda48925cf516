import type { PostItem } from './api.ts'
import { formatTime } from './format.ts'
import { href } from './hash-route.ts'
import { Highlighted } from './highlighted.tsx'
import { useT } from './i18n.tsx'
import { OriginalLink } from './original-link.tsx'
import { correctionNote } from './sentiment-control.tsx'
import { useSession } from './session.ts'
import { SourceName } from './source-names.tsx'
import { useTaskForm } from './task-form.tsx'

/** One post: title (linked to its page here), snippet with the matches marked, its repost wave or its original, 处置. */
export function PostCard({ post }: { post: PostItem }) {
  const t = useT()
  const { can } = useSession()
  const openTaskForm = useTaskForm()
  const title = post.title ?? t('untitled')
  return (
    <li className="post" data-post-id={post.id}>
      <div className="post-head">
        <span className={`badge ${post.sentiment.label}`} title={correctionNote(t, post.sentiment)}>
          {t(post.sentiment.label)}
          {post.sentiment.corrected ? ' ✎' : ''}
        </span>
        {/* The post's own page: its whole text, keywords, rule hits, relabelling; 原文 ↗ below opens the source. */}
        <a href={href('posts', post.id)} className="post-title">
          <Highlighted text={title} words={post.matches} />
        </a>
        {can('tasks:create') ? (
          <button type="button" className="handle" onClick={() => openTaskForm({ from: { post: post.id }, title: post.title ?? post.snippet.slice(0, 40), evidence: post.snippet })}>
            {t('handle')}
          </button>
        ) : null}
      </div>
      <p className="snippet">
        <Highlighted text={post.snippet} words={post.matches} />
      </p>
      <div className="post-meta">
        <SourceName id={post.source} />
        <OfficialTag post={post} />
        {post.author ? <span>{post.author}</span> : null}
        <span>{formatTime(post.publishedAt) || post.day}</span>
        {post.reposts > 0 ? (
          <a className="reposts" href={href('posts', post.id)}>
            +{post.reposts} {t('reposts')}
          </a>
        ) : null}
        {post.duplicateOf ? (
          <span>
            {t('duplicateOf')} ·{' '}
            <a className="to-original" href={href('posts', post.duplicateOf)}>
              {t('originalPost')} →
            </a>
          </span>
        ) : null}
        <OriginalLink url={post.url} />
      </div>
    </li>
  )
}

/**
 * 官方来源, on a post of a source of official notices or news. In a list it says how such a post's
 * sentiment is counted on hover and to a screen reader; a post's page (`explained`) says so in
 * full beside it.
 */
export function OfficialTag({ post, explained = false }: { post: Pick<PostItem, 'official'>; explained?: boolean }) {
  const t = useT()
  if (!post.official) return null
  return explained ? (
    <span className="official-tag">{t('official')}</span>
  ) : (
    <span className="official-tag" title={t('officialNote')}>
      {t('official')}
      <span className="visually-hidden">：{t('officialNote')}</span>
    </span>
  )
}

export function PostList({ posts, total }: { posts: readonly PostItem[]; total: number }) {
  const t = useT()
  if (posts.length === 0) return <p className="empty">{t('noMatch')}</p>
  return (
    <>
      <p className="muted">
        {t('total')} {total}
      </p>
      <ul className="posts" data-testid="post-list">
        {posts.map((post) => (
          <PostCard key={post.id} post={post} />
        ))}
      </ul>
    </>
  )
}
