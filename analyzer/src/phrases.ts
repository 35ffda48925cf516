import { growInt32 } from './typed-arrays.ts'

/**
 * Phrases learnt from the stream: two terms that stand next to each other far more often than
 * chance (核酸 + 检测, 方舱 + 医院) become one term, so the board shows 核酸检测 rather than two
 * halves that always rise together. A pair is accepted when it has been seen `minCount` times,
 * between `minContexts` different neighbours on each side, its pointwise mutual information is at
 * least `minPmi` bits, and it makes up at least `minShare` of the rarer word's occurrences (the word
 * mostly lives inside the phrase).
 */
export interface PhraseOptions {
  minCount?: number
  /**
   * Different tokens the pair must be seen after, and different tokens it must be seen before, 1 to
   * 3 each. A phrase people write turns up in sentences of all kinds (做核酸检测, 核酸检测结果); two
   * words of one viral sentence stand between the same neighbours in every copy of it, however the
   * reposters change the rest (门把手 + 测出 in 门把手测出新冠病毒, 湖北 + 寄往). Both sides: the
   * sentence's first pair follows whatever each reposter wrote, its last pair precedes whatever
   * came after.
   */
  minContexts?: number
  minPmi?: number
  minShare?: number
  /**
   * Words never joined into a phrase, first or second: verbs that report or count. A name and the
   * verb after it stand together in a week of headlines (教育部 + 回应, 83 times on the Weibo
   * stream; 李兰娟 + 回应, 101), and so do the verb and what follows it (宣布 + 进入, 227; 超过 +
   * 中国, 104), often enough to pass every test above, but they name nothing: the name is the hot word.
   */
  loneWords?: Iterable<string>
  /** Accepted phrases are recomputed after this many posts, not per post. */
  refreshEvery?: number
  /** Bound on the pairs counted; the rarest are dropped beyond it. */
  maxPairs?: number
  /**
   * Learn from one post in this many. Counts shrink evenly, so mutual information and shares are
   * unchanged, while the cost of counting falls; `minCount` applies to the sampled counts.
   */
  sampleEvery?: number
}

/** The default `loneWords`: verbs that report (回应, 宣布) or count (超过, 增至). */
const REPORTING_VERBS: readonly string[] = ['回应', '宣布', '表示', '声称', '透露', '指出', '强调', '通报', '发文', '发声', '回复', '证实', '否认', '承认', '涉嫌', '超过', '增至', '升至', '降至', '达到']

export interface Phrase {
  phrase: string
  parts: [string, string]
  count: number
  pmi: number
}

/** Texts remembered for de-duplication; the set starts afresh beyond it (a day of a busy stream). */
const RECENT_TEXTS = 200_000

/**
 * 32-bit FNV-1a of a text: equal texts, equal keys; a rare collision only skips one post. Signed,
 * so that V8 keeps it a small integer in the Set rather than boxing half of them as doubles.
 */
function textHash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h | 0
}

/** The hash of a neighbouring token, never 0; the start or end of the post hashes as the empty token. */
function neighbourHash(token: string | undefined): number {
  return textHash(token ?? '') || 1
}

/** Do `a` and `b` accept the same pairs (whatever their counts)? */
function samePairs(a: Map<string, Map<string, Phrase>>, b: Map<string, Map<string, Phrase>>): boolean {
  if (a.size !== b.size) return false
  for (const [first, after] of a) {
    const other = b.get(first)
    if (other === undefined || other.size !== after.size) return false
    for (const second of after.keys()) if (!other.has(second)) return false
  }
  return true
}

/**
 * The pairs counted, by the ids of their two words, in flat typed arrays: open addressing over the
 * pair of ids, and for each pair its count and the neighbours it was seen between (for the tokens
 * before it, then for those after it: how many different ones, counted up to `minContexts`, and
 * the first two as hashes, to tell a new one from them). Beyond `maxPairs` (300,000) pairs, a
 * refresh drops those counted once; held as a Map of Maps of objects, each with a small typed array
 * of its own, they kept 16 MB more (74.0 MB against 57.6 for the whole analyzer after 129,713
 * Weibo posts).
 */
class PairTable {
  /** Per slot: first id + 1 (0: empty), second id. */
  keys = new Int32Array(2 << 12)
  counts = new Int32Array(1 << 12)
  /** Per slot: [before: count, first, second, after: count, first, second]. */
  sides = new Int32Array(6 << 12)
  size = 0
  #bits = 12

  /** The slot of the pair (a, b), added with a count of 0 when it is new. */
  slotOf(a: number, b: number): number {
    if ((this.size + 1) * 2 > 1 << this.#bits) this.#resize(this.#bits + 1)
    const slot = this.#probe(a, b)
    if (slot >= 0) return slot
    const free = -slot - 1
    this.keys[free * 2] = a + 1
    this.keys[free * 2 + 1] = b
    this.size++
    return free
  }

  /** The slot of the pair (a, b), or −1 when it is not counted. */
  find(a: number, b: number): number {
    return Math.max(-1, this.#probe(a, b))
  }

  /** The slot of the pair (a, b), or −1 − the empty slot where it would go. */
  #probe(a: number, b: number): number {
    const keys = this.keys
    const mask = (1 << this.#bits) - 1
    for (let slot = pairSlot(a, b, this.#bits); ; slot = (slot + 1) & mask) {
      const first = keys[slot * 2] as number
      if (first === 0) return -slot - 1
      if (first === a + 1 && keys[slot * 2 + 1] === b) return slot
    }
  }

  /**
   * Keeps only the pairs counted more than once, in place: a refresh may do this every time once
   * more than `maxPairs` pairs are counted twice, and a new table of that size each time would be
   * some 36 MB.
   */
  dropSingles(): void {
    // A removal may move a later pair into the slot: the slot is looked at again.
    for (let slot = 0; slot < this.counts.length; ) {
      if (this.keys[slot * 2] !== 0 && (this.counts[slot] as number) <= 1) this.#remove(slot)
      else slot++
    }
  }

  /**
   * Empties a slot, and moves back into it the pairs after it that their probes would no longer
   * reach across the gap (deletion by backward shift: linear probing needs no tombstones).
   */
  #remove(slot: number): void {
    const { keys, counts, sides } = this
    const mask = counts.length - 1
    let hole = slot
    for (let at = (slot + 1) & mask; keys[at * 2] !== 0; at = (at + 1) & mask) {
      const home = pairSlot((keys[at * 2] as number) - 1, keys[at * 2 + 1] as number, this.#bits)
      // The pair may fill the hole when its probe starts at or before the hole (cyclically).
      if (((at - home) & mask) < ((at - hole) & mask)) continue
      keys[hole * 2] = keys[at * 2] as number
      keys[hole * 2 + 1] = keys[at * 2 + 1] as number
      counts[hole] = counts[at] as number
      for (let w = 0; w < 6; w++) sides[hole * 6 + w] = sides[at * 6 + w] as number
      hole = at
    }
    keys[hole * 2] = 0
    keys[hole * 2 + 1] = 0
    counts[hole] = 0
    sides.fill(0, hole * 6, hole * 6 + 6)
    this.size--
  }

  #resize(bits: number): void {
    const { keys: oldKeys, counts: oldCounts, sides: oldSides } = this
    this.keys = new Int32Array(2 << bits)
    this.counts = new Int32Array(1 << bits)
    this.sides = new Int32Array(6 << bits)
    this.#bits = bits
    this.size = 0
    const mask = (1 << bits) - 1
    for (let from = 0; from < oldCounts.length; from++) {
      const first = oldKeys[from * 2] as number
      if (first === 0) continue
      const second = oldKeys[from * 2 + 1] as number
      let slot = pairSlot(first - 1, second, bits)
      while (this.keys[slot * 2] !== 0) slot = (slot + 1) & mask
      this.keys[slot * 2] = first
      this.keys[slot * 2 + 1] = second
      this.counts[slot] = oldCounts[from] as number
      for (let w = 0; w < 6; w++) this.sides[slot * 6 + w] = oldSides[from * 6 + w] as number
      this.size++
    }
  }
}

function pairSlot(a: number, b: number, bits: number): number {
  return Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x85ebca6b) >>> (32 - bits)
}

export class PhraseMiner {
  readonly #options: Required<Omit<PhraseOptions, 'loneWords'>>
  readonly #loneWords: ReadonlySet<string>
  /**
   * The terms counted, by id: a caller that hands in the same string objects for the same words
   * (the analyzer does) finds each by identity, its hash kept in the string.
   */
  readonly #ids = new Map<string, number>()
  readonly #words: string[] = []
  #unigrams = new Int32Array(1 << 12)
  readonly #pairs = new PairTable()
  /**
   * The pairs counted `minCount` times or more, in the order they got there (first id, second id):
   * the only ones a refresh need look at (a few thousand of the hundreds of thousands counted).
   */
  #candidates = new Int32Array(256)
  #candidateCount = 0
  #total = 0
  #posts = 0
  /** Accepted phrases by first word, then second. */
  #accepted = new Map<string, Map<string, Phrase>>()
  #seen = 0
  #version = 0
  /** Hashes of the texts counted lately: a repost wave of one text counts once. */
  #recentTexts = new Set<number>()
  #forgotten = 0

  constructor(options: PhraseOptions = {}) {
    const { loneWords = REPORTING_VERBS, ...counts } = options
    this.#options = { minCount: 8, minContexts: 3, minPmi: 4, minShare: 0.3, refreshEvery: 500, maxPairs: 300_000, sampleEvery: 1, ...counts }
    this.#loneWords = new Set(loneWords)
    const { minContexts } = this.#options
    if (!Number.isInteger(minContexts) || minContexts < 1 || minContexts > 3) throw new RangeError(`minContexts must be 1, 2 or 3, got ${minContexts}`)
  }

  /**
   * Counts the terms of one post and their adjacent pairs (when this post is in the sample). A text
   * seen lately is not counted again: otherwise a headline reposted a hundred times makes phrases
   * of its fragments (意大利宣布, 宣布进入) that no one writes. Only the first `length` tokens are
   * read (a caller may pass a scratch array longer than the post).
   */
  observe(tokens: readonly string[], isTerm: (token: string, index: number) => boolean, text?: string, length = tokens.length): void {
    if (text !== undefined) {
      const key = textHash(text)
      if (this.#recentTexts.has(key)) return
      if (this.#recentTexts.size >= RECENT_TEXTS) {
        this.#recentTexts.clear()
        this.#forgotten++
      }
      this.#recentTexts.add(key)
    }
    if (this.#seen++ % this.#options.sampleEvery !== 0) return
    const { minContexts } = this.#options
    const minCount = Math.max(1, this.#options.minCount)
    const pairs = this.#pairs
    let previous = -1
    for (let i = 0; i < length; i++) {
      const token = tokens[i] as string
      if (!isTerm(token, i)) {
        previous = -1
        continue
      }
      const id = this.#idOf(token)
      this.#unigrams[id] = (this.#unigrams[id] as number) + 1
      this.#total++
      if (previous >= 0) {
        const slot = pairs.slotOf(previous, id)
        noteNeighbours(pairs.sides, slot * 6, tokens[i - 2], i + 1 < length ? tokens[i + 1] : undefined, minContexts)
        const count = (pairs.counts[slot] as number) + 1
        pairs.counts[slot] = count
        if (count === minCount) this.#addCandidate(previous, id)
      }
      previous = id
    }
    if (++this.#posts % this.#options.refreshEvery === 0) this.refresh()
  }

  /** Joins accepted pairs in a token list (left to right, no overlap). */
  merge(tokens: readonly string[]): string[] {
    if (this.#accepted.size === 0) return [...tokens]
    const out: string[] = []
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string
      const next = tokens[i + 1]
      const phrase = next === undefined ? undefined : this.phraseOf(token, next)
      if (phrase !== undefined) {
        out.push(phrase)
        i++
      } else out.push(token)
    }
    return out
  }

  /**
   * Changes whenever the accepted phrases do (not their counts): a caller that marks the first words of phrases
   * (the analyzer does, in its token table) marks them again only after a change.
   */
  get version(): number {
    return this.#version
  }

  /**
   * Changes whenever the texts counted lately are forgotten. While it stays the same, observing a
   * text observed before counts nothing (a caller may then skip the call).
   */
  get textsForgotten(): number {
    return this.#forgotten
  }

  /** Is `token` the first word of an accepted phrase? */
  startsPhrase(token: string): boolean {
    return this.#accepted.has(token)
  }

  /** The first words of the accepted phrases. */
  firstWords(): IterableIterator<string> {
    return this.#accepted.keys()
  }

  /** The accepted phrase `first` + `second`, if they make one. */
  phraseOf(first: string, second: string): string | undefined {
    return this.#accepted.get(first)?.get(second)?.phrase
  }

  /** Recomputes the accepted phrases from the counts so far. */
  refresh(): void {
    const { minContexts, minPmi, minShare, maxPairs } = this.#options
    const accepted = new Map<string, Map<string, Phrase>>()
    const pairs = this.#pairs
    const candidates = this.#candidates
    for (let c = 0; c < this.#candidateCount; c++) {
      const ia = candidates[c * 2] as number
      const ib = candidates[c * 2 + 1] as number
      const slot = pairs.find(ia, ib)
      if (slot < 0) throw new Error(`PhraseMiner: candidate pair ${ia}, ${ib} is not in the pair table`)
      const a = this.#words[ia] as string
      const b = this.#words[ib] as string
      const count = pairs.counts[slot] as number
      if ((pairs.sides[slot * 6] as number) < minContexts || (pairs.sides[slot * 6 + 3] as number) < minContexts || this.#loneWords.has(a) || this.#loneWords.has(b)) continue
      const ca = this.#unigrams[ia] as number
      const cb = this.#unigrams[ib] as number
      const pmi = Math.log2((count * this.#total) / Math.max(1, ca * cb))
      if (pmi >= minPmi && count / Math.max(1, Math.min(ca, cb)) >= minShare) {
        let phrases = accepted.get(a)
        if (phrases === undefined) {
          phrases = new Map()
          accepted.set(a, phrases)
        }
        phrases.set(b, { phrase: a + b, parts: [a, b], count, pmi: Math.round(pmi * 100) / 100 })
      }
    }
    if (!samePairs(accepted, this.#accepted)) this.#version++
    this.#accepted = accepted
    if (pairs.size > maxPairs) {
      // Forget the pairs seen once: the long tail that never becomes a phrase. With minCount 1 a
      // pair is a candidate from its first sight; a forgotten one goes too.
      pairs.dropSingles()
      let kept = 0
      for (let c = 0; c < this.#candidateCount; c++) {
        const ia = candidates[c * 2] as number
        const ib = candidates[c * 2 + 1] as number
        if (pairs.find(ia, ib) < 0) continue
        candidates[kept * 2] = ia
        candidates[kept * 2 + 1] = ib
        kept++
      }
      this.#candidateCount = kept
    }
  }

  phrases(): Phrase[] {
    return [...this.#accepted.values()].flatMap((after) => [...after.values()]).sort((x, y) => y.count - x.count)
  }

  /** The id of a term, given on first sight. */
  #idOf(token: string): number {
    let id = this.#ids.get(token)
    if (id === undefined) {
      id = this.#words.length
      this.#ids.set(token, id)
      this.#words.push(token)
      if (id === this.#unigrams.length) this.#unigrams = growInt32(this.#unigrams)
    }
    return id
  }

  #addCandidate(a: number, b: number): void {
    if (this.#candidateCount * 2 === this.#candidates.length) this.#candidates = growInt32(this.#candidates)
    this.#candidates[this.#candidateCount * 2] = a
    this.#candidates[this.#candidateCount * 2 + 1] = b
    this.#candidateCount++
  }
}

/** Counts the neighbours of one sighting of a pair, in its sides from `at`, where they are new to it. */
function noteNeighbours(sides: Int32Array, at: number, before: string | undefined, after: string | undefined, limit: number): void {
  for (let side = at; side < at + 6; side += 3) {
    const count = sides[side] as number
    if (count >= limit) continue
    const h = neighbourHash(side === at ? before : after)
    if (count > 0 && (h === sides[side + 1] || (count > 1 && h === sides[side + 2]))) continue
    if (count < 2) sides[side + 1 + count] = h
    sides[side] = count + 1
  }
}
