import { useCallback, useEffect, useState } from 'react'
import { messageOf } from './api.ts'

export interface Fetched<T> {
  data: T | undefined
  error: string | undefined
  loading: boolean
  reload: () => void
}

/** Runs `load` whenever `key` changes (and every `refreshMs` if given); keeps the last data while reloading. */
export function useFetch<T>(key: string | undefined, load: () => Promise<T>, refreshMs?: number): Fetched<T> {
  const [state, setState] = useState<Omit<Fetched<T>, 'reload'>>({ data: undefined, error: undefined, loading: key !== undefined })
  const [nonce, setNonce] = useState(0)
  const reload = useCallback(() => setNonce((n) => n + 1), [])
  useEffect(() => {
    if (key === undefined) return
    let cancelled = false
    const run = () => {
      setState((s) => ({ ...s, loading: true }))
      load().then(
        (data) => !cancelled && setState({ data, error: undefined, loading: false }),
        (error: unknown) => !cancelled && setState((s) => ({ ...s, error: messageOf(error), loading: false })),
      )
    }
    run()
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined
    return () => {
      cancelled = true
      if (timer) clearInterval(timer)
    }
    // `load` closes over the same inputs as `key`: reload when the key changes, not the closure.
  }, [key, refreshMs, nonce])
  return { ...state, reload }
}
