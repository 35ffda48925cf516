import { useEffect, useState } from 'react'

/** A dashboard address: `#/alerts/<id>?x=1` → path ['alerts', '<id>'] and its query. */
export interface Route {
  path: string[]
  query: URLSearchParams
}

function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?')
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) }
}

/** The address before the last route change in this page's life (none after a reload). */
let previous: string | undefined
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', (e) => {
    previous = new URL(e.oldURL).hash || '#/'
  })
}

/** Where the user came from within the dashboard, if they did: a page's back link can lead there. */
export function cameFrom(): (Route & { hash: string }) | undefined {
  return previous === undefined ? undefined : { ...parse(previous), hash: previous }
}

/** The route in the address bar; hash routes keep links (`#/alerts/<id>` in alert messages) working with any server. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash))
  useEffect(() => {
    const update = () => setRoute(parse(window.location.hash))
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
  return route
}

/** `href('term', '停水', { day })` → `#/term/%E5%81%9C%E6%B0%B4?day=…`; undefined and empty values are left out. */
export function href(...parts: (string | Record<string, string | undefined>)[]): string {
  const path = parts.filter((p): p is string => typeof p === 'string').map(encodeURIComponent)
  const params = parts.find((p): p is Record<string, string | undefined> => typeof p === 'object')
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries(params ?? {})) if (v) query.set(k, v)
  const q = query.toString()
  return `#/${path.join('/')}${q ? `?${q}` : ''}`
}

export function go(to: string): void {
  window.location.hash = to
}
