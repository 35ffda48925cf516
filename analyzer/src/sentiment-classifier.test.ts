import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '@yuqing/core'
import { createAnalyzer } from './analyzer.ts'
import { loadSentimentClassifier } from './sentiment-classifier.ts'

const classifier = loadSentimentClassifier()
const analyzer = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon' })
const classify = (text: string) => {
  const { tokens, signals } = analyzer.analyze({ id: 'x', source: 't', content: text, fetchedAt: '2026-11-26T00:00:00Z' })
  return classifier.classify(tokens.join(''), tokens, signals.emoticons)
}
const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-model-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('trained sentiment classifier', () => {
  it('loads the committed model and knows its three classes', () => {
    expect([...classifier.classes].sort()).toEqual(['negative', 'neutral', 'positive'])
    const p = classifier.probabilities('好', ['好'])
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
  })

  it('tells a complaint from praise', () => {
    expect(classify('停水三天了，打电话也没人管，太让人生气了！')).toMatchObject({ label: 'negative' })
    expect(classify('医生护士都特别耐心，感谢你们，辛苦了！')).toMatchObject({ label: 'positive' })
  })

  it('does not read a negated praise as praise', () => {
    const plain = classify('这次的服务我很满意')
    const negated = classify('这次的服务我一点都不满意')
    expect(plain.label).toBe('positive')
    expect(negated.label).not.toBe('positive')
    expect(negated.score).toBeLessThan(plain.score)
  })

  it('names the file when the model is missing or not a model', () => {
    const missing = path.join(dir, 'none.json')
    expect(() => loadSentimentClassifier(missing)).toThrow(InputError)
    expect(() => loadSentimentClassifier(missing)).toThrow(missing)
    const corrupt = path.join(dir, 'corrupt.json')
    writeFileSync(corrupt, '{"classes": ["negative"], "bias": []}')
    expect(() => loadSentimentClassifier(corrupt)).toThrow(`${corrupt}: not a sentiment model`)
  })
})

describe('a post without evidence', () => {
  it('is neutral, not the class priors’ lean', () => {
    expect(classifier.classify('', [])).toEqual({ label: 'neutral', score: 0 })
    const analyzed = createAnalyzer({ timezone: 'UTC' }).analyze({ id: 'v', source: 't', content: 'Vnews zfg 2020', fetchedAt: '2026-11-26T00:00:00Z' })
    expect(analyzed.sentiment.label).toBe('neutral')
  })
})
