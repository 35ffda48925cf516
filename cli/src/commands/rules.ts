import { parseArgs } from 'node:util'
import { InputError, loadConfig, type Config } from '@yuqing/core'
import { formatTime } from '@yuqing/notify'
import { loadRuleFile, loadRuleFiles, runRuleTests, type RuleFiles } from '@yuqing/rules'
import type { RuleBackTest } from '@yuqing/api'
import { backTest, parseSince } from '../alerts/back-test.ts'
import { openRuntime } from '../runtime.ts'

/**
 * `rules test`: checks a rule file (or folder): every rule loads, its own `tests:` pass, and over
 * the posts stored in the last `--since` it would have fired when and on which posts. Exits 1 when
 * a rule is broken or a test fails, so a rule can be checked before it is put in place.
 */
export async function rules(argv: string[]): Promise<number> {
  const [action, ...rest] = argv
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { since: { type: 'string', default: '30d' }, data: { type: 'string' }, json: { type: 'boolean', default: false } },
  })
  const config = loadConfig({ dataDir: values.data })
  switch (action) {
    case 'list':
      return list(positionals[0] ?? config.rulesDir)
    case 'test':
      return test(positionals[0], values.since, values.json, config)
    default:
      throw new InputError(`expected "test" or "list", got ${action ? `"${action}"` : 'nothing'}`, { where: 'yuqing rules' })
  }
}

async function load(target: string): Promise<RuleFiles> {
  try {
    return /\.ya?ml$/i.test(target) ? await loadRuleFile(target) : await loadRuleFiles(target)
  } catch (error) {
    throw new InputError('cannot read the rules', { where: target, cause: error })
  }
}

async function list(dir: string): Promise<number> {
  const files = await load(dir)
  for (const { rule, file, line } of files.rules) {
    process.stdout.write(`${rule.enabled ? ' ' : '-'} ${rule.id.padEnd(24)} ${rule.kind.padEnd(14)} ${rule.severity.padEnd(8)} ${rule.name}  (${file}:${line})\n`)
  }
  for (const error of files.errors) process.stdout.write(`! ${error.text}\n`)
  return files.errors.length > 0 ? 1 : 0
}

async function test(target: string | undefined, since: string, json: boolean, config: Config): Promise<number> {
  if (!target) throw new InputError('which rule file? e.g. yuqing rules test rules/fraud.yaml', { where: 'FILE' })
  let sinceMs: number
  try {
    sinceMs = parseSince(since)
  } catch (error) {
    throw new InputError((error as Error).message, { where: '--since' })
  }
  const files = await load(target)
  const to = new Date()
  const from = new Date(to.getTime() - sinceMs)
  const runtime = openRuntime(config)
  const results: { ruleId: string; testFailures: string[]; tests: number; backTest: RuleBackTest }[] = []
  try {
    for (const { rule } of files.rules) {
      const tests = runRuleTests(rule)
      const result = await backTest(rule, runtime.store, { from, to, bucketZone: config.timezone })
      results.push({ ruleId: rule.id, testFailures: tests.failures, tests: tests.cases.length, backTest: result })
    }
  } finally {
    await runtime.close()
  }
  if (json) process.stdout.write(`${JSON.stringify({ errors: files.errors, rules: results }, null, 2)}\n`)
  else {
    for (const error of files.errors) process.stdout.write(`✗ ${error.text}\n`)
    for (const { ruleId, testFailures, tests, backTest: b } of results) {
      const rule = files.rules.find((r) => r.rule.id === ruleId)?.rule
      const zone = rule?.timezone ?? config.timezone
      process.stdout.write(`${ruleId} — ${rule?.name ?? ''} (${rule?.kind ?? ''})\n`)
      process.stdout.write(testFailures.length === 0 ? `  tests: ${tests} passed\n` : testFailures.map((f) => `  ✗ ${f}\n`).join(''))
      process.stdout.write(`  back-test ${formatTime(b.from, zone)} – ${formatTime(b.to, zone)}: ${b.posts} stored posts, ${b.hits} matched, would have fired ${b.firings.length} time(s)\n`)
      for (const f of b.firings) {
        const until = f.endsAt ? formatTime(f.endsAt, zone) : 'still firing'
        process.stdout.write(`    ${formatTime(f.startsAt, zone)} → ${until}${f.group ? ` [${f.group}]` : ''}: ${f.summary} (${f.messages} message(s))\n`)
        for (const p of f.evidence) process.stdout.write(`      · ${(p.title ?? p.text).replace(/\s+/g, ' ').slice(0, 60)}${p.url ? `  ${p.url}` : ''}\n`)
      }
    }
  }
  return files.errors.length > 0 || results.some((r) => r.testFailures.length > 0) ? 1 : 0
}
