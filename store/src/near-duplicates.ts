/** Near-duplicate folding, the same in every store (see core's simhashBands and the BandIndex). */
import type { SentimentLabel } from '@yuqing/core'
import type { SentimentCorrection } from './store.ts'

/** Posts whose SimHashes differ in at most this many bits are near-duplicates. */
export const NEAR_DUPLICATE_BITS = 3
/** A copy is folded into an original at most this many days older. */
export const FOLD_WINDOW_DAYS = 30
/** A post without words hashes to zero; it is never folded. */
export const EMPTY_HASH = '0000000000000000'

/** A post's label as stored: the analyzer's, or a person's with the analyzer's kept (see Store.correctSentiment). */
interface Labelled {
  label: SentimentLabel
  corrected?: SentimentCorrection | undefined
}

/**
 * How a near-duplicate follows a relabel of its original (`of`): a repost wave is one text, so
 * staff who relabel the original relabel its copies, those stored already and those folded into it
 * later. A copy that a person relabelled on its own keeps that label. Undefined: nothing changes.
 */
export function followOriginal(copy: Labelled, relabel: { label: SentimentLabel; by: string; at: string }, of: string): { label: SentimentLabel; corrected: SentimentCorrection | null } | undefined {
  if ((copy.corrected && copy.corrected.of === undefined) || copy.label === relabel.label) return undefined
  const was = copy.corrected?.was ?? copy.label
  return { label: relabel.label, corrected: relabel.label === was ? null : { by: relabel.by, at: relabel.at, was, of } }
}
