import { parseArgs } from 'node:util'
import { findTrends, parseTrendWindow } from '@yuqing/analyzer'
import { InputError, loadConfig } from '@yuqing/core'
import { table } from '../format.ts'
import { openRuntime } from '../runtime.ts'

export async function trends(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      day: { type: 'string' },
      at: { type: 'string' },
      window: { type: 'string' },
      top: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
      data: { type: 'string' },
    },
  })
  const config = loadConfig({ dataDir: values.data })
  const window = parseTrendWindow(values, config.timezone)
  const top = Number(values.top)
  if (!Number.isInteger(top) || top < 1) throw new InputError(`expected a positive whole number, got "${values.top}"`, { where: '--top' })
  const runtime = openRuntime(config)
  try {
    const items = await findTrends(runtime.store, window, { top, specificity: runtime.analyzer.specificity })
    if (values.json) {
      const out = items.map(({ term, count, baseline, score, growth, negativeShare, isNew, samplePostIds }) => ({
        term,
        count,
        baseline,
        score,
        growth,
        negativeShare,
        isNew,
        samplePostIds,
      }))
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
      return
    }
    if (items.length === 0) {
      process.stdout.write('No trends in that window: no term rose above its baseline with enough posts.\n')
      return
    }
    const rows = items.map((t, i) => [
      String(i + 1),
      t.term,
      String(t.count),
      t.baseline.toFixed(1),
      t.score.toFixed(1),
      t.isNew ? 'new' : `${t.growth >= 0 ? '+' : ''}${Math.round(t.growth * 100)}%`,
      `${Math.round(t.negativeShare * 100)}%`,
    ])
    process.stdout.write(`${table(['#', 'term', 'posts', 'baseline', 'score', 'growth', 'negative'], rows, new Set([0, 2, 3, 4, 5, 6]))}\n`)
  } finally {
    await runtime.close()
  }
}
