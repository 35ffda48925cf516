import { XMLParser } from 'fast-xml-parser'
import { InputError } from '@yuqing/core'
import { htmlToText } from './extract.ts'

/** One entry of an RSS 2.0 or Atom feed, bodies already reduced to text. */
export interface FeedItem {
  id?: string | undefined
  url?: string | undefined
  title?: string | undefined
  content: string
  author?: string | undefined
  published?: string | undefined
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
})

/** Text of a node that may be a string, `{#text, @type}`, or missing. */
function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node
  if (typeof node === 'number') return String(node)
  if (node && typeof node === 'object' && '#text' in node) return text(node['#text'])
  return undefined
}

function record(node: unknown): Record<string, unknown> {
  return node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : {}
}

function list(node: unknown): unknown[] {
  return Array.isArray(node) ? node : node === undefined ? [] : [node]
}

/** Parses an RSS 2.0 or Atom document; anything else is an `InputError` naming what was found. */
export function parseFeed(xml: string, base: string): FeedItem[] {
  let doc: Record<string, unknown>
  try {
    doc = record(parser.parse(xml, true))
  } catch (error) {
    throw new InputError(`not a feed: ${error instanceof Error ? error.message.split('\n')[0] : 'invalid XML'}`)
  }
  const rss = record(doc.rss)
  if (doc.rss !== undefined) return list(record(rss.channel).item).map((item) => rssItem(record(item), base))
  if (doc.feed !== undefined) return list(record(doc.feed).entry).map((entry) => atomEntry(record(entry), base))
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? 'nothing'
  throw new InputError(`not an RSS or Atom feed (root element <${root}>)`)
}

function absolute(url: string | undefined, base: string): string | undefined {
  if (!url) return undefined
  return URL.canParse(url, base) ? new URL(url, base).toString() : undefined
}

function rssItem(item: Record<string, unknown>, base: string): FeedItem {
  const body = text(item['content:encoded']) ?? text(item.description) ?? ''
  return {
    id: text(item.guid),
    url: absolute(text(list(item.link)[0]), base),
    title: htmlToText(text(item.title) ?? ''),
    content: htmlToText(body),
    author: text(item['dc:creator']) ?? text(item.author),
    published: text(item.pubDate) ?? text(item['dc:date']),
  }
}

function atomEntry(entry: Record<string, unknown>, base: string): FeedItem {
  const links = list(entry.link).map(record)
  const alternate = links.find((l) => l['@rel'] === undefined || l['@rel'] === 'alternate') ?? links[0]
  const body = text(entry.content) ?? text(entry.summary) ?? ''
  return {
    id: text(entry.id),
    url: absolute(typeof alternate?.['@href'] === 'string' ? alternate['@href'] : undefined, base),
    title: htmlToText(text(entry.title) ?? ''),
    content: htmlToText(body),
    author: text(record(list(entry.author)[0]).name),
    published: text(entry.published) ?? text(entry.updated),
  }
}
