import { load, type CheerioAPI } from 'cheerio'

/** Parses HTML as browsers do: unclosed tags and stray markup are forgiven, not fatal. */
export function loadHtml(html: string): CheerioAPI {
  return load(html)
}

/** Plain text of an HTML fragment (a feed item's or an API's body), one line per paragraph. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return tidyLines(html)
  const $ = load(`<body>${html}</body>`)
  return extractField($, 'body')
}

/** Text (or `@attribute`) of the first element a field selector matches, trimmed; '' when none. */
export function extractField($: CheerioAPI, selector: string): string {
  const at = selector.lastIndexOf('@')
  const css = at > 0 ? selector.slice(0, at) : selector
  const attribute = at > 0 ? selector.slice(at + 1) : undefined
  const element = $(css).first()
  if (element.length === 0) return ''
  if (attribute) return (element.attr(attribute) ?? '').trim()
  element.find('script, style, noscript, template').remove()
  // Block elements become line breaks so paragraphs do not run together; one line per paragraph.
  element.find('br').replaceWith('\n')
  element.find('p, div, li, tr, h1, h2, h3, h4, h5, h6').each((_, el) => {
    $(el).append('\n')
  })
  return tidyLines(element.text())
}

function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}

/** Absolute URLs of every link a selector matches. */
export function extractLinks($: CheerioAPI, selector: string, base: string): string[] {
  const out: string[] = []
  $(selector).each((_, el) => {
    const href = $(el).attr('href')
    if (!href) return
    try {
      out.push(new URL(href, base).toString())
    } catch {
      // A malformed href is skipped; the rest of the page still counts.
    }
  })
  return out
}
