/**
 * `pnpm eval:sentiment`: the committed sentiment model (analyzer/model/sentiment.json) on the
 * held-out 20% of ../shared/data/weibo-emotion/dev.jsonl, next to two baselines measured in the same
 * run: the project's rule-based lexicon scorer, and a plain character-bigram multinomial naive Bayes
 * trained here on the same training part the model was trained on. Also what the analyzer itself
 * says (model, lexicon where the model hardly leans, its own jieba and post splitting), and the
 * model's speed on held-out posts and on real stream posts.
 */
import { fileURLToPath } from 'node:url'
import type { SentimentLabel } from '@yuqing/core'
import { createAnalyzer } from '../src/analyzer.ts'
import { bundledDictionary, loadSentimentLexicon } from '../src/dictionaries.ts'
import { normalizeText } from '../src/normalize.ts'
import { splitPost } from '../src/post-parts.ts'
import { scoreSentiment } from '../src/sentiment.ts'
import { bundledSentimentModelFile, createSentimentModel, readSentimentModelFile } from '../src/sentiment-model.ts'
import { emotionFile, fingerprint, LABELS, loadSplit, score, SPLIT_SEED, type Example, type Scores } from './sentiment-data.ts'
import { readStreamLines, streamFile } from './stream-posts.ts'

const split = loadSplit()
if (!split) {
  console.log(`eval:sentiment: ${emotionFile} is absent (the shared data sets sit beside the project only on development machines); nothing measured.`)
  process.exit(0)
}
const { train, heldOut } = split
const gold = heldOut.map((e) => e.label)
const copies = heldOut.map((e) => e.copies)

const file = readSentimentModelFile(bundledSentimentModelFile)
const trainedOn = (file.trainedOn ?? {}) as { trainingTexts?: number; trainingFingerprint?: string; split?: { seed?: number } }
// A model trained on other texts may have seen held-out ones: its scores here would mean nothing.
const expected = fingerprint(train)
if (trainedOn.split?.seed !== SPLIT_SEED || trainedOn.trainingFingerprint !== expected) {
  console.error(
    `eval:sentiment: ${fileURLToPath(bundledSentimentModelFile)} was not trained on this split's training part (split seed ${String(trainedOn.split?.seed)}, training texts ${String(trainedOn.trainingFingerprint)}; this split: seed ${SPLIT_SEED}, training texts ${expected}). The data or the text normalisation changed since; retrain with \`pnpm train:sentiment\`.`,
  )
  process.exit(1)
}
const model = createSentimentModel(file)
const predicted = heldOut.map((e) => model.classify(e.text, e.tokens).label)

const lexicon = loadSentimentLexicon(bundledDictionary.sentiment)
const rules = heldOut.map((e) => scoreSentiment(words(e.tokens), lexicon).label)

// The production path: analyze() with the bundled model, as `yuqing analyze` and ingest run it.
const analyzer = createAnalyzer({ timezone: 'UTC' })
const fetchedAt = new Date(0).toISOString()
const analyzed = heldOut.map((e, i) => analyzer.analyze({ id: `held-out-${i}`, source: 'eval', content: e.text, fetchedAt }).sentiment.label)

const bayes = characterBigramBayes(train)
const nb = heldOut.map((e) => bayes(e.text))

console.log(`eval:sentiment: ${split.rows} rows, ${train.length + heldOut.length} distinct texts (repeated texts kept once, with their most frequent label)`)
console.log(`held out: ${heldOut.length} texts (${LABELS.map((l) => `${l} ${gold.filter((g) => g === l).length}`).join(', ')}), a fixed-seed (${SPLIT_SEED}) stratified 20% split`)
console.log(`the held-out texts were NOT used for training: the model was trained on the other ${trainedOn.trainingTexts ?? '?'} texts, and so was the naive Bayes below`)

const systems: [string, SentimentLabel[]][] = [
  ['trained model (softmax regression)', predicted],
  ['analyzer: model + lexicon fallback', analyzed],
  ['baseline: lexicon rules (scoreSentiment)', rules],
  ['baseline: char-bigram naive Bayes', nb],
]
const table = (title: string, weights?: readonly number[]) => {
  console.log(`\n${title}`)
  console.log(`${'system'.padEnd(42)} accuracy  macro-F1  neg-F1  neu-F1  pos-F1`)
  for (const [name, labels] of systems) {
    const s = score(gold, labels, weights)
    console.log(`${name.padEnd(42)} ${f(s.accuracy, 8)}  ${f(s.macroF1, 8)}  ${f(s.f1.negative, 6)}  ${f(s.f1.neutral, 6)}  ${f(s.f1.positive, 6)}`)
  }
}
table('each held-out text once:')
console.log('\nper class (precision / recall), each held-out text once:')
for (const [name, labels] of systems) {
  const s: Scores = score(gold, labels)
  console.log(`  ${name.padEnd(42)} ${LABELS.map((l) => `${l} ${s.precision[l].toFixed(3)} / ${s.recall[l].toFixed(3)}`).join('   ')}`)
}
table('each held-out text as often as it occurs in the file (reposts counted; still none trained on):', copies)

// Speed: classify the held-out posts over and over for about a second, after a warm-up.
for (const e of heldOut) model.classify(e.text, e.tokens)
let posts = 0
let chars = 0
const start = performance.now()
while (performance.now() - start < 1000) {
  for (const e of heldOut) {
    model.classify(e.text, e.tokens)
    chars += e.text.length
  }
  posts += heldOut.length
}
const seconds = (performance.now() - start) / 1000
console.log(
  `\nmodel speed: ${Math.round(posts / seconds)} posts/s (${((seconds * 1e6) / posts).toFixed(1)} µs a post of ${Math.round(chars / posts)} characters on average, ${((seconds * 1e8) / chars).toFixed(1)} µs per 100 characters; text and jieba words given)`,
)
streamSpeed()

/**
 * The model on real stream posts (longer than the labelled ones): the cost the analyzer pays per
 * post, given what the analyzer gives it (the poster's own words, or a bare repost's chain, with
 * the emoticons; jieba's words without whitespace), and given whole posts. CPU time of the process,
 * the median of five passes: the machine is shared, and wall time counts the others' work.
 */
function streamSpeed(): void {
  const lines = readStreamLines()
    ?.filter((l) => l.trim() !== '')
    .slice(0, 20_000)
  if (!lines) {
    console.log(`stream speed: ${streamFile} is absent; not measured`)
    return
  }
  const cutter = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon', phrases: false })
  const posts = (texts: string[]) => texts.map((text) => ({ text, tokens: words(cutter.cut(text)) }))
  const whole = lines.map((line) => normalizeText((JSON.parse(line) as { text: string }).text))
  const asAnalyzed = posts(
    whole.map((text) => {
      const parts = splitPost(text)
      return (parts.own || parts.repostChain) + parts.emoticons.join('')
    }),
  )
  for (const [name, stream] of [['as the analyzer gives them', asAnalyzed], ['whole posts', posts(whole)]] as const) {
    for (const p of stream) model.classify(p.text, p.tokens)
    const passes: number[] = []
    for (let pass = 0; pass < 5; pass++) {
      const begin = process.cpuUsage()
      for (const p of stream) model.classify(p.text, p.tokens)
      const used = process.cpuUsage(begin)
      passes.push((used.user + used.system) / stream.length)
    }
    passes.sort((a, b) => a - b)
    const mean = stream.reduce((n, p) => n + p.text.length, 0) / stream.length
    console.log(`model speed on ${stream.length} stream posts (weibo-stream-2020), ${name}, ${Math.round(mean)} characters on average: ${(passes[2] ?? 0).toFixed(1)} µs a post (CPU time, median of 5 passes)`)
  }
}

function f(value: number, width: number): string {
  return value.toFixed(3).padStart(width)
}

/** What the lexicon scorer is given in the analyzer: tokens without whitespace. */
function words(tokens: readonly string[]): string[] {
  return tokens.filter((t) => t.trim() !== '')
}

/** Multinomial naive Bayes over the character bigrams of the text, add-one smoothing. */
function characterBigramBayes(examples: readonly Example[]): (text: string) => SentimentLabel {
  const bigrams = (text: string): string[] => {
    const chars = [...text]
    return chars.slice(1).map((c, i) => `${chars[i] ?? ''}${c}`)
  }
  const counts = LABELS.map(() => new Map<string, number>())
  const totals = LABELS.map(() => 0)
  const documents = LABELS.map(() => 0)
  const vocabulary = new Set<string>()
  for (const e of examples) {
    const c = LABELS.indexOf(e.label)
    const table = counts[c] as Map<string, number>
    documents[c] = (documents[c] ?? 0) + 1
    for (const b of bigrams(e.text)) {
      table.set(b, (table.get(b) ?? 0) + 1)
      totals[c] = (totals[c] ?? 0) + 1
      vocabulary.add(b)
    }
  }
  return (text) => {
    let best = 0
    let bestLog = -Infinity
    LABELS.forEach((_, c) => {
      const table = counts[c] as Map<string, number>
      const denominator = (totals[c] ?? 0) + vocabulary.size
      let log = Math.log((documents[c] ?? 0) / examples.length)
      for (const b of bigrams(text)) log += Math.log(((table.get(b) ?? 0) + 1) / denominator)
      if (log > bestLog) {
        bestLog = log
        best = c
      }
    })
    return LABELS[best] ?? 'neutral'
  }
}
