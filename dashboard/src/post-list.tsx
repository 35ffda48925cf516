import type { PostItem } from './api.ts'
import { formatTime } from './format.ts'

const LABELS = { negative: '负面', neutral: '中性', positive: '正面' } as const

/** Text with every match wrapped in <mark>; built from React nodes, so a post's HTML is never interpreted. */
function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  const usable = words.filter((w) => w.length > 0)
  if (usable.length === 0) return <>{text}</>
  const pattern = new RegExp(`(${usable.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g')
  return (
    <>
      {text.split(pattern).map((part, i) => (usable.includes(part) ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}
    </>
  )
}

export function PostList({ posts, total }: { posts: readonly PostItem[]; total: number }) {
  if (posts.length === 0) return <p className="empty">没有找到相关帖子。</p>
  return (
    <>
      <p className="muted">共 {total} 条{total > posts.length ? `，显示最新 ${posts.length} 条` : ''}</p>
      <ul className="posts" data-testid="post-list">
        {posts.map((post) => (
          <li key={post.id} className="post">
            <div className="post-head">
              <span className={`badge ${post.sentiment.label}`}>{LABELS[post.sentiment.label]}</span>
              {post.url ? (
                <a href={post.url} target="_blank" rel="noreferrer noopener" className="post-title">
                  {post.title ?? '（无标题）'}
                </a>
              ) : (
                <span className="post-title">{post.title ?? '（无标题）'}</span>
              )}
            </div>
            <p className="snippet">
              <Highlighted text={post.snippet} words={post.matches} />
            </p>
            <div className="post-meta">
              <span>{post.source}</span>
              {post.author ? <span>{post.author}</span> : null}
              <span>{formatTime(post.publishedAt) || post.day}</span>
              {post.reposts > 0 ? <span className="reposts">另有 {post.reposts} 条相似转发</span> : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
