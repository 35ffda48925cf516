import { useEffect, useState } from 'react'
import { client, unwrap } from './api.ts'

/** Source id → name, as the sources' crawls record them: read once a page load, by every post list. */
let loading: Promise<ReadonlyMap<string, string>> | undefined
let loaded: ReadonlyMap<string, string> | undefined
const NONE: ReadonlyMap<string, string> = new Map()

function load(): Promise<ReadonlyMap<string, string>> {
  loading ??= unwrap(client.api.sources.$get()).then(
    ({ items }) => {
      loaded = new Map(items.flatMap((h) => (h.last.name ? [[h.source, h.last.name] as const] : [])))
      return loaded
    },
    () => {
      // Asked again by the next list (a sign-in may come between); ids stand in meanwhile.
      loading = undefined
      return NONE
    },
  )
  return loading
}

/** The names of the sources, by id; empty until read (a list then shows ids, as it does for a source never crawled). */
export function useSourceNames(): ReadonlyMap<string, string> {
  const [names, setNames] = useState(loaded ?? NONE)
  useEffect(() => {
    if (loaded) return
    let cancelled = false
    void load().then((found) => !cancelled && setNames(found))
    return () => {
      cancelled = true
    }
  }, [])
  return names
}

/** A source by its name, its id beside on hover. */
export function SourceName({ id }: { id: string }) {
  const names = useSourceNames()
  return (
    <span className="post-source" title={id}>
      {names.get(id) ?? id}
    </span>
  )
}
