import type { Sentiment } from '@yuqing/core'
import type { SentimentLexicon } from './dictionaries.ts'
import type { SentimentModel } from './sentiment-model.ts'

/**
 * Rule-based sentiment: lexicon words over the tokens, flipped by a negation and scaled by a
 * degree word in the two tokens before them. The baseline the trained model is measured against,
 * and its fallback where the model hardly leans.
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

/**
 * The analyzer's sentiment: the trained model where it leans clearly (|score| ≥ 0.25); where it
 * hardly leans, the lexicon decides if it finds an opinion word (停水, 点赞), else the post is
 * neutral. The model learnt from short Weibo posts, not forum complaints; the lexicon covers
 * some of what it misses.
 */
export function createSentimentScorer(model: SentimentModel | undefined, lexicon: SentimentLexicon) {
  return (text: string, tokens: readonly string[]): Sentiment => {
    const rules = scoreSentiment(tokens, lexicon)
    if (!model) return rules
    const s = model.classify(text, tokens)
    if (Math.abs(s.score) >= 0.25) return s
    if (rules.label !== 'neutral') return { label: rules.label, score: Math.round(((s.score + rules.score) / 2) * 1000) / 1000 }
    return { label: 'neutral', score: s.score }
  }
}
