import type { Store, Task } from '@yuqing/store'
import { HttpError } from './http-error.ts'

const SNIPPET = 200

/** What a new task says about where it came from: a title and the evidence behind it. */
export async function evidenceOf(store: Store, origin: Task['origin']): Promise<{ origin: Task['origin']; title: string; evidence: Task['evidence'] }> {
  if (origin.kind === 'post') {
    // postsWithHits reads posts by id; with no rule it carries no spans.
    const [found] = await store.postsWithHits([origin.id], '')
    if (!found) throw new HttpError(404, 'not_found', `no post ${origin.id}`)
    const { post } = found
    const text = post.text.length > SNIPPET ? `${post.text.slice(0, SNIPPET)}…` : post.text
    return {
      origin,
      title: (post.title ?? text).slice(0, 60),
      evidence: { text, postIds: [post.id], urls: post.url ? [post.url] : [] },
    }
  }
  const alert = await store.alerts.alert(origin.id)
  if (!alert) throw new HttpError(404, 'not_found', `no alert ${origin.id}`)
  const evidence = alert.messages.flatMap((m) => m.evidence)
  const postIds = [...new Set(evidence.map((e) => e.postId))]
  const urls = [...new Set(evidence.flatMap((e) => (e.url ? [e.url] : [])))]
  const ruleName = alert.messages[0]?.ruleName ?? alert.ruleId
  return { origin, title: `${ruleName}：${alert.summary}`.slice(0, 100), evidence: { text: alert.summary, postIds, urls } }
}
