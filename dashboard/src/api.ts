import { hc, type InferResponseType } from 'hono/client'
import type { AppType, Permission } from '@yuqing/api'

/** The CSRF token the server set at sign-in; every write echoes it in a header (double submit). */
function csrfToken(): string {
  return document.cookie.match(/(?:^|;\s*)yuqing_csrf=([^;]*)/)?.[1] ?? ''
}

/** The API client; every response type comes from the server's routes, none is declared here. */
export const client = hc<AppType>('/', { headers: () => ({ 'x-csrf-token': csrfToken() }) })

export type { Permission }
export type MeResponse = InferResponseType<typeof client.api.me.$get, 200>
export type HomeResponse = InferResponseType<typeof client.api.home.$get, 200>
export type BoardItem = HomeResponse['board'][number]
export type HomeTopic = HomeResponse['topics'][number]
export type RisingItem = HomeResponse['rising'][number]
export type PlaceItem = HomeResponse['places'][number]
export type SourcesResponse = InferResponseType<typeof client.api.sources.$get, 200>
export type TermSeries = InferResponseType<(typeof client.api.terms)[':term']['$get'], 200>
export type TermProfile = InferResponseType<(typeof client.api.terms)[':term']['profile']['$get'], 200>
export type PostsResponse = InferResponseType<typeof client.api.posts.$get, 200>
export type PostItem = PostsResponse['items'][number]
export type PostDetail = InferResponseType<(typeof client.api.posts)[':id']['$get'], 200>
export type StatusResponse = InferResponseType<typeof client.api.status.$get, 200>
export type AlertsResponse = InferResponseType<typeof client.api.alerts.$get, 200>
export type AlertSummary = AlertsResponse['items'][number]
export type AlertDetail = InferResponseType<(typeof client.api.alerts)[':id']['$get'], 200>
export type AlertMessage = AlertDetail['messages'][number]
export type TasksResponse = InferResponseType<typeof client.api.tasks.$get, 200>
export type TaskItem = TasksResponse['items'][number]
export type TaskState = TaskItem['state']
export type TaskDetail = InferResponseType<(typeof client.api.tasks)[':id']['$get'], 200>
export type RulesResponse = InferResponseType<typeof client.api.rules.$get, 200>
export type RulePreview = InferResponseType<typeof client.api.rules.preview.$post, 200>

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

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
