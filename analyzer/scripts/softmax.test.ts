import { describe, expect, it } from 'vitest'
import { defaultFeatureOptions } from '../src/sentiment-features.ts'
import { expandModel, scoreHashes } from '../src/sentiment-model.ts'
import { walkAll } from './cross-validate.ts'
import type { Example } from './sentiment-data.ts'
import { encodeRows, logits, toModelFile, trainSoftmax, type Weights } from './softmax.ts'
import { wordVectorInputs } from './word-vectors.ts'

const post = (words: string[], label: Example['label']): Example => ({ text: words.join(''), tokens: words, label, emotion: '', copies: 1 })
const train = [
  post(['服务', '太', '差', '了'], 'negative'),
  post(['太', '差', '了', '生气'], 'negative'),
  post(['服务', '不', '好'], 'negative'),
  post(['服务', '很', '好', '满意'], 'positive'),
  post(['很', '好', '开心'], 'positive'),
  post(['明天', '八点', '停水'], 'neutral'),
  post(['明天', '通知', '停水'], 'neutral'),
]
// Posts the model never saw: 糟糕 and 高兴 are known by their vectors alone, 不 满意 is negated.
const unseen = [post(['服务', '糟糕'], 'negative'), post(['今天', '高兴'], 'positive'), post(['服务', '不', '满意'], 'negative')]
const vectorWords = ['差', '糟糕', '生气', '好', '高兴', '满意', '停水']
const vectors = [
  [1, 0, 0],
  [0.9, 0.1, 0],
  [0.8, 0, 0.2],
  [0, 1, 0],
  [0.1, 0.9, 0],
  [0, 0.8, 0.2],
  [0, 0, 1],
].map((v) => Float64Array.from(v))

describe('extra inputs folded into the features', () => {
  const posts = [...train, ...unseen]
  const hashes = walkAll(posts, defaultFeatureOptions)
  const extra = wordVectorInputs(vectorWords, vectors, 3, 3)
  const trainIds = train.map((_, i) => i)
  const { fit, other } = encodeRows(hashes, 1, trainIds, unseen.map((_, i) => train.length + i), extra)
  const weights = trainSoftmax(fit, train.map((e) => ['negative', 'neutral', 'positive'].indexOf(e.label)), 3, { epochs: 30, learningRate: 0.15, l2: 0.01, classWeightPower: 0, seed: 7 })
  const table = expandModel(toModelFile(fit, weights, defaultFeatureOptions, 0, undefined, null))
  const rows = [...fit.rows, ...other.rows]

  /** Negative and positive against neutral, as the table scores. */
  const expected = (w: Weights, r: number) => {
    const z = logits(w, rows[r] ?? { index: new Int32Array(0), count: new Float64Array(0), scale: 1 })
    return [(z[0] ?? 0) - (z[1] ?? 0), (z[2] ?? 0) - (z[1] ?? 0)]
  }
  const scored = (r: number) => {
    const h = hashes[r] ?? new Int32Array(0)
    const z = new Float64Array(2)
    scoreHashes(table, h, h.length, z)
    return [...z]
  }
  // Each of a post's weights is rounded to 1e-4 in the file, then to a 16-bit step of the table.
  const tolerance = (r: number) => (1e-4 + table.quantum / 2) * Math.sqrt(hashes[r]?.length ?? 0) + 2e-4

  it('gives every post, seen in training or not, the class scores of the model with extra inputs', () => {
    posts.forEach((p, r) => {
      const want = expected(weights, r)
      scored(r).forEach((v, c) => expect(Math.abs(v - (want[c] ?? 0)), `${p.text} class ${c}`).toBeLessThanOrEqual(tolerance(r)))
    })
  })

  it('is not the same as leaving the extra inputs out', () => {
    const withoutExtra: Weights = { ...weights, w: weights.w.map((v, i) => (i >= fit.vocabulary.length * 3 ? 0 : v)) }
    const moved = posts.map((_, r) => Math.max(...expected(weights, r).map((v, c) => Math.abs(v - (expected(withoutExtra, r)[c] ?? 0)))))
    unseen.forEach((p, i) => expect(moved[train.length + i], p.text).toBeGreaterThan(10 * tolerance(train.length + i)))
  })
})
