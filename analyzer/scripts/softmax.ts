/**
 * Multinomial logistic regression (softmax) trained with AdaGrad and L2, small enough to read and
 * fast enough for ten thousand short posts in seconds. Posts are vectors of feature counts scaled by
 * 1/√(features), as the classifier scales them, optionally followed by extra inputs made from those
 * features (word vectors), whose weights fold into the features' own in the model file.
 */
import type { FeatureOptions } from '../src/sentiment-features.ts'
import { SENTIMENT_CLASSES, SENTIMENT_MODEL_FORMAT, type SentimentModelFile } from '../src/sentiment-model.ts'
import { seeded, shuffle } from './sentiment-data.ts'

export interface TrainOptions {
  epochs: number
  learningRate: number
  l2: number
  /** Class weight = (share of the class)^-power: 1 evens the classes out, 0 ignores their sizes. */
  classWeightPower: number
  seed: number
}

/**
 * Real-valued inputs a post gets from its own features besides one input per feature: each
 * occurrence of a feature hash in `byHash` adds `gamma`·`vector` to the `dims` inputs from `offset`
 * on (word vectors: the sum of the post's words' vectors). Being sums over the post's features,
 * their weights fold exactly into those features' weights (see foldExtraInputs): the model file and
 * the classifier stay as they are, the file just holds weights for features the labelled posts
 * never showed.
 */
export interface ExtraInputs {
  byHash: Map<number, { offset: number; vector: Float64Array }>
  dims: number
  gamma: number
}

/**
 * Posts as rows of feature indices and counts over a vocabulary of feature hashes (those of the
 * fitted posts), each row scaled by 1/√(all its features), as the classifier scales.
 */
export interface Encoded {
  /** The hash of each feature index. */
  vocabulary: number[]
  /** Inputs at indices vocabulary.length … vocabulary.length + extra.dims − 1 of the rows. */
  extra?: ExtraInputs
  /** `weight` (default 1) counts a post more or less, say a post labelled by an earlier model. */
  rows: { index: Int32Array; count: Float64Array; scale: number; weight?: number }[]
}

/**
 * Encodes posts given as the feature hashes of each (`walkFeatures`), over the features found in at
 * least `minCount` of the posts `fit` (a feature of one post is mostly noise, and a bigger file);
 * `other` is encoded over the same vocabulary. 32-bit hashes of a few hundred thousand features
 * practically never collide: here they stand for the features themselves. With `extra`, each row
 * ends with its extra inputs, made from all of the post's features (the folded file scores those
 * the vocabulary lacks too).
 */
export function encodeRows(hashes: readonly Int32Array[], minCount: number, fit: readonly number[], other: readonly number[], extra?: ExtraInputs): { fit: Encoded; other: Encoded } {
  const documents = new Map<number, number>()
  for (const i of fit) for (const h of new Set(hashes[i])) documents.set(h, (documents.get(h) ?? 0) + 1)
  const vocabulary: number[] = []
  const indexOf = new Map<number, number>()
  for (const [h, n] of documents) {
    if (n < minCount) continue
    indexOf.set(h, vocabulary.length)
    vocabulary.push(h)
  }
  const rows = (ids: readonly number[]) =>
    ids.map((i) => {
      const all = hashes[i] ?? new Int32Array(0)
      const counts = new Map<number, number>()
      for (const h of all) {
        const at = indexOf.get(h)
        if (at !== undefined) counts.set(at, (counts.get(at) ?? 0) + 1)
      }
      const index = [...counts.keys()]
      const count = [...counts.values()]
      if (extra) {
        extraValues(extra, all).forEach((v, d) => {
          if (v === 0) return
          index.push(vocabulary.length + d)
          count.push(v)
        })
      }
      // The scale counts every feature, known or not: the classifier cannot tell which were dropped.
      return { index: Int32Array.from(index), count: Float64Array.from(count), scale: 1 / Math.sqrt(Math.max(1, all.length)) }
    })
  const encoded = (ids: readonly number[]): Encoded => ({ vocabulary, ...(extra ? { extra } : {}), rows: rows(ids) })
  return { fit: encoded(fit), other: encoded(other) }
}

/** The extra inputs of a post with feature hashes `hashes`. */
function extraValues(extra: ExtraInputs, hashes: Int32Array): Float64Array {
  const x = new Float64Array(extra.dims)
  for (const hash of hashes) {
    const made = extra.byHash.get(hash)
    if (!made) continue
    for (let d = 0; d < made.vector.length; d++) x[made.offset + d] = (x[made.offset + d] ?? 0) + extra.gamma * (made.vector[d] ?? 0)
  }
  return x
}

/** How many inputs a row of `encoded` may have: one per feature, then the extra ones. */
const inputsOf = (encoded: Encoded): number => encoded.vocabulary.length + (encoded.extra?.dims ?? 0)

export interface Weights {
  /** Feature-major: weight of feature f for class c at f * k + c. */
  w: Float64Array
  bias: Float64Array
  k: number
}

/**
 * Trains on encoded rows with labels `y` (0 … k-1). `onEpoch` sees the weights after each epoch
 * (a validation slice chooses the number of epochs).
 */
export function trainSoftmax(
  encoded: Encoded,
  y: readonly number[],
  k: number,
  options: TrainOptions,
  onEpoch?: (epoch: number, weights: Weights) => void,
  scales?: Float64Array,
): Weights {
  const n = inputsOf(encoded)
  const w = new Float64Array(n * k)
  const g2 = new Float64Array(n * k).fill(1e-8)
  const bias = new Float64Array(k)
  const biasG2 = new Float64Array(k).fill(1e-8)
  // Each class weighs by the inverse of its share to the given power, so the rare neutral class counts.
  const perClass = new Array<number>(k).fill(0)
  for (const label of y) perClass[label] = (perClass[label] ?? 0) + 1
  const classWeight = perClass.map((m) => (y.length / (k * Math.max(1, m))) ** options.classWeightPower)
  const random = seeded(options.seed)
  const order = encoded.rows.map((_, i) => i)
  const z = new Float64Array(k)
  const { learningRate: rate, l2 } = options
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffle(order, random)
    for (const r of order) {
      const row = encoded.rows[r]
      const label = y[r]
      if (row === undefined || label === undefined) continue
      const { index, count, scale } = row
      let max = -Infinity
      for (let c = 0; c < k; c++) {
        let s = 0
        for (let j = 0; j < index.length; j++) {
          const at = (index[j] ?? 0) * k + c
          s += (w[at] ?? 0) * (scales?.[at] ?? 1) * (count[j] ?? 0)
        }
        const v = (bias[c] ?? 0) + s * scale
        z[c] = v
        if (v > max) max = v
      }
      let sum = 0
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] ?? 0) - max)
        z[c] = e
        sum += e
      }
      const weight = (classWeight[label] ?? 1) * (row.weight ?? 1)
      for (let c = 0; c < k; c++) {
        const grad = ((z[c] ?? 0) / sum - (c === label ? 1 : 0)) * weight
        biasG2[c] = (biasG2[c] ?? 0) + grad * grad
        bias[c] = (bias[c] ?? 0) - (rate * grad) / Math.sqrt(biasG2[c] ?? 1)
        for (let j = 0; j < index.length; j++) {
          const at = (index[j] ?? 0) * k + c
          // L2 is applied lazily, only to the features of this post: the usual sparse approximation.
          const g = grad * (count[j] ?? 0) * scale * (scales?.[at] ?? 1) + l2 * (w[at] ?? 0)
          g2[at] = (g2[at] ?? 0) + g * g
          w[at] = (w[at] ?? 0) - (rate * g) / Math.sqrt(g2[at] ?? 1)
        }
      }
    }
    if (onEpoch) onEpoch(epoch, scaled({ w, bias, k }, scales))
  }
  return scaled({ w, bias, k }, scales)
}

/** The weights the classifier uses: each learnt weight times its feature's scale (a copy: training goes on). */
function scaled(weights: Weights, scales: Float64Array | undefined): Weights {
  return { w: weights.w.map((v, i) => v * (scales?.[i] ?? 1)), bias: weights.bias.slice(), k: weights.k }
}

/**
 * NB-weighted features (after Wang & Manning's NBSVM, 2012): each feature's input to class c is
 * scaled by |log-count ratio|^power of the feature in class c against the other classes (presence
 * per post, add-`alpha` smoothing). With L2 on the learnt weights, this lets a feature that naive
 * Bayes finds telling move its weight far and keeps a feature spread over all classes near 0.
 * The scale folds into the shipped weights: the classifier does not change. Extra inputs are not
 * counts of a feature: their scale is 1.
 */
export function naiveBayesScales(encoded: Encoded, y: readonly number[], k: number, alpha: number, power: number): Float64Array {
  const n = encoded.vocabulary.length
  const inClass = new Float64Array(n * k)
  const inAll = new Float64Array(n)
  encoded.rows.forEach((row, r) => {
    const label = y[r] ?? 0
    for (const f of row.index) {
      if (f >= n) continue
      inClass[f * k + label] = (inClass[f * k + label] ?? 0) + 1
      inAll[f] = (inAll[f] ?? 0) + 1
    }
  })
  const sumIn = new Float64Array(k)
  const sumOut = new Float64Array(k)
  for (let f = 0; f < n; f++) {
    for (let c = 0; c < k; c++) {
      sumIn[c] = (sumIn[c] ?? 0) + (inClass[f * k + c] ?? 0) + alpha
      sumOut[c] = (sumOut[c] ?? 0) + (inAll[f] ?? 0) - (inClass[f * k + c] ?? 0) + alpha
    }
  }
  const scales = new Float64Array(inputsOf(encoded) * k).fill(1)
  for (let f = 0; f < n; f++) {
    for (let c = 0; c < k; c++) {
      const p = ((inClass[f * k + c] ?? 0) + alpha) / (sumIn[c] ?? 1)
      const q = ((inAll[f] ?? 0) - (inClass[f * k + c] ?? 0) + alpha) / (sumOut[c] ?? 1)
      scales[f * k + c] = Math.abs(Math.log(p / q)) ** power
    }
  }
  return scales
}

/** The mean of models over one vocabulary (say, trained from several seeds): still one linear model. */
export function averageWeights(models: readonly Weights[]): Weights {
  const first = models[0]
  if (!first) throw new Error('averageWeights: no models')
  const w = new Float64Array(first.w.length)
  const bias = new Float64Array(first.bias.length)
  for (const m of models) {
    m.w.forEach((v, i) => (w[i] = (w[i] ?? 0) + v / models.length))
    m.bias.forEach((v, i) => (bias[i] = (bias[i] ?? 0) + v / models.length))
  }
  return { w, bias, k: first.k }
}

/** Class scores of an encoded row (for choosing options; the shipped path is the hashing classifier). */
export function logits(weights: Weights, row: Encoded['rows'][number]): Float64Array {
  const { w, bias, k } = weights
  const z = Float64Array.from(bias)
  for (let j = 0; j < row.index.length; j++) {
    const base = (row.index[j] ?? 0) * k
    const x = (row.count[j] ?? 0) * row.scale
    for (let c = 0; c < k; c++) z[c] = (z[c] ?? 0) + (w[base + c] ?? 0) * x
  }
  return z
}

/**
 * One weight per feature hash for a model with extra inputs: each feature that makes extra inputs
 * gets gamma·vector·(their weights) added to its own (or as its own, for a feature the vocabulary
 * lacks). A post's class scores stay what they were: the extra inputs are sums over its features.
 */
function foldExtraInputs(encoded: Encoded, weights: Weights): { vocabulary: number[]; w: Float64Array } {
  const { extra } = encoded
  const { k } = weights
  if (!extra) return { vocabulary: encoded.vocabulary, w: weights.w }
  const first = encoded.vocabulary.length
  const byHash = new Map<number, Float64Array>()
  encoded.vocabulary.forEach((hash, f) => byHash.set(hash, weights.w.slice(f * k, f * k + k)))
  for (const [hash, { offset, vector }] of extra.byHash) {
    let w = byHash.get(hash)
    if (!w) byHash.set(hash, (w = new Float64Array(k)))
    for (let d = 0; d < vector.length; d++) {
      for (let c = 0; c < k; c++) w[c] = (w[c] ?? 0) + extra.gamma * (vector[d] ?? 0) * (weights.w[(first + offset + d) * k + c] ?? 0)
    }
  }
  const vocabulary = [...byHash.keys()]
  const w = new Float64Array(vocabulary.length * k)
  vocabulary.forEach((hash, f) => w.set(byHash.get(hash) ?? [], f * k))
  return { vocabulary, w }
}

/**
 * The model file of trained weights (extra inputs folded into the features, see foldExtraInputs):
 * the features whose weight reaches `prune` in some class (the rest change almost no decision), by
 * hash in ascending order, as gaps.
 */
export function toModelFile(encoded: Encoded, weights: Weights, features: FeatureOptions, prune: number, lexiconBelow: number | undefined, trainedOn: unknown): SentimentModelFile {
  const { bias, k } = weights
  const { vocabulary, w } = foldExtraInputs(encoded, weights)
  const kept = vocabulary
    .map((hash, f) => ({ hash: hash >>> 0, f }))
    .filter(({ hash, f }) => {
      if (hash === 0) return false
      for (let c = 0; c < k; c++) if (Math.abs(w[f * k + c] ?? 0) >= prune) return true
      return false
    })
    .sort((a, b) => a.hash - b.hash)
  const round = (v: number) => Math.round(v * 10_000) / 10_000
  const hashes: number[] = []
  const flat: number[] = []
  let previous = 0
  for (const { hash, f } of kept) {
    hashes.push(hash - previous)
    previous = hash
    for (let c = 0; c < k; c++) flat.push(round(w[f * k + c] ?? 0))
  }
  return { format: SENTIMENT_MODEL_FORMAT, classes: [...SENTIMENT_CLASSES], features, bias: Array.from(bias, round), hashes, weights: flat, ...(lexiconBelow === undefined ? {} : { lexiconBelow }), trainedOn }
}
