import { webHref } from './format.ts'
import { useT } from './i18n.tsx'

/** 原文 ↗: the post where it was crawled, in a new tab; nothing when its URL is not http(s) (see webHref). */
export function OriginalLink({ url }: { url: string | null | undefined }) {
  const t = useT()
  const link = webHref(url)
  return link ? (
    <a href={link} target="_blank" rel="noreferrer noopener">
      {t('original')} ↗
    </a>
  ) : null
}
