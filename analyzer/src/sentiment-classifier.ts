import { readFileSync } from 'node:fs'
import { InputError, type Sentiment, type SentimentLabel } from '@yuqing/core'
import { featureHash, featureHashes } from './sentiment-features.ts'

/** The trained model the project ships (see tests/eval/train-sentiment.ts). */
export const bundledSentimentModel = new URL('../model/sentiment-lr.json', import.meta.url)

/** Softmax regression over sentiment features: one weight per feature and class. */
export interface SentimentModelFile {
  classes: SentimentLabel[]
  bias: number[]
  weights: Record<string, number[]>
}

export interface SentimentClassifier {
  classify(text: string, tokens: readonly string[], emoticons?: readonly string[]): Sentiment
  /** Class probabilities, in `classes` order. */
  probabilities(text: string, tokens: readonly string[], emoticons?: readonly string[]): number[]
  readonly classes: readonly SentimentLabel[]
}

export function loadSentimentClassifier(file: URL | string = bundledSentimentModel): SentimentClassifier {
  let model: SentimentModelFile
  try {
    model = JSON.parse(readFileSync(file, 'utf8')) as SentimentModelFile
  } catch (error) {
    throw new InputError('cannot read the sentiment model (retrain with `pnpm train:sentiment`)', { where: String(file), cause: error })
  }
  const classes = model.classes
  if (!Array.isArray(classes) || classes.length !== model.bias?.length || typeof model.weights !== 'object') {
    throw new InputError('not a sentiment model: expected {classes, bias, weights}', { where: String(file) })
  }
  return fromWeights(classes, model.bias, new Map(Object.entries(model.weights)))
}

/** A classifier over weights in memory (training builds one before it writes the file). */
export function fromWeights(classes: readonly SentimentLabel[], bias: readonly number[], weights: ReadonlyMap<string, readonly number[]>): SentimentClassifier {
  const k = classes.length
  const negative = classes.indexOf('negative')
  const positive = classes.indexOf('positive')
  // Weights by feature hash, in one flat array: scoring a post builds no string per feature.
  const slots = new Map<number, number>()
  const flat = new Float64Array(weights.size * k)
  for (const [feature, w] of weights) {
    const slot = slots.size
    slots.set(featureHash(feature), slot)
    for (let c = 0; c < k; c++) flat[slot * k + c] = w[c] ?? 0
  }
  /** Class scores, and how many of the post's features the model knows. */
  const logits = (text: string, tokens: readonly string[], emoticons: readonly string[]): { z: number[]; known: number } => {
    const sum = new Array<number>(k).fill(0)
    let known = 0
    let all = 0
    featureHashes(text, tokens, emoticons, (hash) => {
      all++
      const slot = slots.get(hash)
      if (slot === undefined) return
      known++
      for (let c = 0; c < k; c++) sum[c] = (sum[c] ?? 0) + (flat[slot * k + c] ?? 0)
    })
    // Weighed by 1/√(features), as in training: long posts do not saturate.
    const scale = 1 / Math.sqrt(Math.max(1, all))
    return { z: bias.map((b, c) => b + (sum[c] ?? 0) * scale), known }
  }
  const softmax = (z: readonly number[]): number[] => {
    const max = Math.max(...z)
    const e = z.map((v) => Math.exp(v - max))
    const sum = e.reduce((a, b) => a + b, 0)
    return e.map((v) => v / sum)
  }
  return {
    classes,
    probabilities: (text, tokens, emoticons = []) => softmax(logits(text, tokens, emoticons).z),
    classify(text, tokens, emoticons = []) {
      const { z, known } = logits(text, tokens, emoticons)
      // Nothing the model has seen (a post in another language, only numbers): no evidence either way,
      // rather than the class priors' lean.
      if (known === 0) return { label: 'neutral', score: 0 }
      const p = softmax(z)
      let best = 0
      for (let c = 1; c < k; c++) if ((p[c] ?? 0) > (p[best] ?? 0)) best = c
      const score = (p[positive] ?? 0) - (p[negative] ?? 0)
      return { label: classes[best] ?? 'neutral', score: Math.round(score * 1000) / 1000 }
    },
  }
}
