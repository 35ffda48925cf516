import { client, unwrap, type PostsResponse } from './api.ts'
import { useFetch } from './use-fetch.ts'

export function usePosts(query: { term?: string | undefined; q?: string | undefined; day?: string | undefined }) {
  const key = query.term || query.q ? JSON.stringify(query) : undefined
  return useFetch<PostsResponse>(key, () =>
    unwrap(
      client.api.posts.$get({
        query: {
          ...(query.term ? { term: query.term } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(query.day ? { day: query.day } : {}),
          fold: 'true',
          limit: '50',
        },
      }),
    ),
  )
}
