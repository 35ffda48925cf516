/**
 * Choosing the sentiment model's options by k-fold cross-validation inside the training part: the
 * pieces train-sentiment.ts puts together (the held-out part never reaches them).
 */
import { FeatureBuffer, walkFeatures, type FeatureOptions } from '../src/sentiment-features.ts'
import { LABELS, type Example } from './sentiment-data.ts'
import { expandModel, scoreHashes } from '../src/sentiment-model.ts'
import { averageWeights, encodeRows, naiveBayesScales, toModelFile, trainSoftmax, type Encoded, type ExtraInputs, type Weights } from './softmax.ts'

export interface Candidate {
  name: string
  features: FeatureOptions
  l2: number
  classWeightPower: number
  /** NB-weighted features: smoothing and the power of the log-count ratio (see naiveBayesScales). */
  naiveBayes?: { alpha: number; power: number }
  /** Inputs made from the post's features besides them (word vectors); folded into them in the file. */
  extra?: ExtraInputs
}

export interface Schedule {
  learningRate: number
  /** Buckets in fewer training posts are dropped. */
  minCount: number
  /** Features whose weights stay below this in every class are left out of the file. */
  prune: number
  /** Runs from different seeds averaged into one model: less of the noise of the order posts come in. */
  seeds: number
}

/** The feature hashes of each post, one walk each. */
export function walkAll(examples: readonly Example[], options: FeatureOptions): Int32Array[] {
  const buffer = new FeatureBuffer()
  return examples.map((e) => buffer.hashes.slice(0, walkFeatures(e.text, e.tokens, options, buffer)))
}

/** Stratified folds: the i-th post of each class goes to fold i mod `folds` (the part is already shuffled). */
export function stratifiedFolds(examples: readonly Example[], folds: number): number[] {
  const fold = new Array<number>(examples.length).fill(0)
  for (const label of LABELS) {
    let i = 0
    examples.forEach((e, at) => {
      if (e.label === label) fold[at] = i++ % folds
    })
  }
  return fold
}

export const labelIndex = (e: Example): number => LABELS.indexOf(e.label)

/** The mean of `schedule.seeds` runs on `fit`; `onEpoch` sees each run after each of its epochs. */
export function trainSeeds(fit: Encoded, y: readonly number[], candidate: Candidate, schedule: Schedule, epochs: number, onEpoch?: (epoch: number, weights: Weights) => void): Weights {
  const scales = candidate.naiveBayes ? naiveBayesScales(fit, y, LABELS.length, candidate.naiveBayes.alpha, candidate.naiveBayes.power) : undefined
  const runs: Weights[] = []
  for (let seed = 7; seed < 7 + schedule.seeds; seed++) {
    const options = { learningRate: schedule.learningRate, l2: candidate.l2, classWeightPower: candidate.classWeightPower, epochs, seed }
    runs.push(trainSoftmax(fit, y, LABELS.length, options, onEpoch, scales))
  }
  return averageWeights(runs)
}

/**
 * Each training post's class scores (negative, neutral, positive, against neutral's 0) from the
 * model of the folds it is not in, after each number of epochs in `epochs`, read as the classifier
 * reads them: pruned, rounded and looked up in its table.
 */
export function crossValidatedLogits(train: readonly Example[], hashes: readonly Int32Array[], fold: readonly number[], folds: number, candidate: Candidate, schedule: Schedule, epochs: readonly number[]): Map<number, Float64Array[]> {
  const out = new Map<number, Float64Array[]>(epochs.map((e) => [e, train.map(() => new Float64Array(LABELS.length))]))
  for (let f = 0; f < folds; f++) {
    const fitIds = train.map((_, i) => i).filter((i) => fold[i] !== f)
    const validationIds = train.map((_, i) => i).filter((i) => fold[i] === f)
    const encoded = encodeRows(hashes, schedule.minCount, fitIds, [], candidate.extra).fit
    const y = fitIds.map((i) => labelIndex(train[i] as Example))
    const runs = new Map<number, Weights[]>()
    trainSeeds(encoded, y, candidate, schedule, Math.max(...epochs), (epoch, weights) => {
      if (out.has(epoch)) runs.set(epoch, [...(runs.get(epoch) ?? []), weights])
    })
    for (const [epoch, models] of runs) {
      const table = expandModel(toModelFile(encoded, averageWeights(models), candidate.features, schedule.prune, undefined, null))
      const sums = out.get(epoch) ?? []
      const z = new Float64Array(2)
      for (const id of validationIds) {
        const h = hashes[id] ?? new Int32Array(0)
        scoreHashes(table, h, h.length, z)
        sums[id] = Float64Array.of(z[0] ?? 0, 0, z[1] ?? 0)
      }
    }
  }
  return out
}

/** The class with the highest score once `shift` is added (negative first on a tie). */
export function predict(z: Float64Array, shift: readonly number[]): (typeof LABELS)[number] {
  let best = 0
  for (let c = 1; c < z.length; c++) if ((z[c] ?? 0) + (shift[c] ?? 0) > (z[best] ?? 0) + (shift[best] ?? 0)) best = c
  return LABELS[best] ?? 'neutral'
}
