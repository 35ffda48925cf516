import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { messageOf, type Logger } from '@yuqing/core'
import { loadSourceFile, type Source } from '@yuqing/crawler'

/** The source definitions of a folder; a broken one is logged with its file and line and skipped. */
export function loadSources(dir: string, logger: Logger): Source[] {
  if (!existsSync(dir)) return []
  const sources: Source[] = []
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f))
  for (const file of files) {
    try {
      sources.push(loadSourceFile(file))
    } catch (error) {
      // A broken definition is reported and skipped; the other sources still run.
      logger.error('source skipped', { reason: messageOf(error) })
    }
  }
  return sources
}
