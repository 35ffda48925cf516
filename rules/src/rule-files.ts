import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMap, LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import { InputError, messageOf } from '@yuqing/core'
import { RULE_KINDS, RuleDefinition, type Rule } from './rule-schema.ts'

/** A rule and where it was written. */
export interface LoadedRule {
  rule: Rule
  file: string
  /** Line of the rule's first field. */
  line: number
}

/** A rule (or a whole file) that could not be loaded, and why. */
export interface RuleFileError {
  file: string
  line: number
  message: string
  /** `file:line: message`, ready for a log or a terminal. */
  text: string
}

export interface RuleFiles {
  rules: LoadedRule[]
  errors: RuleFileError[]
}

function error(file: string, line: number, message: string): RuleFileError {
  return { file, line, message, text: `${file}:${line}: ${message}` }
}

/**
 * Rules of one YAML text: one rule or a list. A YAML syntax error rejects the file; otherwise each
 * rule is checked alone, so one broken rule in a list does not hide the others. `file` names the
 * text in errors.
 */
export function parseRuleFile(text: string, file: string): RuleFiles {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line || 1
  if (doc.errors.length > 0) {
    return { rules: [], errors: doc.errors.map((e) => error(file, lineAt(e.pos[0]), `YAML: ${e.message.split('\n')[0] ?? ''}`)) }
  }
  const value: unknown = doc.toJS()
  if (value === null || value === undefined) return { rules: [], errors: [error(file, 1, 'empty file: expected a rule or a list of rules')] }
  const entries = Array.isArray(value) ? value.map((v, i) => ({ value: v as unknown, path: [i] })) : [{ value, path: [] as number[] }]
  const rules: LoadedRule[] = []
  const errors: RuleFileError[] = []
  for (const entry of entries) {
    const line = lineOf(doc, entry.path, lineAt)
    if (typeof entry.value !== 'object' || entry.value === null || Array.isArray(entry.value)) {
      errors.push(error(file, line, 'expected a rule (id, name, kind, query, …) or a list of rules'))
      continue
    }
    const parsed = RuleDefinition.safeParse(entry.value)
    if (parsed.success) rules.push({ rule: parsed.data, file, line })
    else errors.push(...parsed.error.issues.map((issue) => issueError(file, doc, entry.path, issue, lineAt)))
  }
  return { rules: keepUnique(rules, new Map(), errors), errors }
}

/** Rules whose id is new to `seen`; each other one is an error naming where the id was first used. */
function keepUnique(rules: readonly LoadedRule[], seen: Map<string, LoadedRule>, errors: RuleFileError[]): LoadedRule[] {
  const kept: LoadedRule[] = []
  for (const loaded of rules) {
    const first = seen.get(loaded.rule.id)
    if (first) {
      errors.push(error(loaded.file, loaded.line, `id "${loaded.rule.id}" is already used by ${first.file}:${first.line}; ids must be unique`))
      continue
    }
    seen.set(loaded.rule.id, loaded)
    kept.push(loaded)
  }
  return kept
}

function issueError(file: string, doc: Document, base: number[], issue: z.core.$ZodIssue, lineAt: (offset: number) => number): RuleFileError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
  const field = path.length > 0 ? `${path.join('.')}: ` : ''
  switch (issue.code) {
    case 'unrecognized_keys':
      // Point at the unknown key itself, which is where the typo is.
      return error(file, keyLine(doc, [...base, ...path], issue.keys[0] ?? '', lineAt), `${field}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`)
    case 'invalid_union':
      if (issue.discriminator === 'kind') {
        return error(file, lineOf(doc, [...base, ...path], lineAt), `kind: expected one of ${RULE_KINDS.join(', ')}`)
      }
      break
    default:
      break
  }
  return error(file, lineOf(doc, [...base, ...path], lineAt), `${field}${issue.message}`)
}

/** The line of the deepest node of `path` present in the document (a missing field: its parent). */
function lineOf(doc: Document, path: readonly (string | number)[], lineAt: (offset: number) => number): number {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
    const range = (node as { range?: [number, number, number] | null } | undefined)?.range
    if (range) return lineAt(range[0])
  }
  return 1
}

function keyLine(doc: Document, path: readonly (string | number)[], key: string, lineAt: (offset: number) => number): number {
  const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true)
  if (isMap(node)) {
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
    const range = (pair?.key as { range?: [number, number, number] | null } | null)?.range
    if (range) return lineAt(range[0])
  }
  return lineOf(doc, path, lineAt)
}

/**
 * Every `*.yaml`/`*.yml` rule file of a folder, in name order. A broken rule or file is reported
 * (file:line) and skipped, the others load; an id used twice is an error naming both places, and
 * the first one stays. A folder that cannot be read is an InputError naming it.
 */
export async function loadRuleFiles(dir: string): Promise<RuleFiles> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (e) {
    throw new InputError(`cannot read the rules folder: ${messageOf(e)}`, { where: dir, cause: e })
  }
  const names = entries.filter((n) => /\.ya?ml$/i.test(n)).sort()
  const rules: LoadedRule[] = []
  const errors: RuleFileError[] = []
  const seen = new Map<string, LoadedRule>()
  for (const name of names) {
    const file = join(dir, name)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      errors.push(error(file, 1, `cannot read: ${messageOf(e)}`))
      continue
    }
    const parsed = parseRuleFile(text, file)
    errors.push(...parsed.errors)
    rules.push(...keepUnique(parsed.rules, seen, errors))
  }
  return { rules, errors }
}

/** The rules of one file (for `yuqing rules test rules/x.yaml`). */
export async function loadRuleFile(file: string): Promise<RuleFiles> {
  try {
    return parseRuleFile(await readFile(file, 'utf8'), file)
  } catch (e) {
    return { rules: [], errors: [error(file, 1, `cannot read: ${messageOf(e)}`)] }
  }
}
