import { createRoute, z } from '@hono/zod-openapi'
import { SentimentLabel } from '@yuqing/core'
import type { Store } from '@yuqing/store'
import { HttpError } from '../http-error.ts'
import { ErrorBody, guardedErrors, jsonOf, router } from '../openapi.ts'
import { StoredPost } from '../schemas.ts'

export interface PostDeps {
  store: Store
  now: () => Date
}

/** What staff change on a post: its sentiment label, when the analyzer got it wrong. */
export function postRoutes(deps: PostDeps) {
  return router().openapi(
    createRoute({
      method: 'post',
      path: '/posts/{id}/sentiment',
      tags: ['posts'],
      summary:
        'Relabel a post’s sentiment: the board’s negative shares, negative-share rules and the post’s page read the new label; the analyzer’s stays in `sentiment.corrected.was`, and relabelling an original to it removes the correction. An original’s near-duplicates follow it (`wave` counts those that changed), and so do those folded into it later; a near-duplicate a person labels keeps that label as theirs, whichever they chose, and follows no more',
      request: {
        params: z.object({ id: z.string().max(200) }),
        body: { content: { 'application/json': { schema: z.object({ label: SentimentLabel }) } }, required: true },
      },
      responses: {
        200: jsonOf(StoredPost.extend({ wave: z.number().int().openapi({ description: 'near-duplicates of its wave relabelled with it' }) }), 'the post as relabelled'),
        ...guardedErrors,
        404: jsonOf(ErrorBody, 'no such post'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const { label } = c.req.valid('json')
      const relabelled = await deps.store.correctSentiment(id, label, c.get('user')?.name ?? '', deps.now())
      if (!relabelled) throw new HttpError(404, 'not_found', `no post ${id}: it may have been removed by retention, or the link is mistyped`)
      const { post, from, wave } = relabelled
      // What it was just before (perhaps a colleague's label) and what the analyzer said.
      c.set('auditDetails', { post: id, from, to: label, analyzer: post.sentiment.corrected?.was ?? label, wave })
      return c.json({ ...post, wave }, 200)
    },
  )
}
