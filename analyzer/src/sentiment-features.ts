/**
 * Features of the sentiment classifier, the same in training and in use: character 1–3-grams of
 * the text (robust to segmentation errors in short posts), words, words under a negation (`n:`,
 * for up to three words after 不/没/别…), `!` and `?`, and emoticons.
 *
 * One walk over the post emits each feature as a prefix and up to three pieces; training joins
 * them into strings, the analyzer hashes them without building a string per feature.
 */
const NEGATORS = new Set(['不', '没', '没有', '未', '别', '无', '非', '不是', '并非', '不再', '从未', '毫无', '不太', '不够', '不会', '不能'])
const SKIP = /[\s\p{P}\p{S}]/u
/** Character n-grams are taken from this many characters at most: a long post's opening sets its tone. */
const MAX_CHARS = 400

type Emit = (prefix: string, a: string, b?: string, c?: string) => void

function walkFeatures(text: string, tokens: readonly string[], emoticons: readonly string[], emit: Emit): void {
  const chars: string[] = []
  for (const ch of text) {
    if (chars.length === MAX_CHARS) break
    if (!isSpace(ch.charCodeAt(0))) chars.push(ch)
  }
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i] as string
    emit('c:', a)
    if (i + 1 < chars.length) {
      const b = chars[i + 1] as string
      emit('b:', a, b)
      if (i + 2 < chars.length) emit('t:', a, b, chars[i + 2] as string)
    }
  }
  walkTokens(tokens, emoticons, emit)
}

/** Whitespace is no feature: space, tab, line breaks, the no-break and the ideographic space. */
function isSpace(code: number): boolean {
  return code <= 32 || code === 0x3000 || code === 0xa0
}

function walkTokens(tokens: readonly string[], emoticons: readonly string[], emit: Emit): void {
  let negated = 0
  for (const token of tokens) {
    if (SKIP.test(token) && token.length === 1) {
      // A clause ends at punctuation, and so does a negation's reach.
      negated = 0
      if (token === '!' || token === '?') emit('p:', token)
      continue
    }
    if (NEGATORS.has(token)) {
      negated = 3
      emit('w:', token)
      continue
    }
    emit(negated > 0 ? 'n:' : 'w:', token)
    if (negated > 0) negated--
  }
  for (const e of emoticons) emit('e:', e)
}

export function sentimentFeatures(text: string, tokens: readonly string[], emoticons: readonly string[] = []): string[] {
  const out: string[] = []
  walkFeatures(text, tokens, emoticons, (prefix, a, b = '', c = '') => out.push(prefix + a + b + c))
  return out
}

/** 53-bit hash of a feature string: two FNV-1a runs; what `featureHashes` computes piece by piece. */
export function featureHash(feature: string): number {
  return finish(feed(feature, SEED_A, SEED_B))
}

/**
 * Calls `visit` with the hash of each feature, in the order of `sentimentFeatures`, as
 * `featureHash` would give for its string. Character n-grams are hashed straight from the text's
 * code units (this runs for every post; no string or closure per n-gram).
 */
export function featureHashes(text: string, tokens: readonly string[], emoticons: readonly string[], visit: (hash: number) => void): void {
  // Code points as [start, end) ranges of code units, whitespace skipped, as walkFeatures reads them.
  const starts: number[] = []
  const ends: number[] = []
  for (let i = 0; i < text.length && starts.length < MAX_CHARS; ) {
    const code = text.charCodeAt(i)
    const low = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
    const width = code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1
    if (!isSpace(code)) {
      starts.push(i)
      ends.push(i + width)
    }
    i += width
  }
  /** The hash of characters first…last after a prefix's state. */
  const run = (state: readonly [number, number], first: number, last: number): number => {
    let a = state[0]
    let b = state[1]
    for (let j = first; j <= last; j++) {
      for (let u = starts[j] as number; u < (ends[j] as number); u++) {
        const c = text.charCodeAt(u)
        a = Math.imul(a ^ c, FNV_PRIME)
        b = Math.imul(b ^ c, FNV_PRIME)
      }
    }
    return finish([a, b])
  }
  const n = starts.length
  for (let i = 0; i < n; i++) {
    visit(run(C_STATE, i, i))
    if (i + 1 < n) visit(run(B_STATE, i, i + 1))
    if (i + 2 < n) visit(run(T_STATE, i, i + 2))
  }
  walkTokens(tokens, emoticons, (prefix, a, b, c) => {
    const start = prefixStates.get(prefix) ?? feed(prefix, SEED_A, SEED_B)
    let state = feed(a, start[0], start[1])
    if (b !== undefined) state = feed(b, state[0], state[1])
    if (c !== undefined) state = feed(c, state[0], state[1])
    visit(finish(state))
  })
}

const FNV_PRIME = 0x01000193
const SEED_A = 0x811c9dc5
const SEED_B = 0x9747b28c
const pair: [number, number] = [0, 0]

function feed(s: string, a: number, b: number): [number, number] {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    a = Math.imul(a ^ code, FNV_PRIME)
    b = Math.imul(b ^ code, FNV_PRIME)
  }
  pair[0] = a
  pair[1] = b
  return pair
}

/** The hash state after each prefix, computed once. */
const prefixStates = new Map<string, readonly [number, number]>(
  ['c:', 'b:', 't:', 'w:', 'n:', 'p:', 'e:'].map((p) => {
    const [a, b] = feed(p, SEED_A, SEED_B)
    return [p, [a, b] as const]
  }),
)

const state = (prefix: string): readonly [number, number] => prefixStates.get(prefix) ?? [SEED_A, SEED_B]
const C_STATE = state('c:')
const B_STATE = state('b:')
const T_STATE = state('t:')

function finish([a, b]: readonly [number, number]): number {
  return (a >>> 0) * 2_097_152 + ((b >>> 0) >>> 11)
}
