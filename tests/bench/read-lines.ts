import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'

/** The first `limit` non-empty lines of a gzip file, streamed. */
export async function* readGzipLines(file: string, limit: number): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip())
  let n = 0
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue
    yield line
    if (++n >= limit) {
      input.destroy()
      return
    }
  }
}

/** Counts of why lines were skipped, a reason's numbers and parenthesis left out so like ones add up. */
export class SkipTally extends Map<string, number> {
  add(error: string): void {
    const reason = error.replace(/\d+ of \d+/, 'N of M').replace(/ \(.*$/, '')
    this.set(reason, (this.get(reason) ?? 0) + 1)
  }

  override toString(): string {
    return [...this].map(([reason, n]) => `${n} skipped: ${reason}`).join('; ') || 'none skipped'
  }
}
