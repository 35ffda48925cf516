/** Near-duplicate folding, the same in every store (see core's simhashBands and the BandIndex). */

/** Posts whose SimHashes differ in at most this many bits are near-duplicates. */
export const NEAR_DUPLICATE_BITS = 3
/** A copy is folded into an original at most this many days older. */
export const FOLD_WINDOW_DAYS = 30
/** A post without words hashes to zero; it is never folded. */
export const EMPTY_HASH = '0000000000000000'
