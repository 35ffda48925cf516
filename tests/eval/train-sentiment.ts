/**
 * `pnpm train:sentiment`: trains the sentiment classifier on the training part of
 * ../shared/data/weibo-emotion/dev.jsonl (the held-out part stays for `pnpm eval:sentiment`),
 * choosing the number of epochs on a validation slice of the training part, and writes
 * analyzer/model/sentiment-lr.json.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { bundledSentimentModel, createAnalyzer, fromWeights } from '@yuqing/analyzer'
import { emotionFile, loadExamples, score } from './sentiment-data.ts'
import { trainSoftmax, type TrainOptions } from './softmax.ts'

const analyzer = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon' })
const data = loadExamples(analyzer)
if (!data) {
  console.log(`train:sentiment: ${emotionFile} is absent (the shared data sets sit beside the project only on development machines); nothing trained.`)
  process.exit(0)
}
const validationSize = Math.round(data.train.length * 0.1)
const validation = data.train.slice(0, validationSize)
const fit = data.train.slice(validationSize)
// Chosen on a validation slice of the training part (see the closing note of the analyzer issue):
// strong L2 and square-root class weights did best on these short posts.
const options: TrainOptions = { epochs: 12, learningRate: 0.05, l2: 0.01, minCount: 2, seed: 7, classWeightPower: 0.5 }

let best = { epoch: 1, macroF1: -1 }
trainSoftmax(fit, options, (epoch, model) => {
  const c = fromWeights(model.classes, model.bias, model.weights)
  const s = score(
    validation.map((e) => e.label),
    validation.map((e) => c.classify(e.text, e.tokens, e.emoticons).label),
  )
  console.log(`epoch ${epoch}: validation accuracy ${s.accuracy.toFixed(3)}, macro-F1 ${s.macroF1.toFixed(3)}, negative F1 ${s.f1.negative.toFixed(3)}`)
  if (s.macroF1 > best.macroF1) best = { epoch, macroF1: s.macroF1 }
})
console.log(`best on validation: ${best.epoch} epochs; retraining on the whole training part (${data.train.length} posts)`)
const model = trainSoftmax(data.train, { ...options, epochs: best.epoch })
const file = fileURLToPath(bundledSentimentModel)
writeFileSync(file, `${JSON.stringify({ classes: model.classes, bias: model.bias, weights: Object.fromEntries(model.weights) })}\n`)
console.log(`wrote ${file}: ${model.weights.size} features`)
