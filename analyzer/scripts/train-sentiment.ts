/**
 * `pnpm train:sentiment`: trains the sentiment model on the training part of
 * ../shared/data/weibo-emotion/dev.jsonl and writes analyzer/model/sentiment.json. The held-out part
 * (see sentiment-data.ts) is never read here; `pnpm eval:sentiment` measures on it.
 *
 * A few settings (plain or NB-weighted features, regularisation, class weighting) and the number
 * of epochs are chosen by 5-fold cross-validation inside the training part, each fold's model the
 * mean of SEEDS runs from different seeds; then the class biases are shifted where that helps the
 * cross-validated scores; then the chosen setting is trained on the whole training part. Everything
 * is seeded: the same data gives the same file.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { bundledSentimentModelFile, createSentimentModel, defaultFeatureOptions, featureStrings, type FeatureOptions } from '../src/sentiment-model.ts'
import { emotionFile, HELD_OUT_SHARE, LABELS, loadSplit, score, SPLIT_SEED, type Example } from './sentiment-data.ts'
import { averageWeights, logits, naiveBayesScales, toModelFile, trainSoftmax, type Encoded, type TrainOptions, type Weights } from './softmax.ts'

const started = performance.now()
const split = loadSplit()
if (!split) {
  console.log(`train:sentiment: ${emotionFile} is absent (the shared data sets sit beside the project only on development machines); nothing trained.`)
  process.exit(0)
}
const { train } = split
console.log(`train:sentiment: ${split.rows} rows, ${split.train.length + split.heldOut.length} distinct texts; training part ${train.length} (the ${split.heldOut.length} held-out texts are not used)`)

const FOLDS = 5
const EPOCHS = [6, 8, 10]
/** Runs from different seeds averaged into one model: less of the noise of the order posts come in. */
const SEEDS = 5
/** Features seen in fewer training posts are dropped: a singleton n-gram is mostly noise. */
const MIN_COUNT = 2
/** Weights this small in every class change almost no decision; leaving them out keeps the file small. */
const PRUNE = 0.005
/** How far a class bias may be shifted after training, and in what steps. */
const BIAS_SHIFT = { reach: 1, step: 0.05 }

interface Candidate {
  name: string
  features: FeatureOptions
  l2: number
  classWeightPower: number
  /** NB-weighted features: smoothing and the power of the log-count ratio (see naiveBayesScales). */
  naiveBayes?: { alpha: number; power: number }
}
const base = { learningRate: 0.15, minCount: MIN_COUNT }
const candidates: Candidate[] = [
  { name: 'plain features, l2 0.01, class weight ^0.75', features: defaultFeatureOptions, l2: 0.01, classWeightPower: 0.75 },
  { name: 'NB-weighted ^0.5, l2 0.01, class weight ^0.75', features: defaultFeatureOptions, l2: 0.01, classWeightPower: 0.75, naiveBayes: { alpha: 1, power: 0.5 } },
  { name: 'NB-weighted ^0.5, l2 0.005, class weight ^1', features: defaultFeatureOptions, l2: 0.005, classWeightPower: 1, naiveBayes: { alpha: 1, power: 0.5 } },
]

/** Both targets count: the negative class is the one staff act on, macro-F1 keeps neutral honest. */
const objective = (s: { macroF1: number; f1: { negative: number } }) => s.macroF1 + s.f1.negative

/** Features of each post, walked once per feature set. */
const walked = new Map<FeatureOptions, string[][]>()
const featuresOf = (options: FeatureOptions): string[][] => {
  let lists = walked.get(options)
  if (!lists) {
    lists = train.map((e) => featureStrings(e.text, e.tokens, options))
    walked.set(options, lists)
  }
  return lists
}

/** Rows over the vocabulary of the posts `fit` (features in at least MIN_COUNT of them). */
function encodeParts(lists: readonly string[][], fit: readonly number[], other: readonly number[]): { fit: Encoded; other: Encoded } {
  const documents = new Map<string, number>()
  for (const i of fit) for (const f of new Set(lists[i])) documents.set(f, (documents.get(f) ?? 0) + 1)
  const vocabulary: string[] = []
  const indexOf = new Map<string, number>()
  for (const [f, n] of documents) {
    if (n < MIN_COUNT) continue
    indexOf.set(f, vocabulary.length)
    vocabulary.push(f)
  }
  const rows = (ids: readonly number[]) =>
    ids.map((i) => {
      const all = lists[i] ?? []
      const counts = new Map<number, number>()
      for (const f of all) {
        const at = indexOf.get(f)
        if (at !== undefined) counts.set(at, (counts.get(at) ?? 0) + 1)
      }
      // The scale counts every feature, known or not, as the classifier does.
      return { index: Int32Array.from(counts.keys()), count: Float64Array.from(counts.values()), scale: 1 / Math.sqrt(Math.max(1, all.length)) }
    })
  return { fit: { vocabulary, rows: rows(fit) }, other: { vocabulary, rows: rows(other) } }
}

/** The mean of SEEDS runs on `fit`; `onEpoch` sees each run after each of its epochs. */
function trainSeeds(fit: Encoded, y: readonly number[], candidate: Candidate, epochs: number, onEpoch?: (epoch: number, weights: Weights) => void): Weights {
  const scales = candidate.naiveBayes ? naiveBayesScales(fit, y, LABELS.length, candidate.naiveBayes.alpha, candidate.naiveBayes.power) : undefined
  const runs: Weights[] = []
  for (let seed = 7; seed < 7 + SEEDS; seed++) {
    const options: TrainOptions = { ...base, features: candidate.features, l2: candidate.l2, classWeightPower: candidate.classWeightPower, epochs, seed }
    runs.push(trainSoftmax(fit, y, LABELS.length, options, onEpoch, scales))
  }
  return averageWeights(runs)
}

const predict = (z: Float64Array, shift: readonly number[]) => {
  let best = 0
  for (let c = 1; c < z.length; c++) if ((z[c] ?? 0) + (shift[c] ?? 0) > (z[best] ?? 0) + (shift[best] ?? 0)) best = c
  return LABELS[best] ?? 'neutral'
}
const labelIndex = (e: Example) => LABELS.indexOf(e.label)
const gold = train.map((e) => e.label)
const noShift = LABELS.map(() => 0)

// Stratified folds: the i-th post of each class goes to fold i mod FOLDS (the part is already shuffled).
const fold = new Array<number>(train.length).fill(0)
for (const label of LABELS) {
  let i = 0
  train.forEach((e, at) => {
    if (e.label === label) fold[at] = i++ % FOLDS
  })
}

console.log(`\nchoosing options by ${FOLDS}-fold cross-validation on the training part, ${SEEDS} seeds a fold (macro-F1 / negative F1 after ${EPOCHS.join(', ')} epochs):`)
let best = { candidate: candidates[0] as Candidate, epochs: EPOCHS[0] ?? 8, macroF1: -1, negativeF1: 0, objective: -1, logits: [] as Float64Array[] }
for (const candidate of candidates) {
  const logitsAt = new Map<number, Float64Array[]>(EPOCHS.map((e) => [e, new Array<Float64Array>(train.length)]))
  for (let f = 0; f < FOLDS; f++) {
    const fitIds = train.map((_, i) => i).filter((i) => fold[i] !== f)
    const validationIds = train.map((_, i) => i).filter((i) => fold[i] === f)
    const encoded = encodeParts(featuresOf(candidate.features), fitIds, validationIds)
    const y = fitIds.map((i) => labelIndex(train[i] as Example))
    // The mean model's scores are the mean of the runs' scores: add each run's share.
    trainSeeds(encoded.fit, y, candidate, Math.max(...EPOCHS), (epoch, weights) => {
      const out = logitsAt.get(epoch)
      if (!out) return
      validationIds.forEach((id, j) => {
        const z = logits(weights, encoded.other.rows[j] as Encoded['rows'][number])
        const sum = out[id] ?? new Float64Array(LABELS.length)
        z.forEach((v, c) => (sum[c] = (sum[c] ?? 0) + v / SEEDS))
        out[id] = sum
      })
    })
  }
  const cells: string[] = []
  for (const [epochs, out] of logitsAt) {
    const s = score(
      gold,
      out.map((z) => predict(z, noShift)),
    )
    cells.push(`${s.macroF1.toFixed(3)} / ${s.f1.negative.toFixed(3)}`)
    if (objective(s) > best.objective + 1e-9) best = { candidate, epochs, macroF1: s.macroF1, negativeF1: s.f1.negative, objective: objective(s), logits: out }
  }
  console.log(`  ${candidate.name.padEnd(48)} ${cells.join('   ')}`)
}
console.log(`chosen: ${best.candidate.name}, ${best.epochs} epochs (cross-validated macro-F1 ${best.macroF1.toFixed(3)}, negative F1 ${best.negativeF1.toFixed(3)})`)

// Class-weighted training leaves the biases where the weighting put them; the shift that serves the
// targets best is read off the held-in folds' scores (the held-out part is never looked at).
let shift = { by: noShift, macroF1: best.macroF1, negativeF1: best.negativeF1, objective: best.objective }
const steps = Math.round(BIAS_SHIFT.reach / BIAS_SHIFT.step)
for (let a = -steps; a <= steps; a++) {
  for (let b = -steps; b <= steps; b++) {
    const by = [0, a * BIAS_SHIFT.step, b * BIAS_SHIFT.step]
    const s = score(
      gold,
      best.logits.map((z) => predict(z, by)),
    )
    if (objective(s) > shift.objective + 1e-9) shift = { by, macroF1: s.macroF1, negativeF1: s.f1.negative, objective: objective(s) }
  }
}
console.log(`bias shift (neutral, positive against negative): ${shift.by.slice(1).map((v) => v.toFixed(2)).join(', ')} (cross-validated macro-F1 ${shift.macroF1.toFixed(3)}, negative F1 ${shift.negativeF1.toFixed(3)})`)

// The chosen setting, trained once on the whole training part.
const chosen = best.candidate
const encoded = encodeParts(
  featuresOf(chosen.features),
  train.map((_, i) => i),
  [],
).fit
const weights = trainSeeds(encoded, train.map(labelIndex), chosen, best.epochs)
weights.bias.forEach((v, c) => (weights.bias[c] = v + (shift.by[c] ?? 0)))
const model = toModelFile(encoded, weights, chosen.features, PRUNE, {
  data: 'weibo-emotion/dev.jsonl',
  rows: split.rows,
  trainingTexts: train.length,
  split: { seed: SPLIT_SEED, heldOutShare: HELD_OUT_SHARE, unit: 'distinct normalised text, stratified by polarity' },
  options: {
    epochs: best.epochs,
    learningRate: base.learningRate,
    l2: chosen.l2,
    classWeightPower: chosen.classWeightPower,
    naiveBayes: chosen.naiveBayes ?? null,
    seeds: SEEDS,
    biasShift: shift.by,
    minCount: MIN_COUNT,
    prune: PRUNE,
  },
  crossValidated: { macroF1: Math.round(shift.macroF1 * 1000) / 1000, negativeF1: Math.round(shift.negativeF1 * 1000) / 1000 },
})

// The shipped classifier hashes features instead of looking strings up; it must decide as training did.
const classifier = createSentimentModel(model)
let agree = 0
train.forEach((e, i) => {
  const expected = predict(logits(weights, encoded.rows[i] as Encoded['rows'][number]), noShift)
  if (classifier.classify(e.text, e.tokens).label === expected) agree++
})
const file = fileURLToPath(bundledSentimentModelFile)
const json = `${JSON.stringify(model)}\n`
writeFileSync(file, json)
console.log(`\nwrote ${file}: ${model.weights.length / (LABELS.length + 1)} of ${encoded.vocabulary.length} features (|w| ≥ ${PRUNE}), ${(Buffer.byteLength(json) / 1024 / 1024).toFixed(2)} MB`)
console.log(`the written model decides as the trained weights on ${((100 * agree) / train.length).toFixed(1)}% of the training posts (pruning and rounding change the rest)`)
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
