import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { createAnalyzer } from '@yuqing/analyzer'
import { silentLogger } from '@yuqing/core'
import { loadRuleFiles } from '@yuqing/rules'
import { openSqliteStore } from '@yuqing/store'
import { alertControl } from './alert-control.ts'
import { AlertEngine } from './engine.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-alert-control-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('names rule files within the rules folder, never by the server path', async () => {
  const rulesDir = path.join(dir, 'rules')
  mkdirSync(rulesDir)
  writeFileSync(path.join(rulesDir, 'water.yaml'), 'id: water\nname: 停水投诉\nkind: match\nquery: 停水\n')
  writeFileSync(path.join(rulesDir, 'broken.yaml'), 'id: x\nname: 坏规则\nkind: sometimes\nquery: 停水\n')
  const store = openSqliteStore({ file: path.join(dir, 'y.db'), tokenize: createAnalyzer({ timezone: 'Asia/Shanghai' }).cut })
  try {
    const engine = new AlertEngine({ store, bucketZone: 'Asia/Shanghai', channels: () => [], logger: silentLogger })
    // As the server loads them: absolute paths under the configured folder.
    engine.setRules(await loadRuleFiles(rulesDir))
    const { rules, errors } = await alertControl(engine, rulesDir).rules()
    expect(rules.map((r) => [r.id, r.file, r.line])).toEqual([['water', 'water.yaml', 1]])
    expect(errors.map((e) => [e.file, e.line])).toEqual([['broken.yaml', 3]])
    // A rule file from elsewhere (a second folder) is named by its file name alone.
    const other = path.join(dir, 'elsewhere')
    mkdirSync(other)
    writeFileSync(path.join(other, 'bridge.yaml'), 'id: bridge\nname: 大桥拥堵\nkind: match\nquery: 大桥\n')
    engine.setRules(await loadRuleFiles(other))
    expect((await alertControl(engine, rulesDir).rules()).rules.map((r) => r.file)).toEqual(['bridge.yaml'])
  } finally {
    await store.close()
  }
})
