import { client, unwrap, type StatusResponse } from './api.ts'
import { useFetch } from './use-fetch.ts'

export function useStatus(refreshMs: number) {
  return useFetch<StatusResponse>('status', () => unwrap(client.api.status.$get()), refreshMs)
}
