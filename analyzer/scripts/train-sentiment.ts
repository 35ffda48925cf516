/**
 * `pnpm train:sentiment`: trains the sentiment model on the training part of
 * ../shared/data/weibo-emotion/dev.jsonl and writes analyzer/model/sentiment.json. The held-out part
 * (see sentiment-data.ts) is never read here; `pnpm eval:sentiment` measures on it.
 *
 * A few regularisation strengths, class weightings and feature sets, and the number of epochs, are
 * chosen by 5-fold cross-validation inside the training part; the chosen setting is then trained
 * once on the whole training part. Everything is seeded: the same data gives the same file.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { bundledSentimentModelFile, createSentimentModel, defaultFeatureOptions, featureStrings, type FeatureOptions } from '../src/sentiment-model.ts'
import { emotionFile, HELD_OUT_SHARE, LABELS, loadSplit, score, SPLIT_SEED, type Example } from './sentiment-data.ts'
import { logits, toModelFile, trainSoftmax, type Encoded, type TrainOptions, type Weights } from './softmax.ts'

const started = performance.now()
const split = loadSplit()
if (!split) {
  console.log(`train:sentiment: ${emotionFile} is absent (the shared data sets sit beside the project only on development machines); nothing trained.`)
  process.exit(0)
}
const { train } = split
console.log(`train:sentiment: ${split.rows} rows, ${split.train.length + split.heldOut.length} distinct texts; training part ${train.length} (the ${split.heldOut.length} held-out texts are not used)`)

const FOLDS = 5
const EPOCHS = [4, 8, 12]
/** Features seen in fewer training posts are dropped: a singleton n-gram is mostly noise. */
const MIN_COUNT = 2
/** Weights this small in every class change almost no decision; leaving them out keeps the file small. */
const PRUNE = 0.005

interface Candidate {
  name: string
  features: FeatureOptions
  l2: number
  classWeightPower: number
}
const base = { learningRate: 0.15, seed: 7, minCount: MIN_COUNT }
const candidates: Candidate[] = []
for (const l2 of [0.001, 0.003, 0.01]) {
  for (const classWeightPower of [0.5, 0.75, 1]) candidates.push({ name: `all features, l2 ${l2}, class weight ^${classWeightPower}`, features: defaultFeatureOptions, l2, classWeightPower })
}
candidates.push(
  { name: 'no word pairs, no degree words, l2 0.003, ^0.75', features: { ...defaultFeatureOptions, wordPairs: false, degree: false }, l2: 0.003, classWeightPower: 0.75 },
  { name: 'no negation marks, l2 0.003, ^0.75', features: { ...defaultFeatureOptions, negation: false }, l2: 0.003, classWeightPower: 0.75 },
  { name: 'characters only, l2 0.003, ^0.75', features: { ...defaultFeatureOptions, words: false, wordPairs: false, emoticons: false }, l2: 0.003, classWeightPower: 0.75 },
)

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

const argmax = (z: Float64Array): number => {
  let best = 0
  for (let c = 1; c < z.length; c++) if ((z[c] ?? 0) > (z[best] ?? 0)) best = c
  return best
}
const labelIndex = (e: Example) => LABELS.indexOf(e.label)

// Stratified folds: the i-th post of each class goes to fold i mod FOLDS (the part is already shuffled).
const fold = new Array<number>(train.length).fill(0)
for (const label of LABELS) {
  let i = 0
  train.forEach((e, at) => {
    if (e.label === label) fold[at] = i++ % FOLDS
  })
}

console.log(`\nchoosing options by ${FOLDS}-fold cross-validation on the training part (macro-F1 / negative F1 after 4, 8, 12 epochs):`)
let best = { candidate: candidates[0] as Candidate, epochs: EPOCHS[0] ?? 8, macroF1: -1, negativeF1: 0 }
for (const candidate of candidates) {
  const lists = featuresOf(candidate.features)
  const predicted = new Map<number, number[]>(EPOCHS.map((e) => [e, new Array<number>(train.length).fill(0)]))
  for (let f = 0; f < FOLDS; f++) {
    const fitIds = train.map((_, i) => i).filter((i) => fold[i] !== f)
    const validationIds = train.map((_, i) => i).filter((i) => fold[i] === f)
    const encoded = encodeParts(lists, fitIds, validationIds)
    const options: TrainOptions = { ...base, features: candidate.features, l2: candidate.l2, classWeightPower: candidate.classWeightPower, epochs: Math.max(...EPOCHS) }
    trainSoftmax(
      encoded.fit,
      fitIds.map((i) => labelIndex(train[i] as Example)),
      LABELS.length,
      options,
      (epoch, weights) => {
        const out = predicted.get(epoch)
        if (out) validationIds.forEach((id, j) => (out[id] = argmax(logits(weights, encoded.other.rows[j] as Encoded['rows'][number]))))
      },
    )
  }
  const cells: string[] = []
  for (const [epochs, out] of predicted) {
    const s = score(
      train.map((e) => e.label),
      out.map((c) => LABELS[c] ?? 'neutral'),
    )
    cells.push(`${s.macroF1.toFixed(3)} / ${s.f1.negative.toFixed(3)}`)
    if (s.macroF1 > best.macroF1 + 1e-9) best = { candidate, epochs, macroF1: s.macroF1, negativeF1: s.f1.negative }
  }
  console.log(`  ${candidate.name.padEnd(48)} ${cells.join('   ')}`)
}
console.log(`chosen: ${best.candidate.name}, ${best.epochs} epochs (cross-validated macro-F1 ${best.macroF1.toFixed(3)}, negative F1 ${best.negativeF1.toFixed(3)})`)

// The chosen setting, trained once on the whole training part.
const options: TrainOptions = { ...base, features: best.candidate.features, l2: best.candidate.l2, classWeightPower: best.candidate.classWeightPower, epochs: best.epochs }
const encoded = encodeParts(
  featuresOf(options.features),
  train.map((_, i) => i),
  [],
).fit
const weights: Weights = trainSoftmax(encoded, train.map(labelIndex), LABELS.length, options)
const model = toModelFile(encoded, weights, options.features, PRUNE, {
  data: 'weibo-emotion/dev.jsonl',
  rows: split.rows,
  trainingTexts: train.length,
  split: { seed: SPLIT_SEED, heldOutShare: HELD_OUT_SHARE, unit: 'distinct normalised text, stratified by polarity' },
  options: { epochs: options.epochs, learningRate: options.learningRate, l2: options.l2, classWeightPower: options.classWeightPower, minCount: MIN_COUNT, prune: PRUNE, seed: options.seed },
  crossValidated: { macroF1: Math.round(best.macroF1 * 1000) / 1000, negativeF1: Math.round(best.negativeF1 * 1000) / 1000 },
})

// The shipped classifier hashes features instead of looking strings up; it must decide as training did.
const classifier = createSentimentModel(model)
let agree = 0
train.forEach((e, i) => {
  const expected = LABELS[argmax(logits(weights, encoded.rows[i] as Encoded['rows'][number]))]
  if (classifier.classify(e.text, e.tokens).label === expected) agree++
})
const file = fileURLToPath(bundledSentimentModelFile)
const json = `${JSON.stringify(model)}\n`
writeFileSync(file, json)
console.log(`\nwrote ${file}: ${model.weights.length / (LABELS.length + 1)} of ${encoded.vocabulary.length} features (|w| ≥ ${PRUNE}), ${(Buffer.byteLength(json) / 1024 / 1024).toFixed(2)} MB`)
console.log(`the written model decides as the trained weights on ${((100 * agree) / train.length).toFixed(1)}% of the training posts (pruning and rounding change the rest)`)
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
