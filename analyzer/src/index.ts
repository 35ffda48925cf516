// Analysis of one post
export { createAnalyzer } from './analyzer.ts'
export type { Analyzer, AnalyzerOptions } from './analyzer.ts'
export { normalizeText, stripHtml } from './normalize.ts'
export { maskPii } from './pii.ts'
export { scoreSentiment, createSentimentScorer } from './sentiment.ts'
export { loadSentimentModel, createSentimentModel, readSentimentModelFile, bundledSentimentModelFile } from './sentiment-model.ts'
export type { SentimentModel, SentimentModelFile } from './sentiment-model.ts'

// Phrases learnt from the stream
export { PhraseMiner } from './phrases.ts'
export type { Phrase, PhraseOptions } from './phrases.ts'

// Aggregates
export { rankHotWords, hotWordBoard } from './hot-words.ts'
export type { TermCountSource } from './hot-words.ts'

// Trend scoring and topic grouping (pure)
export { scoreTrends, poissonScore } from './trends.ts'
export type { ScoredTrend, TrendScoringOptions } from './trends.ts'
export { groupTopics, surelyNegative } from './topics.ts'
export type { Topic, TopicInput, TopicOptions } from './topics.ts'

// Trends and topics of a window
export { findTrends, findTopics, parseTrendWindow, windowRange } from './trend-query.ts'
export type { Trend, TrendWindow, TrendSource, TrendOptions, TopicQueryOptions, WindowTopic } from './trend-query.ts'
// Steady growth: terms whose share of the posts rose day after day
export { findRising, scoreRising } from './rising.ts'
export type { RisingOptions, RisingSource, RisingTerm } from './rising.ts'
// The user's places (words their dictionaries tag ns) that a day's posts mention
export { findPlaces } from './places.ts'
export type { PlaceOfDay, PlaceOptions, PlaceSource } from './places.ts'

// Dictionaries
export { bundledDictionary, loadSentimentLexicon, loadStopwords, mergeStopwordLists } from './dictionaries.ts'
export type { SentimentLexicon, MergedStopwords } from './dictionaries.ts'
