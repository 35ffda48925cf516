/**
 * Case folding that keeps every UTF-16 offset where it was, so that spans found in the folded text
 * are spans of the post's own text. A character whose lower case is longer (İ → i̇) stays as it is.
 */
const FOLD = new Uint16Array(0x10000)
for (let c = 0; c < FOLD.length; c++) {
  const lower = String.fromCharCode(c).toLowerCase()
  FOLD[c] = lower.length === 1 ? lower.charCodeAt(0) : c
}

/** The folded code unit of `code` (a UTF-16 code unit). */
export function foldCode(code: number): number {
  return FOLD[code] ?? code
}

/** Folds text unit by unit: same length, same offsets. */
export function foldText(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(foldCode(text.charCodeAt(i)))
  return out
}

/**
 * A rule's word as it is compared with post text: NFKC (full-width Latin and digits to half-width,
 * as the analyzer does to posts), then folded.
 */
export function foldLiteral(text: string): string {
  return foldText(text.normalize('NFKC'))
}
