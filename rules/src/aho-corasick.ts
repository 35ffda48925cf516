import { foldCode } from './fold.ts'

/**
 * Aho-Corasick over UTF-16 code units: every literal of every rule found in one pass over a post,
 * overlapping ones included (诈骗 inside 电信诈骗), whatever the number of rules.
 */
export class Automaton {
  private readonly next: Map<number, number>[] = [new Map()]
  private readonly fail: number[] = [0]
  /** Literal ids ending at each state, those of its suffix states included. */
  private readonly out: number[][] = [[]]

  /** `literals` are already folded (see fold.ts); their index is their id. */
  constructor(literals: readonly string[]) {
    literals.forEach((literal, id) => {
      let state = 0
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i)
        const transitions = this.next[state] ?? new Map<number, number>()
        let target = transitions.get(code)
        if (target === undefined) {
          target = this.next.length
          this.next.push(new Map())
          this.fail.push(0)
          this.out.push([])
          transitions.set(code, target)
        }
        state = target
      }
      this.out[state]?.push(id)
    })
    this.link()
  }

  private link(): void {
    const queue: number[] = [...(this.next[0]?.values() ?? [])]
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0
      for (const [code, target] of this.next[state] ?? []) {
        let f = this.fail[state] ?? 0
        while (f !== 0 && !this.next[f]?.has(code)) f = this.fail[f] ?? 0
        const suffix = this.next[f]?.get(code)
        const fallback = suffix !== undefined && suffix !== target ? suffix : 0
        this.fail[target] = fallback
        this.out[target] = [...(this.out[target] ?? []), ...(this.out[fallback] ?? [])]
        queue.push(target)
      }
    }
  }

  /** Calls `found(id, end)` for every occurrence, by ascending end offset (exclusive). */
  scan(text: string, found: (id: number, end: number) => void): void {
    const next = this.next
    const fail = this.fail
    const out = this.out
    let state = 0
    for (let i = 0; i < text.length; i++) {
      const code = foldCode(text.charCodeAt(i))
      let target = next[state]?.get(code)
      while (target === undefined && state !== 0) {
        state = fail[state] ?? 0
        target = next[state]?.get(code)
      }
      state = target ?? 0
      const ids = out[state]
      if (ids && ids.length > 0) for (const id of ids) found(id, i + 1)
    }
  }
}
