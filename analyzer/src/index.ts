// Analysis of one post
export { createAnalyzer } from './analyzer.ts'
export type { Analyzer, AnalyzerOptions } from './analyzer.ts'
export { normalizeText, stripHtml } from './normalize.ts'
export { scoreSentiment } from './sentiment.ts'

// Aggregates
export { rankHotWords, hotWordBoard } from './hot-words.ts'
export type { TermCountSource } from './hot-words.ts'

// Dictionaries
export { bundledDictionary, loadSentimentLexicon, loadStopwords } from './dictionaries.ts'
export type { SentimentLexicon } from './dictionaries.ts'
