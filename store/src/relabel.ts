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

/** Does this post carry a person's own label: a correction that names no original (see followOriginal)? */
export const ownLabel = (post: Labelled): boolean => post.corrected != null && post.corrected.of == null

/**
 * Does a person's `label` for a post change what is stored? For an original, when it is another
 * label; for a near-duplicate, also when it carries no label of its own yet (it follows its
 * original, or would follow its next relabel): the person's choice makes it theirs.
 */
export function relabels(post: Labelled, label: SentimentLabel, copy: boolean): boolean {
  return label !== post.label || (copy && !ownLabel(post))
}

/**
 * A person's `label` for a post: the analyzer's label stays beside it, and for an original going
 * back to it removes the correction. A near-duplicate (`copy`) keeps a person's label as a
 * correction whatever they choose, its analyzer's included, so that it follows its original no
 * more: a repost wave is one text, but the person looked at this one.
 */
export function relabel(post: Labelled, label: SentimentLabel, by: string, at: string, copy: boolean): Relabel {
  const was = post.corrected?.was ?? post.label
  return { label, corrected: label === was && !copy ? null : { by, at, was } }
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
  if (ownLabel(copy)) return undefined
  const was = copy.corrected?.was ?? copy.label
  const by = original.corrected
  const next: Relabel = by ? { label: original.label, corrected: original.label === was ? null : { by: by.by, at: by.at, was, of } } : { label: was, corrected: null }
  return next.label === copy.label ? undefined : next
}

/** The sentiment as a stored post shows it: the correction only when there is one. */
export function sentimentOf(score: number, { label, corrected }: Relabel): StoredPost['sentiment'] {
  return corrected ? { score, label, corrected } : { score, label }
}
