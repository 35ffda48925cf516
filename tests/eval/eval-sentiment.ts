/**
 * `pnpm eval:sentiment`: the committed classifier against two baselines measured in the same run,
 * on the held-out 20% of ../shared/data/weibo-emotion/dev.jsonl (texts deduplicated; never trained on):
 * the rule-based lexicon scorer, and a character-bigram multinomial naive Bayes trained here on the
 * same training part.
 */
import { bundledDictionary, createAnalyzer, createSentimentScorer, loadSentimentClassifier, loadSentimentLexicon, scoreSentiment } from '@yuqing/analyzer'
import type { SentimentLabel } from '@yuqing/core'
import { emotionFile, LABELS, loadExamples, score, type Example, type Scores } from './sentiment-data.ts'

const analyzer = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon' })
const data = loadExamples(analyzer)
if (!data) {
  console.log(`eval:sentiment: ${emotionFile} is absent (the shared data sets sit beside the project only on development machines); nothing measured.`)
  process.exit(0)
}
const { train, test } = data
const gold = test.map((e) => e.label)

const classifier = loadSentimentClassifier()
const started = performance.now()
const trained = test.map((e) => classifier.classify(e.text, e.tokens, e.emoticons).label)
const perSecond = test.length / ((performance.now() - started) / 1000)

const lexicon = loadSentimentLexicon(bundledDictionary.sentiment)
const rules = test.map((e) => scoreSentiment(e.tokens, lexicon).label)
const asAnalyzed = createSentimentScorer(classifier, lexicon)
const inAnalyzer = test.map((e) => asAnalyzed(e.tokens, e.emoticons).label)

const bayes = naiveBayes(train)
const nb = test.map((e) => bayes(e.text))

console.log(`eval:sentiment: ${data.rows} rows, ${train.length + test.length} distinct texts; trained on ${train.length}, held out ${test.length} (never trained on)`)
console.log(`held-out labels: ${LABELS.map((l) => `${l} ${gold.filter((g) => g === l).length}`).join(', ')}\n`)
const rows: [string, Scores][] = [
  ['trained classifier (softmax regression)', score(gold, trained)],
  ['  as the analyzer uses it (+ lexicon if unsure)', score(gold, inAnalyzer)],
  ['baseline: lexicon rules', score(gold, rules)],
  ['baseline: char-bigram naive Bayes', score(gold, nb)],
]
console.log(`${'system'.padEnd(42)} accuracy  macro-F1  neg-F1  neu-F1  pos-F1`)
for (const [name, s] of rows) {
  console.log(
    `${name.padEnd(42)} ${s.accuracy.toFixed(3).padStart(8)}  ${s.macroF1.toFixed(3).padStart(8)}  ${s.f1.negative.toFixed(3).padStart(6)}  ${s.f1.neutral.toFixed(3).padStart(6)}  ${s.f1.positive.toFixed(3).padStart(6)}`,
  )
}
const [, best] = rows[0] as [string, Scores]
console.log(`\ntrained classifier, per class: ${LABELS.map((l) => `${l} P ${best.precision[l].toFixed(3)} R ${best.recall[l].toFixed(3)}`).join('; ')}`)
console.log(`trained classifier speed: ${Math.round(perSecond)} posts/s (features and scoring, after segmentation)`)

/** Multinomial naive Bayes over character bigrams, Laplace smoothing. */
function naiveBayes(examples: readonly Example[]): (text: string) => SentimentLabel {
  const bigrams = (text: string) => {
    const chars = [...text]
    return chars.slice(1).map((c, i) => `${chars[i]}${c}`)
  }
  const counts = new Map<SentimentLabel, Map<string, number>>(LABELS.map((l) => [l, new Map()]))
  const totals = new Map<SentimentLabel, number>(LABELS.map((l) => [l, 0]))
  const docs = new Map<SentimentLabel, number>(LABELS.map((l) => [l, 0]))
  const vocabulary = new Set<string>()
  for (const e of examples) {
    docs.set(e.label, (docs.get(e.label) ?? 0) + 1)
    const table = counts.get(e.label) as Map<string, number>
    for (const b of bigrams(e.text)) {
      table.set(b, (table.get(b) ?? 0) + 1)
      totals.set(e.label, (totals.get(e.label) ?? 0) + 1)
      vocabulary.add(b)
    }
  }
  return (text) => {
    let best: SentimentLabel = 'neutral'
    let bestLog = -Infinity
    for (const label of LABELS) {
      const table = counts.get(label) as Map<string, number>
      const denominator = (totals.get(label) ?? 0) + vocabulary.size
      let log = Math.log((docs.get(label) ?? 0) / examples.length)
      for (const b of bigrams(text)) log += Math.log(((table.get(b) ?? 0) + 1) / denominator)
      if (log > bestLog) {
        bestLog = log
        best = label
      }
    }
    return best
  }
}
