import { hc, type InferResponseType } from 'hono/client'
import type { AppType } from '@yuqing/api'

/** The API client; every response type comes from the server's routes, none is declared here. */
export const client = hc<AppType>('/')

export type HotWordsResponse = InferResponseType<typeof client.api.hotwords.$get, 200>
export type HotWordItem = HotWordsResponse['items'][number]
export type PostsResponse = InferResponseType<typeof client.api.posts.$get, 200>
export type PostItem = PostsResponse['items'][number]
export type DaysResponse = InferResponseType<typeof client.api.days.$get, 200>
export type StatusResponse = InferResponseType<typeof client.api.status.$get, 200>

/** The body of a successful response, or an Error with the API's message. */
export async function unwrap<T>(request: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  const response = await request
  if (response.ok) return response.json()
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
  throw new Error(body?.error?.message ?? `HTTP ${response.status}`)
}
