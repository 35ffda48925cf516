/**
 * The labelled Weibo emotion set (../shared/data/weibo-emotion/dev.jsonl), prepared the way the
 * analyzer sees a post (normalised text and its jieba words), and split the same way by training
 * and evaluation: a fixed-seed stratified 80/20 split of distinct texts, so that no held-out post
 * was ever trained on.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SentimentLabel } from '@yuqing/core'
import { createAnalyzer } from '../src/analyzer.ts'
import { normalizeText } from '../src/normalize.ts'
import { SENTIMENT_CLASSES } from '../src/sentiment-model.ts'

/** The data set beside the project (development machines only). */
export const emotionFile = fileURLToPath(new URL('../../../shared/data/weibo-emotion/dev.jsonl', import.meta.url))
export const LABELS = SENTIMENT_CLASSES
/** Seed of the train / held-out split; training and evaluation must agree on it. */
export const SPLIT_SEED = 20_201
export const HELD_OUT_SHARE = 0.2

export interface Example {
  /** Normalised text, as `normalizeText` gives it. */
  text: string
  tokens: string[]
  label: SentimentLabel
  /** The finer emotion label (anger, fear, … surprise), the most frequent among the copies. */
  emotion: string
  /** How many rows of the file hold this text. */
  copies: number
}

export interface Split {
  rows: number
  train: Example[]
  heldOut: Example[]
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
    const t = items[i] as T
    items[i] = items[j] as T
    items[j] = t
  }
  return items
}

/** Splits each class alike: `share` of every class goes to the second part. */
export function stratifiedSplit(examples: readonly Example[], share: number, seed: number): [Example[], Example[]] {
  const random = seeded(seed)
  const first: Example[] = []
  const second: Example[] = []
  for (const label of LABELS) {
    const ofClass = shuffle(
      examples.filter((e) => e.label === label),
      random,
    )
    const cut = Math.round(ofClass.length * (1 - share))
    first.push(...ofClass.slice(0, cut))
    second.push(...ofClass.slice(cut))
  }
  return [shuffle(first, random), second]
}

function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best = values[0] ?? ''
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v
  return best
}

/**
 * The examples split into train and held-out parts, or undefined when the file is absent.
 * About half the rows repeat another row's text (a slogan reposted many times); each text is kept
 * once, with its most frequent label, or the same post could sit on both sides of the split.
 */
export function loadSplit(): Split | undefined {
  if (!existsSync(emotionFile)) return undefined
  const byText = new Map<string, { labels: SentimentLabel[]; emotions: string[] }>()
  let rows = 0
  for (const line of readFileSync(emotionFile, 'utf8').split('\n')) {
    if (!line.trim()) continue
    rows++
    const row = JSON.parse(line) as { text: string; emotion: string; polarity: SentimentLabel }
    if (!LABELS.includes(row.polarity)) throw new Error(`${emotionFile}:${rows}: unknown polarity ${JSON.stringify(row.polarity)}`)
    const text = normalizeText(row.text)
    const entry = byText.get(text) ?? { labels: [], emotions: [] }
    entry.labels.push(row.polarity)
    entry.emotions.push(row.emotion)
    byText.set(text, entry)
  }
  const analyzer = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon', phrases: false })
  const examples: Example[] = []
  for (const [text, { labels, emotions }] of byText) {
    examples.push({ text, tokens: analyzer.cut(text), label: mostFrequent(labels) as SentimentLabel, emotion: mostFrequent(emotions), copies: labels.length })
  }
  const [train, heldOut] = stratifiedSplit(examples, HELD_OUT_SHARE, SPLIT_SEED)
  return { rows, train, heldOut }
}

/**
 * A fingerprint of a part of the split (its texts and labels, in order): the model file keeps the
 * one of its training part, and the evaluation refuses a model trained on other texts.
 */
export function fingerprint(examples: readonly Example[]): string {
  let a = 0x811c9dc5
  let b = 0x2545f491
  for (const e of examples) {
    for (const piece of [e.text, e.label]) {
      for (let i = 0; i < piece.length; i++) {
        const c = piece.charCodeAt(i)
        a = Math.imul(a ^ c, 0x01000193)
        b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
      }
      a = Math.imul(a ^ 0xffff, 0x01000193)
    }
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`
}

export interface Scores {
  accuracy: number
  macroF1: number
  f1: Record<SentimentLabel, number>
  precision: Record<SentimentLabel, number>
  recall: Record<SentimentLabel, number>
}

/** Accuracy, per-class precision / recall / F1 and their macro average; `weights` count examples unevenly. */
export function score(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[], weights?: readonly number[]): Scores {
  const f1 = { negative: 0, neutral: 0, positive: 0 }
  const precision = { negative: 0, neutral: 0, positive: 0 }
  const recall = { negative: 0, neutral: 0, positive: 0 }
  let right = 0
  let all = 0
  for (let i = 0; i < gold.length; i++) {
    const w = weights?.[i] ?? 1
    all += w
    if (gold[i] === predicted[i]) right += w
  }
  for (const label of LABELS) {
    let tp = 0
    let fp = 0
    let fn = 0
    for (let i = 0; i < gold.length; i++) {
      const w = weights?.[i] ?? 1
      const g = gold[i]
      const p = predicted[i]
      if (p === label && g === label) tp += w
      else if (p === label) fp += w
      else if (g === label) fn += w
    }
    precision[label] = tp / Math.max(1e-9, tp + fp)
    recall[label] = tp / Math.max(1e-9, tp + fn)
    f1[label] = (2 * precision[label] * recall[label]) / Math.max(1e-9, precision[label] + recall[label])
  }
  return { accuracy: right / Math.max(1e-9, all), macroF1: (f1.negative + f1.neutral + f1.positive) / 3, f1, precision, recall }
}
