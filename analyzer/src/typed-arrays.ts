/** The values of `a` in an array twice as long, the rest zero: for typed arrays grown as they fill. */
export function growInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}
