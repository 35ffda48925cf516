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
 * The analyzer's sentiment: the trained model's, except where it knows none of the post's
 * features (another script, a post of symbols) or is torn between positive and negative (|score|
 * below the model file's `lexiconBelow`); there the lexicon decides. The model learnt from Weibo
 * posts about the epidemic, where a hospital notice leans one way or the other; the lexicon keeps
 * such posts of a local forum from being called on a coin toss. On Weibo itself the margin costs
 * macro-F1 (cross-validated: 0.755 without, 0.733 at 0.1; train-sentiment.ts prints the curve).
 */
export function createSentimentScorer(model: SentimentModel | undefined, lexicon: SentimentLexicon) {
  /** `scored`: the model's call when the caller made it already (token by token, see PostScorer). */
  return (text: string, tokens: readonly string[], states?: Int32Array, scored?: Sentiment): Sentiment => {
    if (!model) return scoreSentiment(tokens, lexicon)
    return withLexiconFallback(scored ?? model.classify(text, tokens, states), tokens, lexicon, model.lexiconBelow)
  }
}

/**
 * The sentiment of an official notice or news report (RawPost.official): the model's lean only
 * where the lexicon leans the same way, else neutral (the model's score kept). The model learnt
 * from netizens' posts, and reads a bureau's measured wording as a complaint or as praise: of the
 * demo county's 13 news items it called 9 negative (the Osmanthus festival's opening among them);
 * with the lexicon agreeing, 3 stay negative (a water cut, a fraud warning, traffic jams) and the
 * new hospital's opening positive.
 */
export function officialSentiment(s: Sentiment, tokens: readonly string[], lexicon: SentimentLexicon): Sentiment {
  if (s.label === 'neutral' || scoreSentiment(tokens, lexicon).label === s.label) return s
  return { label: 'neutral', score: s.score }
}

/** The model's sentiment `s`, or the lexicon's where the model knows nothing or is torn (|score| below `below`). */
export function withLexiconFallback(s: Sentiment, tokens: readonly string[], lexicon: SentimentLexicon, below: number): Sentiment {
  // {neutral, 0} is the model's "nothing I know": see createSentimentModel.
  const unknown = s.score === 0 && s.label === 'neutral'
  const torn = s.label !== 'neutral' && Math.abs(s.score) < below
  if (!unknown && !torn) return s
  const rules = scoreSentiment(tokens, lexicon)
  return rules.label === 'neutral' ? { label: 'neutral', score: s.score } : rules
}
