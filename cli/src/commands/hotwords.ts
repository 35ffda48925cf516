import { parseArgs } from 'node:util'
import { hotWordBoard } from '@yuqing/analyzer'
import { dayOf, InputError, isDay, loadConfig } from '@yuqing/core'
import { hotWordTable } from '../format.ts'
import { openRuntime } from '../runtime.ts'

export async function hotwords(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { day: { type: 'string' }, top: { type: 'string', default: '20' }, json: { type: 'boolean', default: false }, data: { type: 'string' } },
  })
  const config = loadConfig({ dataDir: values.data })
  const day = values.day ?? dayOf(new Date(), config.timezone)
  if (!isDay(day)) throw new InputError(`expected YYYY-MM-DD, got "${day}"`, { where: '--day' })
  const top = Number(values.top)
  if (!Number.isInteger(top) || top < 1) throw new InputError(`expected a positive whole number, got "${values.top}"`, { where: '--top' })

  const runtime = openRuntime(config)
  try {
    const items = await hotWordBoard(runtime.store, runtime.analyzer.specificity, day, top)
    const out = values.json
      ? JSON.stringify(items.map(({ term, count, score, rank, rankChange, negativeShare }) => ({ term, count, score, rank, rankChange, negativeShare })), null, 2)
      : hotWordTable(day, items)
    process.stdout.write(`${out}\n`)
  } finally {
    await runtime.close()
  }
}
