import type { SentimentLabel } from '@yuqing/core'
import type { SentimentCorrection, StoredPost } from './store.ts'

/** A post's label as stored: the analyzer's, or a person's with the analyzer's kept (see Store.correctSentiment). */
export interface Labelled {
  label: SentimentLabel
  corrected?: SentimentCorrection | null | undefined
}

/** A label to store, and its correction (null: the analyzer's label stands). */
export interface Relabel {
  label: SentimentLabel
  corrected: SentimentCorrection | null
}

/** Does this post carry its original's label (see followOriginal) rather than its own? */
export const follows = (post: Labelled): boolean => post.corrected?.of != null

/**
 * A person's `label` for a post: the analyzer's label stays beside it, and going back to it removes
 * the correction. A near-duplicate that carries its original's label becomes the person's own
 * call whatever they choose, the label it has or its analyzer's included: it stops following.
 */
export function relabel(post: Labelled, label: SentimentLabel, by: string, at: string): Relabel {
  const was = post.corrected?.was ?? post.label
  return { label, corrected: label === was && !follows(post) ? null : { by, at, was } }
}

/**
 * How a near-duplicate follows its original (`of`, as it stands after a relabel): a repost wave is
 * one text, so staff who relabel the original relabel its copies, those stored already and those
 * folded into it later; once the original's correction is removed, copies that followed it go back
 * to their own analyzer's label. A copy that a person relabelled on its own keeps that label.
 * Undefined: the copy stays as it is.
 */
export function followOriginal(copy: Labelled, original: Labelled, of: string): Relabel | undefined {
  // A copy's own correction (Elasticsearch keeps a cleared `of` as null).
  if (copy.corrected && !follows(copy)) return undefined
  const was = copy.corrected?.was ?? copy.label
  const by = original.corrected
  const next: Relabel = by ? { label: original.label, corrected: original.label === was ? null : { by: by.by, at: by.at, was, of } } : { label: was, corrected: null }
  return next.label === copy.label ? undefined : next
}

/** The sentiment as a stored post shows it: the correction only when there is one. */
export function sentimentOf(score: number, { label, corrected }: Relabel): StoredPost['sentiment'] {
  return corrected ? { score, label, corrected } : { score, label }
}
