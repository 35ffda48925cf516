import path from 'node:path'
import type { AlertControl } from '@yuqing/api'
import type { AlertEngine } from './engine.ts'

/**
 * The engine as the API drives it: acknowledgement, silences and the rule list. Rule files are
 * named within `rulesDir` (water.yaml, not the server's absolute path): the dashboard's readers
 * need the file to open, not where the server keeps it.
 */
export function alertControl(engine: AlertEngine, rulesDir: string): AlertControl {
  const shown = (file: string) => {
    const inDir = path.relative(rulesDir, file)
    return inDir !== '' && !inDir.startsWith('..') && !path.isAbsolute(inDir) ? inDir : path.basename(file)
  }
  return {
    acknowledge: async (alertId, by) => (await engine.acknowledge(alertId, by)) !== undefined,
    silence: (input, by) => engine.silence(input, by),
    unsilence: (id) => engine.unsilence(id),
    async rules() {
      const { rules, errors } = await engine.rules()
      return {
        rules: rules.map((r) => ({ ...r, file: shown(r.file), lastFiredAt: r.lastFiredAt ?? undefined })),
        errors: errors.map(({ file, line, message }) => ({ file: shown(file), line, message })),
      }
    },
  }
}
