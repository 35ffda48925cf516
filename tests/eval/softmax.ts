/**
 * Multinomial logistic regression trained with AdaGrad, L2 and class weights; small enough to
 * read, fast enough for ten thousand short posts in seconds.
 */
import { sentimentFeatures } from '@yuqing/analyzer'
import type { SentimentLabel } from '@yuqing/core'
import { LABELS, seeded, shuffle, type Example } from './sentiment-data.ts'

export interface TrainOptions {
  epochs: number
  learningRate: number
  l2: number
  /** Features seen fewer times than this in training are dropped (noise, and a smaller file). */
  minCount: number
  seed: number
  /** Class weight = (share of the class)^-power: 1 evens the classes out, 0 ignores their sizes. */
  classWeightPower: number
}

export interface TrainedModel {
  classes: SentimentLabel[]
  bias: number[]
  weights: Map<string, number[]>
}

export function trainSoftmax(examples: readonly Example[], options: TrainOptions, onEpoch?: (epoch: number, model: TrainedModel) => void): TrainedModel {
  const k = LABELS.length
  const counts = new Map<string, number>()
  const encoded = examples.map((e) => {
    const features = sentimentFeatures(e.text, e.tokens, e.emoticons)
    for (const f of new Set(features)) counts.set(f, (counts.get(f) ?? 0) + 1)
    return { features, y: LABELS.indexOf(e.label) }
  })
  const index = new Map<string, number>()
  for (const [f, n] of counts) if (n >= options.minCount) index.set(f, index.size)
  // Each post's features weigh 1/√(its number of features): a long post is not more sure of itself
  // than a short one just because it has more n-grams (the classifier does the same).
  const rows = encoded.map((e) => ({ x: e.features.flatMap((f) => index.get(f) ?? []), y: e.y, scale: 1 / Math.sqrt(Math.max(1, e.features.length)) }))

  // Each class weighs by the inverse of its share, so the rare neutral class is not ignored.
  const perClass = LABELS.map((_, c) => rows.filter((r) => r.y === c).length)
  const classWeight = perClass.map((n) => (rows.length / (k * Math.max(1, n))) ** options.classWeightPower)

  const w = new Float64Array(index.size * k)
  const g2 = new Float64Array(index.size * k).fill(1e-8)
  const b = new Float64Array(k)
  const bg2 = new Float64Array(k).fill(1e-8)
  const random = seeded(options.seed)
  const z = new Float64Array(k)
  const toModel = (): TrainedModel => {
    const weights = new Map<string, number[]>()
    for (const [f, i] of index) {
      const ws = Array.from(w.subarray(i * k, i * k + k), (v) => Math.round(v * 1000) / 1000)
      // Weights this small change no decision; dropping them keeps the shipped file small.
      if (ws.some((v) => Math.abs(v) >= 0.02)) weights.set(f, ws)
    }
    return { classes: [...LABELS], bias: Array.from(b, (v) => Math.round(v * 1000) / 1000), weights }
  }

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (const row of shuffle([...rows], random)) {
      for (let c = 0; c < k; c++) {
        let s = 0
        for (const i of row.x) s += w[i * k + c] ?? 0
        z[c] = (b[c] ?? 0) + s * row.scale
      }
      const max = Math.max(...z)
      let sum = 0
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp((z[c] ?? 0) - max)
      const weight = classWeight[row.y] ?? 1
      for (let c = 0; c < k; c++) {
        const grad = (((z[c] ?? 0) / sum) - (c === row.y ? 1 : 0)) * weight
        bg2[c] = (bg2[c] ?? 0) + grad * grad
        b[c] = (b[c] ?? 0) - (options.learningRate * grad) / Math.sqrt(bg2[c] ?? 1)
        for (const i of row.x) {
          const j = i * k + c
          const gj = grad * row.scale + options.l2 * (w[j] ?? 0)
          g2[j] = (g2[j] ?? 0) + gj * gj
          w[j] = (w[j] ?? 0) - (options.learningRate * gj) / Math.sqrt(g2[j] ?? 1)
        }
      }
    }
    onEpoch?.(epoch, toModel())
  }
  return toModel()
}
