import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { HttpError } from './http-error.ts'

const PRINT_TIMEOUT_MS = 60_000

/**
 * Prints a page to PDF with headless Chromium, run as a program (no browser library needed). The
 * page carries its own CSP, so printing it neither runs script nor fetches anything.
 */
export async function printPdf(html: string, chromium: string | undefined): Promise<Uint8Array<ArrayBuffer>> {
  if (!chromium || !existsSync(chromium)) {
    throw new HttpError(501, 'pdf_unavailable', `no Chromium at ${chromium ?? '(none configured)'}: install it (apt-get install chromium fonts-noto-cjk) or use the HTML brief and print it`)
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'yuqing-brief-'))
  try {
    const page = path.join(dir, 'brief.html')
    const pdf = path.join(dir, 'brief.pdf')
    await writeFile(page, html)
    await promisify(execFile)(
      chromium,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${path.join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${page}`],
      { timeout: PRINT_TIMEOUT_MS },
    )
    return new Uint8Array(await readFile(pdf))
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw new HttpError(502, 'pdf_failed', `Chromium could not print the brief: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
