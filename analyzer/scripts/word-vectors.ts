/**
 * Word vectors learnt from unlabelled posts (stream-posts.ts), for the sentiment model: positive
 * pointwise mutual information (PPMI) of words within a few words of each other, reduced by a
 * truncated SVD (randomized, seeded), each word's row U·S^power scaled to length 1. Words that share
 * their neighbours get close vectors, so the model can weigh a word the labelled posts never showed
 * by the company it keeps. Deterministic: the same posts give the same vectors.
 */
import { featureHash, isBreakCode, KIND } from '../src/sentiment-features.ts'
import { seeded } from './sentiment-data.ts'
import type { ExtraInputs } from './softmax.ts'

export interface VectorOptions {
  /** Words seen fewer times are left out (their neighbours are too few to tell). */
  minCount: number
  /** At most this many words, the most frequent. */
  cap: number
  /** Words at most this far apart count as neighbours. */
  window: number
  dims: number
  /** Rows are U·S^power: 0.5 shares the singular values between words and contexts. */
  power: number
}

export const defaultVectorOptions: VectorOptions = { minCount: 5, cap: 40_000, window: 4, dims: 100, power: 0.5 }

/** Extra columns the randomized SVD samples beyond `dims`, so that the leading ones come out right (Halko et al., 2011). */
const OVERSAMPLE = 20
const POWER_ITERATIONS = 3
const SVD_SEED = 99
const JACOBI_SWEEPS = 30

const isWord = (token: string): boolean => token.trim() !== '' && !isBreakCode(token.charCodeAt(0))

export function wordVectors(posts: readonly (readonly string[])[], options: VectorOptions = defaultVectorOptions): { words: string[]; vectors: Float64Array[] } {
  const words = vocabularyOf(posts, options)
  if (words.length < options.dims) throw new Error(`word vectors: ${words.length} words seen at least ${options.minCount} times, fewer than the ${options.dims} dimensions asked for`)
  const matrix = cooccurrences(posts, words, options.window)
  toPpmi(matrix)
  const { u, sigma } = truncatedSvd(matrix, options.dims)
  const vectors = words.map((_, i) => {
    const row = new Float64Array(options.dims)
    for (let d = 0; d < options.dims; d++) row[d] = (u[i * options.dims + d] ?? 0) * (sigma[d] ?? 0) ** options.power
    const norm = Math.sqrt(row.reduce((sum, v) => sum + v * v, 0)) || 1
    // Four decimals: the last bits of the SVD need not reach the model.
    return row.map((v) => Math.round((v / norm) * 1e4) / 1e4)
  })
  return { words, vectors }
}

/**
 * The model's extra inputs from word vectors: a word feature adds its word's vector, a negated word
 * feature (`n` + word) the same vector in a block of its own (不满意 is not 满意), each times `gamma`.
 */
export function wordVectorInputs(words: readonly string[], vectors: readonly Float64Array[], dims: number, gamma: number): ExtraInputs {
  const byHash = new Map<number, { offset: number; vector: Float64Array }>()
  words.forEach((word, i) => {
    const vector = vectors[i] ?? new Float64Array(dims)
    byHash.set(featureHash(KIND.word + word), { offset: 0, vector })
    byHash.set(featureHash(KIND.negated + word), { offset: dims, vector })
  })
  return { byHash, dims: 2 * dims, gamma }
}

/** The words seen at least `minCount` times, most frequent first (ties by the word: the same order on every machine). */
function vocabularyOf(posts: readonly (readonly string[])[], { minCount, cap }: VectorOptions): string[] {
  const counts = new Map<string, number>()
  for (const post of posts) for (const token of post) if (isWord(token)) counts.set(token, (counts.get(token) ?? 0) + 1)
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, cap)
    .map(([word]) => word)
}

/** A symmetric sparse matrix over the words, row by row (compressed sparse rows). */
interface SparseRows {
  size: number
  rowStart: Int32Array
  col: Int32Array
  val: Float64Array
}

/**
 * How often each two words stand within `window` words of each other (punctuation skipped, a word
 * outside the vocabulary kept as a gap), both ways round.
 */
function cooccurrences(posts: readonly (readonly string[])[], words: readonly string[], window: number): SparseRows {
  const size = words.length
  const id = new Map(words.map((w, i) => [w, i]))
  // Each pair as one number, row * size + column (40,000² fits in 32 bits): sorted, equal pairs sit together.
  let keys = new Uint32Array(1 << 24)
  let n = 0
  for (const post of posts) {
    const ids: number[] = []
    for (const token of post) if (isWord(token)) ids.push(id.get(token) ?? -1)
    for (let a = 0; a < ids.length; a++) {
      const i = ids[a] ?? -1
      if (i < 0) continue
      for (let b = a + 1; b <= a + window && b < ids.length; b++) {
        const j = ids[b] ?? -1
        if (j < 0) continue
        if (n + 2 > keys.length) {
          const more = new Uint32Array(keys.length * 2)
          more.set(keys)
          keys = more
        }
        keys[n++] = i * size + j
        keys[n++] = j * size + i
      }
    }
  }
  const pairs = keys.subarray(0, n).sort()
  const rowStart = new Int32Array(size + 1)
  const col: number[] = []
  const val: number[] = []
  for (let k = 0; k < n; ) {
    const key = pairs[k] ?? 0
    let m = 0
    while (k < n && pairs[k] === key) {
      k++
      m++
    }
    const i = Math.floor(key / size)
    rowStart[i + 1] = (rowStart[i + 1] ?? 0) + 1
    col.push(key - i * size)
    val.push(m)
  }
  for (let i = 0; i < size; i++) rowStart[i + 1] = (rowStart[i + 1] ?? 0) + (rowStart[i] ?? 0)
  return { size, rowStart, col: Int32Array.from(col), val: Float64Array.from(val) }
}

/** Counts to max(0, log(p(i, j) / (p(i)·p(j)))), in place: how much more often than chance two words meet. */
function toPpmi({ size, rowStart, col, val }: SparseRows): void {
  const rowSum = new Float64Array(size)
  let total = 0
  for (let i = 0; i < size; i++) {
    for (let k = rowStart[i] ?? 0; k < (rowStart[i + 1] ?? 0); k++) {
      rowSum[i] = (rowSum[i] ?? 0) + (val[k] ?? 0)
      total += val[k] ?? 0
    }
  }
  for (let i = 0; i < size; i++) {
    for (let k = rowStart[i] ?? 0; k < (rowStart[i + 1] ?? 0); k++) {
      val[k] = Math.max(0, Math.log(((val[k] ?? 0) * total) / ((rowSum[i] ?? 0) * (rowSum[col[k] ?? 0] ?? 0))))
    }
  }
}

/**
 * The leading `dims` singular vectors and values of a symmetric matrix M, by randomized range finding
 * (Halko, Martinsson and Tropp, 2011): a seeded Gaussian block pushed through M a few times and
 * orthonormalised gives Q spanning M's leading directions; the eigenvectors E of (MQ)ᵀ(MQ), a small
 * matrix, turn Q into U = QE and its eigenvalues are the squared singular values. `u` is row-major,
 * `dims` a row.
 */
function truncatedSvd(matrix: SparseRows, dims: number): { u: Float64Array; sigma: Float64Array } {
  const size = matrix.size
  const L = Math.min(dims + OVERSAMPLE, size)
  const random = seeded(SVD_SEED)
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random())
  let Q: Float64Array = new Float64Array(size * L).map(() => gauss())
  for (let q = 0; q < POWER_ITERATIONS; q++) Q = orthonormalise(multiply(matrix, Q, L), L)
  const MQ = multiply(matrix, Q, L)
  const C = new Float64Array(L * L)
  for (let i = 0; i < size; i++) {
    for (let a = 0; a < L; a++) {
      const x = MQ[i * L + a] ?? 0
      if (x === 0) continue
      for (let b = a; b < L; b++) C[a * L + b] = (C[a * L + b] ?? 0) + x * (MQ[i * L + b] ?? 0)
    }
  }
  for (let a = 0; a < L; a++) for (let b = 0; b < a; b++) C[a * L + b] = C[b * L + a] ?? 0
  const E = jacobiEigen(C, L)
  const order = Array.from({ length: L }, (_, a) => a).sort((a, b) => (C[b * L + b] ?? 0) - (C[a * L + a] ?? 0))
  const sigma = Float64Array.from(order.slice(0, dims), (a) => Math.sqrt(Math.max(0, C[a * L + a] ?? 0)))
  const u = new Float64Array(size * dims)
  for (let i = 0; i < size; i++) {
    for (let d = 0; d < dims; d++) {
      const a = order[d] ?? 0
      let s = 0
      for (let c = 0; c < L; c++) s += (Q[i * L + c] ?? 0) * (E[c * L + a] ?? 0)
      u[i * dims + d] = s
    }
  }
  return { u, sigma }
}

/** M·X for X of `width` columns, row-major. */
function multiply({ size, rowStart, col, val }: SparseRows, X: Float64Array, width: number): Float64Array {
  const Y = new Float64Array(size * width)
  for (let i = 0; i < size; i++) {
    const yo = i * width
    for (let k = rowStart[i] ?? 0; k < (rowStart[i + 1] ?? 0); k++) {
      const v = val[k] ?? 0
      if (v === 0) continue
      const xo = (col[k] ?? 0) * width
      for (let c = 0; c < width; c++) Y[yo + c] = (Y[yo + c] ?? 0) + v * (X[xo + c] ?? 0)
    }
  }
  return Y
}

/** Gram–Schmidt over the `width` columns of Y, in place. */
function orthonormalise(Y: Float64Array, width: number): Float64Array {
  const rows = Y.length / width
  for (let c = 0; c < width; c++) {
    for (let d = 0; d < c; d++) {
      let dot = 0
      for (let i = 0; i < rows; i++) dot += (Y[i * width + c] ?? 0) * (Y[i * width + d] ?? 0)
      for (let i = 0; i < rows; i++) Y[i * width + c] = (Y[i * width + c] ?? 0) - dot * (Y[i * width + d] ?? 0)
    }
    let norm = 0
    for (let i = 0; i < rows; i++) norm += (Y[i * width + c] ?? 0) ** 2
    norm = Math.sqrt(norm) || 1
    for (let i = 0; i < rows; i++) Y[i * width + c] = (Y[i * width + c] ?? 0) / norm
  }
  return Y
}

/**
 * Cyclic Jacobi rotations on the symmetric L×L matrix C, in place: C ends (nearly) diagonal with the
 * eigenvalues; returns the eigenvectors as the columns of E.
 */
function jacobiEigen(C: Float64Array, L: number): Float64Array {
  const E = new Float64Array(L * L)
  for (let a = 0; a < L; a++) E[a * L + a] = 1
  const rotate = (M: Float64Array, x: number, y: number, cs: number, sn: number) => {
    const mx = M[x] ?? 0
    const my = M[y] ?? 0
    M[x] = cs * mx - sn * my
    M[y] = sn * mx + cs * my
  }
  for (let sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
    let off = 0
    for (let p = 0; p < L; p++) for (let q = p + 1; q < L; q++) off += (C[p * L + q] ?? 0) ** 2
    if (off < 1e-18) break
    for (let p = 0; p < L; p++) {
      for (let q = p + 1; q < L; q++) {
        const apq = C[p * L + q] ?? 0
        if (Math.abs(apq) < 1e-300) continue
        const theta = ((C[q * L + q] ?? 0) - (C[p * L + p] ?? 0)) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const cs = 1 / Math.sqrt(t * t + 1)
        const sn = t * cs
        for (let k = 0; k < L; k++) rotate(C, k * L + p, k * L + q, cs, sn)
        for (let k = 0; k < L; k++) rotate(C, p * L + k, q * L + k, cs, sn)
        for (let k = 0; k < L; k++) rotate(E, k * L + p, k * L + q, cs, sn)
      }
    }
  }
  return E
}
