/**
 * The labelled Weibo emotion set (../shared/data/weibo-emotion/dev.jsonl), analysed, and split the
 * same way by training and evaluation: a fixed-seed stratified 80/20 split, so the evaluation's
 * held-out part is never trained on.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Analyzer } from '@yuqing/analyzer'
import type { SentimentLabel } from '@yuqing/core'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const emotionFile = path.resolve(root, '../shared/data/weibo-emotion/dev.jsonl')
export const LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive']

export interface Example {
  /** The words the analyzer would score (poster's own words, no emoticons), joined. */
  text: string
  tokens: string[]
  emoticons: string[]
  label: SentimentLabel
}

/** A small seeded generator (mulberry32): the same split and order on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

/**
 * The examples, or undefined when the data set is absent (then the caller says so). Half the rows
 * repeat another row's text (reposts of the same slogan); each text is kept once, with its most
 * frequent label, so that no held-out post was seen in training.
 */
export function loadExamples(analyzer: Analyzer): { train: Example[]; test: Example[]; rows: number } | undefined {
  if (!existsSync(emotionFile)) return undefined
  const labelsOf = new Map<string, SentimentLabel[]>()
  let rows = 0
  for (const line of readFileSync(emotionFile, 'utf8').split('\n')) {
    if (!line.trim()) continue
    rows++
    const row = JSON.parse(line) as { text: string; polarity: SentimentLabel }
    labelsOf.set(row.text, [...(labelsOf.get(row.text) ?? []), row.polarity])
  }
  const byLabel = new Map<SentimentLabel, Example[]>(LABELS.map((l) => [l, []]))
  const now = new Date().toISOString()
  let i = 0
  for (const [text, labels] of labelsOf) {
    const label = LABELS.map((l) => [l, labels.filter((x) => x === l).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'neutral'
    const post = analyzer.analyze({ id: String(i++), source: 'eval', content: text, fetchedAt: now })
    byLabel.get(label)?.push({ text: post.tokens.join(''), tokens: post.tokens, emoticons: post.signals.emoticons, label })
  }
  const random = seeded(20201)
  const train: Example[] = []
  const test: Example[] = []
  for (const examples of byLabel.values()) {
    shuffle(examples, random)
    const cut = Math.round(examples.length * 0.8)
    train.push(...examples.slice(0, cut))
    test.push(...examples.slice(cut))
  }
  return { train: shuffle(train, random), test, rows }
}

export interface Scores {
  accuracy: number
  macroF1: number
  f1: Record<SentimentLabel, number>
  precision: Record<SentimentLabel, number>
  recall: Record<SentimentLabel, number>
}

export function score(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): Scores {
  const f1 = {} as Record<SentimentLabel, number>
  const precision = {} as Record<SentimentLabel, number>
  const recall = {} as Record<SentimentLabel, number>
  for (const label of LABELS) {
    let tp = 0
    let fp = 0
    let fn = 0
    gold.forEach((g, i) => {
      const p = predicted[i]
      if (p === label && g === label) tp++
      else if (p === label) fp++
      else if (g === label) fn++
    })
    precision[label] = tp / Math.max(1, tp + fp)
    recall[label] = tp / Math.max(1, tp + fn)
    f1[label] = (2 * precision[label] * recall[label]) / Math.max(1e-9, precision[label] + recall[label])
  }
  const accuracy = gold.filter((g, i) => g === predicted[i]).length / Math.max(1, gold.length)
  return { accuracy, macroF1: LABELS.reduce((s, l) => s + f1[l], 0) / LABELS.length, f1, precision, recall }
}
