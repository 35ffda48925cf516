import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { kindOfReason } from '@yuqing/cli'

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

/** Counts of why lines were skipped, by kind of reason (see kindOfReason). */
export class SkipTally extends Map<string, number> {
  add(error: string): void {
    const reason = kindOfReason(error)
    this.set(reason, (this.get(reason) ?? 0) + 1)
  }

  override toString(): string {
    return [...this].map(([reason, n]) => `${n} skipped: ${reason}`).join('; ') || 'none skipped'
  }
}
