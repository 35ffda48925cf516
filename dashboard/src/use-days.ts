import { client, unwrap, type DaysResponse } from './api.ts'
import { useFetch } from './use-fetch.ts'

export function useDays(refreshMs?: number) {
  return useFetch<DaysResponse>('days', () => unwrap(client.api.days.$get()), refreshMs)
}
