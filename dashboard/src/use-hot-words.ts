import { client, unwrap, type HotWordsResponse } from './api.ts'
import { useFetch } from './use-fetch.ts'

export function useHotWords(day: string | undefined, refreshMs?: number) {
  return useFetch<HotWordsResponse>(day, () => unwrap(client.api.hotwords.$get({ query: { day, top: '30' } })), refreshMs)
}
