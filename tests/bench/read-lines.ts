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
