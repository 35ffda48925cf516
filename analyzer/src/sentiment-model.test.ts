import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '@yuqing/core'
import { createAnalyzer } from './analyzer.ts'
import { normalizeText } from './normalize.ts'
import { defaultFeatureOptions, FeatureBuffer, featureHash, featureStrings, SEED, step, walkFeatures } from './sentiment-features.ts'
import { bundledSentimentModelFile, expandModel, loadSentimentModel, readSentimentModelFile, scoreHashes, sentimentOf, TOKEN_PART, type PostScorer } from './sentiment-model.ts'
import { seeded } from '../scripts/sentiment-data.ts'

// Only the committed model: these tests run without ../shared.
const model = loadSentimentModel()
const analyzer = createAnalyzer({ timezone: 'UTC', sentimentModel: 'lexicon', phrases: false })
const classify = (raw: string) => {
  const text = normalizeText(raw)
  return model.classify(text, analyzer.cut(text))
}
const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-sentiment-model-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the committed sentiment model', () => {
  it('loads, with three classes and weights', () => {
    const file = readSentimentModelFile()
    expect([...file.classes].sort()).toEqual(['negative', 'neutral', 'positive'])
    expect(file.hashes.length).toBeGreaterThan(1000)
    expect(file.weights.length).toBe(file.hashes.length * 3)
    expect(loadSentimentModel(bundledSentimentModelFile)).toBeDefined()
  })

  it('reads clear complaints as negative', () => {
    for (const text of ['停水三天了,打电话也没人管,太让人生气了!', '这家店的服务太差了,再也不来了,恶心', '好难过,心里很痛,一直在哭[泪]']) {
      const s = classify(text)
      expect(s, text).toMatchObject({ label: 'negative' })
      expect(s.score, text).toBeLessThan(0)
    }
  })

  it('reads clear praise as positive', () => {
    for (const text of ['医生护士都特别耐心,感谢你们,辛苦了!', '今天天气真好,和朋友一起出去玩,好开心[哈哈]', '这件衣服很漂亮,超级喜欢!']) {
      const s = classify(text)
      expect(s, text).toMatchObject({ label: 'positive' })
      expect(s.score, text).toBeGreaterThan(0)
    }
  })

  it('reads a surprised question as neutral', () => {
    expect(classify('什么?他竟然回来了?')).toMatchObject({ label: 'neutral' })
  })

  it('does not read a negated praise as praise', () => {
    const plain = classify('这次的服务我很满意')
    const negated = classify('这次的服务我一点都不满意')
    expect(plain.label).toBe('positive')
    expect(negated.label).not.toBe('positive')
    expect(negated.score).toBeLessThan(plain.score)
  })

  it('reads unigrams by code point exactly as by hash (training scores by hash)', () => {
    const table = expandModel(readSentimentModelFile())
    const z = new Float64Array(2)
    for (const raw of ['今天真的不太开心[泪]!!这服务太差了吧???😭 ABC123', '医生护士都特别耐心,感谢你们,辛苦了!', '𠀀字 ｆｕｌｌ width']) {
      const text = normalizeText(raw)
      const tokens = analyzer.cut(text)
      const out = new FeatureBuffer()
      const count = walkFeatures(text, tokens, table.features, out)
      expect(out.count).toBe(count)
      scoreHashes(table, out.hashes, count, z)
      expect(model.classify(text, tokens), raw).toEqual(sentimentOf(z[0] ?? 0, z[1] ?? 0))
    }
  })

  it('decides token by token exactly as over the whole text', () => {
    const scorer = model.scorer() as PostScorer
    expect(scorer).toBeDefined()
    // As the analyzer feeds it: every token in order (one-unit ones as they are, longer ones by
    // their measured part), the emoticons after them as the tail, the tokens again for words,
    // blank ones left out of that list.
    const tokenWise = (words: string, tail: string) => {
      const parts = new Int32Array(TOKEN_PART)
      const kept: string[] = []
      scorer.begin()
      for (const token of analyzer.cut(words)) {
        const index = token.trim() === '' ? -1 : kept.length
        if (index >= 0) kept.push(token)
        if (token.length === 1) scorer.unit(token.charCodeAt(0), index)
        else {
          let state = SEED
          for (const ch of token) state = step(state, ch.codePointAt(0) ?? 0)
          scorer.measure(token, parts, 0, state)
          scorer.token(parts, 0, index)
        }
      }
      return { fed: scorer.finish(tail, kept), walked: model.classify(words + tail, kept) }
    }
    const posts: [string, string][] = [
      ['今天真的不太开心!!这服务太差了吧???😭 ABC123', '[泪][泪]'],
      ['医生护士都特别耐心,感谢你们,辛苦了!', ''],
      ['𠀀字 ｆｕｌｌ width 2020年3月', '[哈哈]'],
      ['不 是 很好	啊  真的', ''],
      ['   ', '[怒]'],
      ['', ''],
    ]
    // And posts drawn from characters that test the edges: blanks the model skips and the
    // analyzer does not, digits and capitals it folds, characters beyond the BMP, negators.
    const pool = [...'好差不很太的了我们医院武汉感谢生气开心ABCxyz019 \n\t\u2028\u3000,。!?、😭𠀀']
    const random = seeded(7)
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 40)
      posts.push([Array.from({ length }, () => pool[Math.floor(random() * pool.length)]).join(''), random() < 0.3 ? '[泪]' : ''])
    }
    for (const [raw, tail] of posts) {
      const { fed, walked } = tokenWise(normalizeText(raw), tail)
      expect(fed, JSON.stringify(raw)).toEqual(walked)
    }
  })

  it('keeps the score in [-1, 1] and gives a post it knows nothing of no lean', () => {
    for (const text of ['好好好好好好好好好好好好好好好好好好好好', '差'.repeat(500), '']) {
      const s = classify(text)
      expect(Math.abs(s.score)).toBeLessThanOrEqual(1)
    }
    expect(model.classify('', [])).toEqual({ label: 'neutral', score: 0 })
    expect(model.classify('ßßß', ['ßßß'])).toEqual({ label: 'neutral', score: 0 })
  })
})

describe('sentiment features', () => {
  it('marks words after a negation, and words after a degree word', () => {
    const text = '我不喜欢这个,很好'
    const features = featureStrings(text, ['我', '不', '喜欢', '这个', ',', '很', '好'])
    expect(features).toContain('n喜欢')
    expect(features).toContain('n这个')
    expect(features).not.toContain('w喜欢')
    // The comma ends the negation's reach.
    expect(features).toContain('w好')
    expect(features).toContain('d好')
    expect(features).toContain('c喜欢')
  })

  it('takes Weibo emoticons whole and ignores whitespace in n-grams', () => {
    const features = featureStrings('哭 了[泪]', ['哭', ' ', '了', '[', '泪', ']'])
    expect(features).toContain('e泪')
    expect(features).toContain('c哭了')
  })

  it('hashes each feature, as the walk computes it, to the hash of its string', () => {
    const text = normalizeText('今天真的不太开心[泪][泪]!!这服务太差了吧???😭 ABC123 𠀀字')
    const tokens = analyzer.cut(text)
    const everything = { ...defaultFeatureOptions, charMax: 3, wordPairs: true }
    const named = new FeatureBuffer([])
    walkFeatures(text, tokens, everything, named)
    const names = named.names ?? []
    expect(names.length).toBe(named.count)
    expect(names).toContain('c不太开')
    expect(names).toContain('e泪')
    names.forEach((name, i) => {
      expect(featureHash(name), name).toBe(named.hashes[i])
    })
  })

  it('gives a post of many characters room for all its features', () => {
    const text = '好'.repeat(5000)
    const out = new FeatureBuffer()
    expect(walkFeatures(text, [text], defaultFeatureOptions, out)).toBe(2 * 5000 - 1 + 1)
  })
})

describe('a bad model file', () => {
  const valid = { format: 'yuqing-sentiment-hashed/1', classes: ['negative', 'neutral', 'positive'], bias: [0, 0, 0], features: defaultFeatureOptions, hashes: [5, 7], weights: [1, 0, -1, 0, 0, 1] }
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name)
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
    return file
  }

  it('is an InputError naming the file when missing', () => {
    const missing = path.join(dir, 'none.json')
    expect(() => loadSentimentModel(missing)).toThrow(InputError)
    expect(() => loadSentimentModel(missing)).toThrow(missing)
  })

  it('is an InputError naming the file and the problem when not JSON or not a model', () => {
    expect(loadSentimentModel(write('valid.json', valid)).classify('好', ['好'])).toBeDefined()
    const corrupt = write('corrupt.json', '{"format": "yuqing-sentiment-hashed/1", "classes": [')
    expect(() => loadSentimentModel(corrupt)).toThrow(InputError)
    expect(() => loadSentimentModel(corrupt)).toThrow(corrupt)
    const older = write('older.json', { ...valid, format: 'yuqing-sentiment-softmax/1' })
    expect(() => loadSentimentModel(older)).toThrow(`${older}: not a sentiment model: expected format "yuqing-sentiment-hashed/1"`)
    const bias = write('bias.json', { ...valid, bias: [0, 0] })
    expect(() => loadSentimentModel(bias)).toThrow(`${bias}: not a sentiment model: expected one finite bias per class`)
    const short = write('short.json', { ...valid, weights: [1, 0, -1, 0, 0] })
    expect(() => loadSentimentModel(short)).toThrow('expected 3 weights per hash: 2 hashes, 5 weights')
    const unsorted = write('unsorted.json', { ...valid, hashes: [5, 0] })
    expect(() => loadSentimentModel(new URL(`file://${unsorted}`))).toThrow(`${unsorted}: not a sentiment model: hashes[1]: expected a gap of at least 1`)
    const text = write('text.json', { ...valid, weights: [1, 0, 'x', 0, 0, 1] })
    expect(() => loadSentimentModel(text)).toThrow('weights[2]: expected a finite number')
  })
})
