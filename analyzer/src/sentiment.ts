import type { Sentiment } from '@yuqing/core'
import type { SentimentLexicon } from './dictionaries.ts'
import type { SentimentClassifier } from './sentiment-classifier.ts'

/**
 * First sentiment score: lexicon words over the tokens, flipped by a negation and scaled by a
 * degree word in the two tokens before them. A trained classifier replaces it later; the lexicon
 * stays as the baseline it is measured against.
 */
export function scoreSentiment(tokens: readonly string[], lexicon: SentimentLexicon): Sentiment {
  let positive = 0
  let negative = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string
    let weight = lexicon.weights.get(token)
    if (weight === undefined) continue
    for (let back = 1; back <= 2 && i - back >= 0; back++) {
      const before = tokens[i - back] as string
      if (lexicon.negations.has(before)) weight = -weight * 0.8
      const degree = lexicon.degrees.get(before)
      if (degree !== undefined) weight *= degree
    }
    if (weight > 0) positive += weight
    else negative -= weight
  }
  const total = positive + negative
  // The +1 keeps a single mild word from making a post fully positive or negative.
  const score = total === 0 ? 0 : (positive - negative) / (total + 1)
  const label = score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral'
  return { score: Math.round(score * 1000) / 1000, label }
}

/** Does any token carry an opinion in the lexicon? */
export function hasOpinionWord(tokens: readonly string[], lexicon: SentimentLexicon): boolean {
  return tokens.some((t) => lexicon.weights.has(t))
}

/**
 * The analyzer's sentiment: the trained classifier, except that a post with no opinion word of the
 * lexicon and no emoticon is neutral when the classifier leans only slightly (|score| < 0.25). The
 * classifier learnt "neutral" from posts of surprise, not from notices, so a plain notice (开诊)
 * often leans one way a little. A higher threshold cost more on labelled posts than it gained
 * (pnpm eval:sentiment prints both).
 */
export function createSentimentScorer(classifier: SentimentClassifier | undefined, lexicon: SentimentLexicon) {
  return (tokens: readonly string[], emoticons: readonly string[]): Sentiment => {
    if (!classifier) return scoreSentiment(tokens, lexicon)
    const s = classifier.classify(tokens.join(''), tokens, emoticons)
    if (s.label !== 'neutral' && emoticons.length === 0 && Math.abs(s.score) < 0.25 && !hasOpinionWord(tokens, lexicon)) {
      return { label: 'neutral', score: s.score }
    }
    return s
  }
}
