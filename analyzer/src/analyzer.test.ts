import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hammingDistance, InputError, type RawPost } from '@yuqing/core'
import { createAnalyzer } from './analyzer.ts'
import { bundledDictionary, readDictionaryLines } from './dictionaries.ts'

const analyzer = createAnalyzer({ timezone: 'Asia/Shanghai' })

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-dict-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function raw(content: string, extra: Partial<RawPost> = {}): RawPost {
  return { id: 'p1', source: 'test', content, fetchedAt: '2026-11-26T00:00:00.000Z', ...extra }
}

describe('analyzer', () => {
  it('keeps local names from the user dictionary whole', () => {
    const post = analyzer.analyze(raw('青溪大桥封闭施工，溪口镇的车都要绕行'))
    expect(post.tokens).toContain('青溪大桥')
    expect(post.tokens).toContain('溪口镇')
    expect(post.terms).toEqual(expect.arrayContaining(['青溪大桥', '溪口镇', '绕行']))
  })

  it('never makes stop words, single characters, numbers or punctuation hot words', () => {
    const post = analyzer.analyze(raw('我们今天在这里等了 30 分钟，车！'))
    for (const term of post.terms) {
      expect(['我们', '今天', '这里', '30', '车', '，', '！']).not.toContain(term)
    }
  })

  it('cuts off the measure word that jieba glues to an unknown word after a number, not a known word', () => {
    const post = analyzer.analyze(raw('湖北300人同天确诊，5名协警感染，5人次就诊'))
    expect(post.tokens).toEqual(expect.arrayContaining(['300', '人', '同天', '5', '名', '协警', '人次']))
    expect(post.tokens.join('')).toBe(post.text)
    for (const fragment of ['人同天', '名协警']) expect(post.tokens).not.toContain(fragment)
    // The same cut for search queries, so that a query finds what the posts were indexed under.
    expect(analyzer.cut('5名协警')).toEqual(['5', '名', '协警'])
    expect(analyzer.cut('名协警')).not.toEqual(['名', '协警'])
  })

  it('knows the words of public life that jieba’s dictionary lacks, without counting them as the user’s', () => {
    const post = analyzer.analyze(raw('非新冠肺炎患者，市卫健委通报，有人发微博吐槽网约车'))
    expect(post.tokens).toEqual(expect.arrayContaining(['非', '新冠', '市', '卫健委', '发', '微博', '吐槽', '网约车']))
    expect(post.terms).toEqual(expect.arrayContaining(['新冠', '卫健委', '网约车']))
    for (const glued of ['非新冠', '市卫健委', '发微博']) expect(post.tokens).not.toContain(glued)
    // Known, not watched: no place, no specificity floor.
    expect(analyzer.places()).not.toContain('卫健委')
    expect(createAnalyzer({ timezone: 'UTC' }).reload().userWords).toBe(readDictionaryLines(bundledDictionary.user).length)
  })

  it('never makes an A-not-A question a hot word', () => {
    const post = analyzer.analyze(raw('小区车位够不够，物业有没有说法，业主是不是该投诉'))
    expect(post.terms).toEqual(expect.arrayContaining(['车位', '物业', '业主', '投诉']))
    for (const question of ['够不够', '有没有', '是不是']) expect(post.terms).not.toContain(question)
    for (const question of ['愿不愿意', '可不可以', '好不好']) expect(analyzer.isTerm(question)).toBe(false)
    expect(analyzer.isTerm('不可抗力')).toBe(true)
  })

  it('never makes a hot word of a word of grammar that jieba glued to an unknown word, unless it was learnt as a phrase', () => {
    const post = analyzer.analyze(raw('目前仍在院治疗170例，对轻症患者，#马云为欧洲筹集口罩#，李文亮医生'))
    expect(post.tokens).toEqual(expect.arrayContaining(['仍在院', '对轻症', '马云为']))
    for (const fragment of ['仍在院', '对轻症', '马云为']) expect(post.terms).not.toContain(fragment)
    expect(post.terms).toEqual(expect.arrayContaining(['李文亮', '患者', '欧洲', '口罩']))
    for (const fragment of ['期不办', '刘良称', '封城后', '伤不起']) expect(analyzer.isTerm(fragment)).toBe(false)
    // A word the dictionaries know stays a term whatever its edges.
    for (const word of ['对讲机', '被告人', '和平鸽']) expect(analyzer.isTerm(word)).toBe(true)
    const learner = createAnalyzer({ timezone: 'UTC', phrases: { minCount: 5, minPmi: 1, refreshEvery: 10, sampleEvery: 1 } })
    // Alone, the string begins with a character of grammar; learnt as a phrase, it is a term all the same.
    expect(learner.isTerm('有序复工')).toBe(false)
    const leads = ['今天', '全市', '各地']
    const tails = ['，', '。', '！']
    const others = ['工厂', '商店', '学校', '工地', '银行']
    for (let i = 0; i < 20; i++) learner.analyze(raw(`${leads[i % 3]}有序复工${tails[i % 3]}${others[i % 5]}开门`))
    expect(learner.phrases().map((p) => p.phrase)).toContain('有序复工')
    expect(learner.analyze(raw('下周有序复工')).terms).toContain('有序复工')
  })

  it('never makes a count written in characters a hot word, though jieba knows some', () => {
    for (const count of ['百余人', '超千人', '三位数', '前两天', '万人份', '二人', '一辆车', '一家人']) expect(analyzer.isTerm(count)).toBe(false)
    // Numbers in names, months and holidays stay: no measure word, or a word of the dictionary
    // (and the vocabulary makes topics of 两会, 五一 and 一线, which jieba tags as numerals).
    for (const word of ['两会', '五一', '十堰', '首例', '一线', '三号线', '一号线', '五月', '一年级']) expect(analyzer.isTerm(word)).toBe(true)
    // jieba alone cuts 双十/一.
    expect(analyzer.analyze(raw('今年双十一销量大涨')).terms).toContain('双十一')
  })

  it('scores a complaint negative, praise positive and a notice neutral', () => {
    expect(analyzer.analyze(raw('堵车太严重了，上班又迟到，气死了，必须投诉！')).sentiment.label).toBe('negative')
    expect(analyzer.analyze(raw('新院区环境干净，医生很专业，点赞，感谢！')).sentiment.label).toBe('positive')
    expect(analyzer.analyze(raw('县人民医院新院区下周一开诊')).sentiment.label).toBe('neutral')
  })

  it('lets an official notice lean only where the model and the lexicon agree', () => {
    // The model, trained on netizens' posts, reads a bureau's notice as negative; the lexicon sees nothing to complain of.
    const notice = '县生态环境局发布垃圾焚烧发电项目环境影响评价第一次公示，公示期为十个工作日。'
    expect(analyzer.analyze(raw(notice)).sentiment.label).toBe('negative')
    const analyzed = analyzer.analyze({ ...raw(notice), official: true })
    const official = analyzed.sentiment
    expect(official.label).toBe('neutral')
    expect(official.score).toBe(analyzer.analyze(raw(notice)).sentiment.score)
    // The post says why: the store keeps the mark, and the post's page explains the neutral label.
    expect(analyzed.official).toBe(true)
    expect(analyzer.analyze(raw(notice))).not.toHaveProperty('official')
    // A fraud warning both call negative stays so.
    const warning = '近期我县接连发生刷单返利类电信诈骗案件，骗子先小额返利取得信任，再诱导受害人大额转账。'
    expect(analyzer.analyze({ ...raw(warning), official: true }).sentiment.label).toBe('negative')
  })

  it('flips a sentiment word after a negation', () => {
    const plain = analyzer.analyze(raw('我对服务很满意')).sentiment.score
    const negated = analyzer.analyze(raw('我对服务不满意')).sentiment.score
    expect(plain).toBeGreaterThan(0)
    expect(negated).toBeLessThan(0)
  })

  it('ranks a rare specific word above a common one in the keywords', () => {
    const post = analyzer.analyze(raw('垃圾焚烧厂选址的听证会，大家都去了。'))
    const terms = post.keywords.map((k) => k.term)
    expect(terms.indexOf('垃圾焚烧厂')).toBeLessThan(terms.indexOf('大家') === -1 ? Infinity : terms.indexOf('大家'))
    expect(terms[0]).toBe('垃圾焚烧厂')
  })

  it('keeps the requested number of keywords, heaviest first', () => {
    const three = createAnalyzer({ timezone: 'UTC', keywordsPerPost: 3 })
    const { keywords } = three.analyze(raw('溪口镇停水，自来水公司说管道抢修，溪口镇居民排队接水，停水影响做饭。'))
    expect(keywords).toHaveLength(3)
    expect(keywords.map((k) => k.weight)).toEqual([...keywords.map((k) => k.weight)].sort((a, b) => b - a))
    expect(keywords.map((k) => k.term)).toContain('溪口镇')
  })

  it('buckets by publication time in the zone, else by the given day', () => {
    expect(analyzer.analyze(raw('x', { publishedAt: '2026-11-26T17:10:00Z' })).hour).toBe('2026-11-27T01')
    const byDay = analyzer.analyze(raw('x', { day: '2020-01-19' }))
    expect([byDay.hour, byDay.day]).toEqual(['2020-01-19T00', '2020-01-19'])
  })

  it('reduces an HTML body to text without keeping markup or script', () => {
    const post = analyzer.analyze(raw('<p>停水<b>三天</b>了</p><script>alert(1)</script><img src=x onerror=alert(1)>'))
    expect(post.text).toBe('停水 三天 了')
  })

  it('folds full-width forms and traditional characters before segmenting', () => {
    const post = analyzer.analyze(raw('溪口鎮停水，ＡＢＣ小區２號樓'))
    expect(post.text).toBe('溪口镇停水,ABC小区2号楼')
    expect(post.terms).toContain('溪口镇')
  })

  it('keeps emoticons, emoji and links as signals, never as hot words', () => {
    const post = analyzer.analyze(raw('又停水了[抓狂]😡 看通知 https://t.cn/A6x9'))
    expect(post.signals).toEqual({ urls: ['https://t.cn/A6x9'], emoticons: ['[抓狂]'], emoji: ['😡'], reposted: false })
    expect(post.terms.some((t) => t.includes('抓狂') || t.includes('http') || t.includes('t.cn'))).toBe(false)
  })

  it('takes hot words from the poster’s own words, not from the repost chain', () => {
    const post = analyzer.analyze(raw('桂花节真热闹//@青溪发布:溪口镇明天停水'))
    expect(post.terms).toContain('桂花节')
    expect(post.terms).not.toContain('停水')
    expect(post.signals.reposted).toBe(true)
    expect(post.text).toContain('//@青溪发布:溪口镇明天停水')
  })

  it('lets a bare repost stand for the words it quotes', () => {
    expect(analyzer.analyze(raw('//@青溪发布:溪口镇明天停水')).terms).toEqual(expect.arrayContaining(['溪口镇', '停水']))
  })

  it('masks personal numbers in the text, title and content it passes on', () => {
    const post = analyzer.analyze(raw('联系电话 13812345678，邮箱 li.si@example.cn', { title: '求助 13912345678' }))
    expect(post.text).toBe('联系电话 138****5678,邮箱 l***@example.cn')
    expect(post.content).toBe(post.text)
    expect(post.title).toBe('求助 139****5678')
    expect(JSON.stringify(post)).not.toMatch(/13812345678|13912345678|li\.si/)
  })

  it('gives near-identical posts near SimHashes', () => {
    const a = analyzer.analyze(raw('青溪大桥封闭施工期间，请大家绕行滨江路，公交线路临时调整，上班的朋友提前出门。'))
    const b = analyzer.analyze(raw('青溪大桥封闭施工期间，请大家绕行滨江路，公交线路临时调整，上班的朋友提早出门。'))
    expect(hammingDistance(a.simhash, b.simhash)).toBeLessThanOrEqual(3)
  })

  it('reads the user’s dictionary folder and reloads it, keeping the old one when a file breaks', () => {
    const dir = tempDir()
    const local = createAnalyzer({ timezone: 'UTC', dictionaryDir: dir })
    expect(local.cut('官塘驿码头')).not.toContain('官塘驿')
    writeFileSync(path.join(dir, 'places.txt'), '官塘驿 1000 ns\n')
    writeFileSync(path.join(dir, 'noise.stop.txt'), '码头\n')
    expect(local.reload()).toMatchObject({ userWords: expect.any(Number) })
    expect(local.cut('官塘驿码头')).toContain('官塘驿')
    expect(local.isTerm('码头')).toBe(false)

    writeFileSync(path.join(dir, 'broken.txt'), '没有频率的词\n')
    expect(() => local.reload()).toThrow(`${path.join(dir, 'broken.txt')}:1`)
    expect(local.cut('官塘驿码头')).toContain('官塘驿')
  })

  it('knows the places of the user’s dictionaries: their words tagged ns, in the order listed, and a reload’s', () => {
    const dir = tempDir()
    const local = createAnalyzer({ timezone: 'UTC', dictionaryDir: dir })
    // The bundled dictionary's (the demo county's); its organisations and event words are no places.
    expect(local.places()).toEqual(['青溪县', '青溪', '青溪大桥', '青溪公园', '溪口镇', '白沙镇', '城关镇'])
    writeFileSync(path.join(dir, 'places.txt'), '官塘驿 1000 ns\n梅林村 500 ns\n镇卫生院 800 nt\n溪口镇 2000 ns\n')
    local.reload()
    expect(local.places()).toEqual(['青溪县', '青溪', '青溪大桥', '青溪公园', '溪口镇', '白沙镇', '城关镇', '官塘驿', '梅林村'])
    expect(createAnalyzer({ timezone: 'UTC', dictionaryDir: tempDir() }).places()).not.toContain('官塘驿')
  })

  it('shares a segmenter only between analyzers of the same words: a reload of one leaves the other as it was', () => {
    const mine = tempDir()
    const theirs = tempDir()
    const first = createAnalyzer({ timezone: 'UTC', dictionaryDir: mine })
    const second = createAnalyzer({ timezone: 'UTC', dictionaryDir: theirs })
    writeFileSync(path.join(mine, 'places.txt'), '官塘驿 1000 ns\n')
    first.reload()
    expect(first.cut('官塘驿码头')).toContain('官塘驿')
    expect(second.cut('官塘驿码头')).not.toContain('官塘驿')
    expect(createAnalyzer({ timezone: 'UTC', dictionaryDir: theirs }).cut('官塘驿码头')).not.toContain('官塘驿')
    expect(createAnalyzer({ timezone: 'UTC', dictionaryDir: mine }).cut('官塘驿码头')).toContain('官塘驿')
  })

  it('never makes a word jieba tags as adverb, conjunction or numeral a term, unless the user lists it', () => {
    const post = analyzer.analyze(raw('尽管水价竟然逐渐上涨，此外许多居民难道不该投诉'))
    expect(post.terms).toEqual(expect.arrayContaining(['水价', '上涨', '居民', '投诉']))
    for (const word of ['尽管', '竟然', '逐渐', '此外', '许多', '难道']) expect(post.terms).not.toContain(word)

    const dir = tempDir()
    writeFileSync(path.join(dir, 'ours.txt'), '随后 100 n\n')
    expect(createAnalyzer({ timezone: 'UTC', dictionaryDir: dir }).isTerm('随后')).toBe(true)
    expect(analyzer.isTerm('随后')).toBe(false)
  })

  it('counts a common word the user lists as at least typically specific: the trends and the board keep it', () => {
    // 医院 is common on jieba's corpus (its IDF under half the median word's): the trends leave it out.
    expect(analyzer.specificity('医院')).toBeLessThan(0.5)
    expect(analyzer.specificity('焚烧厂')).toBeGreaterThan(1)
    const dir = tempDir()
    writeFileSync(path.join(dir, 'ours.txt'), '医院 1000 n\n焚烧厂 1000 n\n')
    const local = createAnalyzer({ timezone: 'UTC', dictionaryDir: dir })
    expect(local.specificity('医院')).toBe(1)
    // A word already more specific keeps its own.
    expect(local.specificity('焚烧厂')).toBe(analyzer.specificity('焚烧厂'))
  })

  it('learns a phrase from the stream and makes it one hot word', () => {
    const learner = createAnalyzer({ timezone: 'UTC', phrases: { minCount: 5, minPmi: 1, refreshEvery: 10, sampleEvery: 1 } })
    const others = ['排队', '结果', '报告', '通知', '安排', '时间', '地点', '费用', '人员', '流程']
    // A phrase is learnt between different neighbours (PhraseOptions.minContexts).
    const leads = ['今天做了', '全员参加', '社区组织']
    const tails = ['，', '。', '！']
    for (let i = 0; i < 20; i++) learner.analyze(raw(`${leads[i % 3]}核酸检测${tails[i % 3]}${others[i % 10]}很快`))
    expect(learner.phrases().map((p) => p.phrase)).toContain('核酸检测')
    const post = learner.analyze(raw('社区明天上午统一核酸检测'))
    expect(post.terms).toContain('核酸检测')
    expect(post.terms).not.toContain('核酸')
    expect(createAnalyzer({ timezone: 'UTC', phrases: false }).analyze(raw('社区明天上午统一核酸检测')).terms).toContain('核酸')
  })

  it('analyses a repeated text anew once a phrase was learnt since, and gives its posts frozen parts', () => {
    const learner = createAnalyzer({ timezone: 'UTC', phrases: { minCount: 5, minPmi: 1, refreshEvery: 10, sampleEvery: 1 } })
    const text = '社区明天上午统一核酸检测'
    const before = learner.analyze(raw(text))
    expect(learner.analyze(raw(text, { id: 'p2' }))).toEqual({ ...before, id: 'p2' })
    expect(before.terms).toContain('核酸')
    const others = ['排队', '结果', '报告', '通知', '安排', '时间', '地点', '费用', '人员', '流程']
    // A phrase is learnt between different neighbours (PhraseOptions.minContexts).
    const leads = ['今天做了', '全员参加', '社区组织']
    const tails = ['，', '。', '！']
    for (let i = 0; i < 20; i++) learner.analyze(raw(`${leads[i % 3]}核酸检测${tails[i % 3]}${others[i % 10]}很快`))
    const after = learner.analyze(raw(text, { id: 'p3' }))
    expect(after.terms).toContain('核酸检测')
    expect(after.terms).not.toContain('核酸')
    // Posts of one text share their arrays: none can change them under the others.
    expect(() => (after.terms as string[]).push('改动')).toThrow(TypeError)
    expect(() => {
      ;(after.keywords[0] as { weight: number }).weight = 9
    }).toThrow(TypeError)
  })

  it('analyses the same words under another title or with other emoticons as their own post', () => {
    const local = createAnalyzer({ timezone: 'UTC' })
    const fresh = () => createAnalyzer({ timezone: 'UTC' })
    const words = '小区停水三天了'
    const variants = [raw(words), raw(words, { title: '溪口镇通知' }), raw(`${words}[哈哈]`), raw(`${words}[怒]`), raw(words)]
    for (const post of variants) expect(local.analyze(post)).toEqual(fresh().analyze(post))
    expect(local.analyzeBatch(variants)).toEqual(variants.map((post) => fresh().analyze(post)))
  })

  it('analyses a batch as it would each post in turn, phrases learnt on the way included', () => {
    const places = ['溪口镇', '青溪大桥', '官塘驿', '城南']
    const leads = ['今天做了', '全员参加', '社区组织']
    const tails = ['，', '。', '！']
    const posts = Array.from({ length: 120 }, (_, i) =>
      raw(i % 7 === 0 ? `//@居民${i}:${places[i % 4]}停水了` : `${places[i % 4]}${leads[i % 3]}核酸检测${tails[i % 3]}第${i}批 [怒] 电话13800138000`, {
        id: `p${i}`,
        ...(i % 5 === 0 ? { title: `${places[(i + 1) % 4]}通知` } : {}),
      }),
    )
    const phrases = { minCount: 3, minPmi: 1, refreshEvery: 20, sampleEvery: 1 }
    const oneByOne = createAnalyzer({ timezone: 'UTC', phrases })
    const batched = createAnalyzer({ timezone: 'UTC', phrases })
    const expected = posts.map((post) => oneByOne.analyze(post))
    expect([...batched.analyzeBatch(posts.slice(0, 50)), ...batched.analyzeBatch(posts.slice(50))]).toEqual(expected)
    expect(batched.phrases()).toEqual(oneByOne.phrases())
    // The batch did learn and join a phrase, and masked what it had to.
    expect(expected[118]?.terms).toContain('核酸检测')
    expect(expected[118]?.text).toContain('138****8000')
    expect(batched.analyzeBatch([])).toEqual([])
  })

  it('analyses alike when its token table fills up and starts afresh', () => {
    const places = ['溪口镇', '青溪大桥', '官塘驿', '城南', '老街', '医院', '学校', '菜市场']
    const leads = ['今天做了', '全员参加', '社区组织']
    const tails = ['，', '。', '！']
    const texts = Array.from({ length: 300 }, (_, i) => `${places[i % 8]}${leads[i % 3]}核酸检测${tails[i % 3]}第${i}批，${places[(i * 3) % 8]}停水了太让人生气 [怒]`)
    const phrases = { minCount: 3, minPmi: 1, refreshEvery: 20, sampleEvery: 1 }
    const roomy = createAnalyzer({ timezone: 'UTC', phrases })
    const cramped = createAnalyzer({ timezone: 'UTC', phrases, maxTokens: 12 })
    texts.forEach((text, i) => {
      const post = raw(text, { id: `p${i}` })
      expect(cramped.analyze(post), text).toEqual(roomy.analyze(post))
    })
    expect(cramped.phrases()).toEqual(roomy.phrases())
    expect(roomy.phrases().map((p) => p.phrase)).toContain('核酸检测')
  })

  it('reports a user dictionary line without a frequency with file and line', () => {
    const file = path.join(tempDir(), 'bad.txt')
    writeFileSync(file, '官塘驿 1000 ns\n青溪老街\n')
    expect(() => createAnalyzer({ timezone: 'UTC', userDictionaries: [file] })).toThrow(InputError)
    expect(() => createAnalyzer({ timezone: 'UTC', userDictionaries: [file] })).toThrow(`${file}:2`)
  })
})
