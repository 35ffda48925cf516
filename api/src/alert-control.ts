import type { Silence } from '@yuqing/core'

export interface RuleInfo {
  id: string
  name: string
  kind: string
  enabled: boolean
  severity: string
  /** The YAML file that defines it, within the rules folder, and the line the rule starts on. */
  file: string
  line?: number | undefined
  state?: string | undefined
  lastFiredAt?: string | undefined
}

/** The rules as loaded, and the files that failed validation (file:line). */
export interface RuleList {
  rules: RuleInfo[]
  errors: { file: string; line: number; message: string }[]
}

/**
 * What the API asks of the running alert engine. Writes go through it, not straight to the
 * store, so the engine's in-memory state and its next evaluation see them.
 */
export interface AlertControl {
  /** False when there is no such firing alert. */
  acknowledge(alertId: string, by: string): Promise<boolean>
  silence(input: { ruleId: string | null; group: string | null; endsAt: string; comment: string }, by: string): Promise<Silence>
  /** False when there is no such silence. */
  unsilence(id: string): Promise<boolean>
  rules(): Promise<RuleList>
}
