import { snippetOf, type PostPage, type Store } from '@yuqing/store'

/**
 * A page of posts a rule hit, each snippet cut around the rule's matched terms and those terms
 * added to the words to highlight (the store's search marks only the query's own words).
 */
export async function withRuleMatches(store: Store, page: PostPage, ruleId: string): Promise<PostPage> {
  const hits = new Map((await store.postsWithHits(page.items.map((p) => p.id), ruleId)).map((h) => [h.post.id, h.terms]))
  return {
    total: page.total,
    items: page.items.map((post) => {
      const terms = hits.get(post.id) ?? []
      const words = [...new Set([...post.matches, ...terms])]
      return { ...post, ...snippetOf(post.text, words, post.title) }
    }),
  }
}
