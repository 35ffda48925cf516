/**
 * The unlabelled Weibo stream (../shared/data/weibo-stream-2020/posts-dev.jsonl.gz) that the word
 * vectors are learnt from (word-vectors.ts), each post read as the analyzer hands it to the
 * sentiment model: the poster's own words (a bare repost's chain instead), then its emoticons.
 * A stream post that equals, contains or lies inside a labelled text, training or held-out, is left
 * out: the held-out measurement must not rest on vectors learnt from its own texts.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { createAnalyzer } from '../src/analyzer.ts'
import { normalizeText } from '../src/normalize.ts'
import { splitPost } from '../src/post-parts.ts'

/** The stream beside the project (development machines only). */
export const streamFile = fileURLToPath(new URL('../../../shared/data/weibo-stream-2020/posts-dev.jsonl.gz', import.meta.url))

/**
 * A labelled text is looked for inside stream posts from this many characters on: a shorter one is
 * an everyday phrase (好开心) that unrelated posts contain too.
 */
const CONTAINS_FROM = 12
/** A stream post is looked for inside labelled texts from this many characters on, for the same reason. */
const INSIDE_FROM = 6

/** A stream post in the forms a labelled text could match. */
export interface StreamPost {
  /** The whole post, normalised. */
  whole: string
  own: string
  repostChain: string
  /** What the analyzer gives the model: own words (or the chain), then the emoticons. */
  text: string
}

export function streamPost(raw: string): StreamPost {
  const whole = normalizeText(raw)
  const parts = splitPost(whole)
  return { whole, own: parts.own, repostChain: parts.repostChain, text: normalizeText((parts.own || parts.repostChain) + parts.emoticons.join('')) }
}

/**
 * Whether a stream post is like one of the labelled texts (normalised as sentiment-data.ts
 * normalises them): one of its forms equals one, its whole text contains one, or the text the model
 * sees lies inside one.
 */
export function likeLabelled(labelledTexts: Iterable<string>): (post: StreamPost) => boolean {
  const labelled = new Set(labelledTexts)
  // Labelled texts by their first CONTAINS_FROM characters, and by each INSIDE_FROM-character window.
  const byStart = new Map<string, string[]>()
  const byWindow = new Map<string, string[]>()
  for (const t of labelled) {
    if (t.length >= CONTAINS_FROM) {
      const start = t.slice(0, CONTAINS_FROM)
      byStart.set(start, [...(byStart.get(start) ?? []), t])
    }
    for (let i = 0; i + INSIDE_FROM <= t.length; i++) {
      const window = t.slice(i, i + INSIDE_FROM)
      const texts = byWindow.get(window)
      if (texts === undefined) byWindow.set(window, [t])
      else if (texts[texts.length - 1] !== t) texts.push(t)
    }
  }
  const contains = (s: string): boolean => {
    for (let i = 0; i + CONTAINS_FROM <= s.length; i++) for (const t of byStart.get(s.slice(i, i + CONTAINS_FROM)) ?? []) if (s.startsWith(t, i)) return true
    return false
  }
  const inside = (s: string): boolean => s.length >= INSIDE_FROM && (byWindow.get(s.slice(0, INSIDE_FROM)) ?? []).some((t) => t.includes(s))
  return (post) => [post.whole, post.own, post.repostChain, post.text].some((form) => form !== '' && labelled.has(form)) || contains(post.whole) || inside(post.text)
}

export interface StreamWords {
  /** Each kept post's words, as jieba cuts the text the model sees. */
  posts: string[][]
  /** Posts left out for being like a labelled text. */
  dropped: number
}

/**
 * The stream's distinct posts with Han text, as words, without those like a labelled text; undefined
 * when the file is absent.
 */
export function readStreamWords(labelledTexts: Iterable<string>, file = streamFile): StreamWords | undefined {
  const lines = readStreamLines(file)
  if (!lines) return undefined
  const isLikeLabelled = likeLabelled(labelledTexts)
  const analyzer = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon', phrases: false })
  const seen = new Set<string>()
  const posts: string[][] = []
  let dropped = 0
  lines.forEach((line, at) => {
    if (line.trim() === '') return
    const post = streamPost(textOf(line, `${file}:${at + 1}`))
    if (isLikeLabelled(post)) {
      dropped++
      return
    }
    if (!/\p{Script=Han}/u.test(post.text) || seen.has(post.text)) return
    seen.add(post.text)
    posts.push(analyzer.cut(post.text))
  })
  return { posts, dropped }
}

/** The stream's lines (blank ones too, so that an index is a line number − 1); undefined when the file is absent. */
export function readStreamLines(file = streamFile): string[] | undefined {
  return existsSync(file) ? gunzipSync(readFileSync(file)).toString('utf8').split('\n') : undefined
}

function textOf(line: string, where: string): string {
  let row: unknown
  try {
    row = JSON.parse(line)
  } catch (error) {
    throw new Error(`${where}: not a JSON line (${(error as Error).message}); each line of the stream is {id, day, text}`)
  }
  const text = (row as { text?: unknown } | null)?.text
  if (typeof text !== 'string') throw new Error(`${where}: no "text" string; each line of the stream is {id, day, text}`)
  return text
}
