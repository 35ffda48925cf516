import type { AlertControl } from '@yuqing/api'
import type { AlertEngine } from './engine.ts'

/** The engine as the API drives it: acknowledgement, silences and the rule list. */
export function alertControl(engine: AlertEngine): AlertControl {
  return {
    acknowledge: async (alertId, by) => (await engine.acknowledge(alertId, by)) !== undefined,
    silence: (input, by) => engine.silence(input, by),
    unsilence: (id) => engine.unsilence(id),
    async rules() {
      const { rules, errors } = await engine.rules()
      return {
        rules: rules.map((r) => ({ ...r, lastFiredAt: r.lastFiredAt ?? undefined })),
        errors: errors.map(({ file, line, message }) => ({ file, line, message })),
      }
    },
  }
}
