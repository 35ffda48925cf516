import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadRuleFiles, parseRuleFile } from './rule-files.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yuqing-rules-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const fraud = `id: fraud
name: 诈骗
kind: match
query: 诈骗 | 刷单
`

describe('rule files', () => {
  it('loads a rule with its defaults filled in and the line it starts on', () => {
    const { rules, errors } = parseRuleFile(`# a comment\n${fraud}`, 'fraud.yaml')
    expect(errors).toEqual([])
    expect(rules).toHaveLength(1)
    expect(rules[0]?.line).toBe(2)
    expect(rules[0]?.rule).toMatchObject({
      id: 'fraud',
      enabled: true,
      severity: 'warning',
      window: '1h',
      pendingFor: 1,
      realert: '30m',
      timezone: 'Asia/Shanghai',
      filters: { foldDuplicates: true },
    })
  })

  it('skips a broken file with its file:line and loads the others', async () => {
    await writeFile(join(dir, 'a-fraud.yaml'), fraud)
    await writeFile(join(dir, 'b-broken.yaml'), 'id: broken\nname: 坏规则\nkind: threshold\nquery: 火灾\nwindow: 1h\ncount: many\n')
    await writeFile(join(dir, 'c-fire.yml'), 'id: fire\nname: 火灾\nkind: threshold\nquery: 火灾\nwindow: 1h\ncount: 3\n')
    await writeFile(join(dir, 'notes.txt'), 'not a rule')
    const { rules, errors } = await loadRuleFiles(dir)
    expect(rules.map((r) => r.rule.id)).toEqual(['fraud', 'fire'])
    expect(errors.map((e) => e.text)).toEqual([`${join(dir, 'b-broken.yaml')}:6: count: Invalid input: expected number, received string`])
  })

  it('names file, line and column of a query that does not parse', () => {
    const { rules, errors } = parseRuleFile('id: fire\nname: 火灾\nkind: match\nquery: (火灾 | 爆炸\n', 'fire.yaml')
    expect(rules).toEqual([])
    expect(errors[0]?.text).toBe('fire.yaml:4: query: column 9: expected ")" to close the "(" at column 1, found the end')
  })

  it('points at the line of an unknown field, where the typo is', () => {
    const { errors } = parseRuleFile('id: fire\nname: 火灾\nkind: threshold\nquery: 火灾\nwindow: 1h\ncount: 3\ntreshold: 5\n', 'fire.yaml')
    expect(errors.map((e) => e.text)).toEqual(['fire.yaml:7: unknown field "treshold"'])
  })

  it('lists the kinds when the kind is unknown, at the kind line', () => {
    const { errors } = parseRuleFile('id: fire\nname: 火灾\nkind: frequency\nquery: 火灾\n', 'fire.yaml')
    expect(errors.map((e) => e.text)).toEqual(['fire.yaml:3: kind: expected one of match, threshold, spike, new_term, negative_share'])
  })

  it('names the rule when a required field is missing', () => {
    const { errors } = parseRuleFile('- id: fire\n  name: 火灾\n  kind: threshold\n  query: 火灾\n  window: 1h\n', 'fire.yaml')
    expect(errors.map((e) => e.text)).toEqual(['fire.yaml:1: count: Invalid input: expected number, received undefined'])
  })

  it('refuses a window that is not whole hours, since posts are counted per hour', () => {
    const { errors } = parseRuleFile('id: fire\nname: 火灾\nkind: threshold\nquery: 火灾\nwindow: 10m\ncount: 3\n', 'fire.yaml')
    expect(errors[0]?.text).toMatch(/^fire\.yaml:5: window: a window is whole hours/)
  })

  it('loads the good rules of a list and reports the broken one by its line', () => {
    const text = `- ${fraud.trim().replace(/\n/g, '\n  ')}\n- id: Bad Id\n  name: x\n  kind: match\n  query: 火灾\n- id: fire\n  name: 火灾\n  kind: match\n  query: 火灾\n`
    const { rules, errors } = parseRuleFile(text, 'list.yaml')
    expect(rules.map((r) => [r.rule.id, r.line])).toEqual([
      ['fraud', 1],
      ['fire', 9],
    ])
    expect(errors.map((e) => e.text)).toEqual(['list.yaml:5: id: expected lower-case letters, digits and dashes (at most 64), e.g. fraud-report'])
  })

  it('reports a YAML syntax error with its line and loads nothing of that file', () => {
    const { rules, errors } = parseRuleFile('id: fire\nname: [火灾\nkind: match\n', 'fire.yaml')
    expect(rules).toEqual([])
    expect(errors[0]?.file).toBe('fire.yaml')
    expect(errors[0]?.line).toBeGreaterThanOrEqual(2)
    expect(errors[0]?.message).toMatch(/^YAML: /)
  })

  it('refuses an id used twice, naming both files, and keeps the first', async () => {
    await writeFile(join(dir, 'a.yaml'), fraud)
    await writeFile(join(dir, 'b.yaml'), `# copy\n${fraud}`)
    const { rules, errors } = await loadRuleFiles(dir)
    expect(rules.map((r) => r.file)).toEqual([join(dir, 'a.yaml')])
    expect(errors.map((e) => e.text)).toEqual([`${join(dir, 'b.yaml')}:2: id "fraud" is already used by ${join(dir, 'a.yaml')}:1; ids must be unique`])
  })

  it('refuses an id used twice in one file, naming the first line', () => {
    const { rules, errors } = parseRuleFile(`- id: fire\n  name: a\n  kind: match\n  query: 火灾\n- id: fire\n  name: b\n  kind: match\n  query: 起火\n`, 'fire.yaml')
    expect(rules.map((r) => r.rule.name)).toEqual(['a'])
    expect(errors.map((e) => e.text)).toEqual(['fire.yaml:5: id "fire" is already used by fire.yaml:1; ids must be unique'])
  })

  it('names a rules folder that cannot be read', async () => {
    await expect(loadRuleFiles(join(dir, 'missing'))).rejects.toThrow(`${join(dir, 'missing')}: cannot read the rules folder: ENOENT`)
  })

  it('refuses combinations a kind cannot count', () => {
    const termFilter = parseRuleFile('id: new\nname: 新词\nkind: new_term\nwindow: 1d\nfilters:\n  sources: [forum]\n', 'new.yaml')
    expect(termFilter.errors.map((e) => e.text)).toEqual(['new.yaml:6: filters.sources: new_term reads term counts of all posts; filters.sources applies to query hits only'])
    const noQuery = parseRuleFile('id: burst\nname: 爆发\nkind: negative_share\nwindow: 1d\nminShare: 0.5\n', 'burst.yaml')
    expect(noQuery.errors.map((e) => e.text)).toEqual(['burst.yaml:1: query: negative_share counts the posts a query matches: add one'])
    const termGroup = parseRuleFile('id: t\nname: t\nkind: threshold\nquery: 火灾\nwindow: 1h\ncount: 2\ngroupBy: term\n', 't.yaml')
    expect(termGroup.errors[0]?.text).toMatch(/^t\.yaml:7: groupBy: threshold groups by source only/)
  })
})
