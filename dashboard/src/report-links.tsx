import { useT, type WordKey } from './i18n.tsx'

export interface ReportLink {
  label: WordKey
  /** An API path with its query: a page that opens in a new tab, or a file the browser downloads. */
  href: string
  download?: boolean
}

/**
 * Printable reports and files of what the page shows, the same figures as the API gives them: in
 * a row, or folded under `menu` where the row has no room.
 */
export function ReportLinks({ links, testId, menu }: { links: readonly ReportLink[]; testId: string; menu?: WordKey }) {
  const t = useT()
  const row = (
    <span className="report-links" data-testid={testId}>
      {links.map((link) => (
        <a key={link.href} href={link.href} target={link.download ? undefined : '_blank'} rel="noreferrer noopener" download={link.download ? '' : undefined}>
          {t(link.label)}
        </a>
      ))}
    </span>
  )
  if (!menu) return row
  return (
    <details className="report-menu">
      <summary>{t(menu)}</summary>
      {row}
    </details>
  )
}

/** `/api/<path>?<query>`, the query's empty values left out. */
export function apiHref(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''))
  const q = params.toString()
  return `/api/${path}${q ? `?${q}` : ''}`
}
