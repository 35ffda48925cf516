import { readFileSync } from 'node:fs'
import { InputError } from '@yuqing/core'

/** The dictionaries the project ships, beside this package's sources. */
export const bundledDictionary = {
  /** Words of public life jieba's dictionary lacks (新冠, 卫健委, 网约车): known, not watched. */
  vocabulary: new URL('../dict/vocabulary.txt', import.meta.url),
  user: new URL('../dict/user.txt', import.meta.url),
  stopwords: new URL('../dict/stopwords.txt', import.meta.url),
  sentiment: new URL('../dict/sentiment.txt', import.meta.url),
} as const

/** Lines of a dictionary file without comments and blank lines, with their 1-based line numbers. */
export function readDictionaryLines(file: URL | string): { line: number; text: string }[] {
  let raw: string
  try {
    raw = readFileSync(file, 'utf8')
  } catch (error) {
    throw new InputError('cannot read dictionary file', { where: String(file), cause: error })
  }
  return raw
    .split(/\r?\n/)
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'))
}

export function loadStopwords(files: readonly (URL | string)[]): Set<string> {
  const words = new Set<string>()
  for (const file of files) for (const { text } of readDictionaryLines(file)) for (const w of text.split(/\s+/)) words.add(w)
  return words
}

export interface SentimentLexicon {
  weights: Map<string, number>
  negations: Set<string>
  degrees: Map<string, number>
}

export function loadSentimentLexicon(file: URL | string): SentimentLexicon {
  const lexicon: SentimentLexicon = { weights: new Map(), negations: new Set(), degrees: new Map() }
  let section = ''
  for (const { line, text } of readDictionaryLines(file)) {
    const header = /^\[(\w+)\]$/.exec(text)
    if (header) {
      section = header[1] ?? ''
      continue
    }
    const where = `${String(file)}:${line}`
    switch (section) {
      case 'negative':
      case 'positive':
      case 'degree': {
        const [word, value] = text.split(/\s+/)
        const weight = Number(value)
        if (!word || !Number.isFinite(weight)) throw new InputError(`expected "word weight", got "${text}"`, { where })
        ;(section === 'degree' ? lexicon.degrees : lexicon.weights).set(word, weight)
        break
      }
      case 'negation':
        for (const w of text.split(/\s+/)) lexicon.negations.add(w)
        break
      default:
        throw new InputError(`entry before any [section] header`, { where })
    }
  }
  return lexicon
}

/** jieba's IDF table (`word idf` per line) as a map, and its median for unseen words. */
export function parseIdf(bytes: Uint8Array): { idf: Map<string, number>; median: number } {
  const idf = new Map<string, number>()
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ')
    if (space > 0) idf.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  const values = [...idf.values()].sort((a, b) => a - b)
  return { idf, median: values[Math.floor(values.length / 2)] ?? 10 }
}

export interface MergedStopwords {
  words: string[]
  /** Entries each file gave, and how many of them no earlier file had. */
  files: { file: string; entries: number; added: number }[]
}

/**
 * Several stop-word lists as one: entries normalised as posts are (full-width folded, traditional
 * made simplified) so that they match what segmentation yields, duplicates dropped, in the order
 * first seen. For lists the project may not ship (e.g. the public Baidu, HIT and SCU lists), merged
 * on the user's machine into their dictionary folder.
 */
export function mergeStopwordLists(files: readonly string[], normalize: (text: string) => string): MergedStopwords {
  const seen = new Set<string>()
  const report: MergedStopwords['files'] = []
  for (const file of files) {
    let entries = 0
    let added = 0
    for (const { text } of readDictionaryLines(file)) {
      for (const raw of text.split(/\s+/)) {
        const word = normalize(raw)
        if (word === '') continue
        entries++
        if (!seen.has(word)) {
          seen.add(word)
          added++
        }
      }
    }
    report.push({ file, entries, added })
  }
  return { words: [...seen], files: report }
}
