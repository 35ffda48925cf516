import { hc, type InferResponseType } from 'hono/client'
import type { AppType } from '@yuqing/api'

/** The CSRF token the server set at sign-in; every write echoes it in a header (double submit). */
function csrfToken(): string {
  return document.cookie.match(/(?:^|;\s*)yuqing_csrf=([^;]*)/)?.[1] ?? ''
}

/** The API client; every response type comes from the server's routes, none is declared here. */
export const client = hc<AppType>('/', { headers: () => ({ 'x-csrf-token': csrfToken() }) })

export type HotWordsResponse = InferResponseType<typeof client.api.hotwords.$get, 200>
export type HotWordItem = HotWordsResponse['items'][number]
export type PostsResponse = InferResponseType<typeof client.api.posts.$get, 200>
export type PostItem = PostsResponse['items'][number]
export type DaysResponse = InferResponseType<typeof client.api.days.$get, 200>
export type StatusResponse = InferResponseType<typeof client.api.status.$get, 200>
export type SessionResponse = InferResponseType<typeof client.api.session.$get, 200>

/** Fired when the server answers 401: the session ended, and the sign-in form comes back. */
export const SIGNED_OUT = 'yuqing:signed-out'

/** The JSON body of the successful responses among a route's declared ones. */
type OkJson<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never

/** The body of a successful response, or an Error with the API's message. */
export async function unwrap<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(request: Promise<R>): Promise<OkJson<R>> {
  const response = await request
  // The server declared this route's success bodies; `ok` picks them out of the union.
  if (response.ok) return (await response.json()) as OkJson<R>
  if (response.status === 401) window.dispatchEvent(new Event(SIGNED_OUT))
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
  throw new Error(body?.error?.message ?? `HTTP ${response.status}`)
}
