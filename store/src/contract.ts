import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { simhash, type AnalyzedPost, type SentimentLabel } from '@yuqing/core'
import type { Store } from './store.ts'

/**
 * The behaviour every Store must have. Run against SQLite here and against Elasticsearch (its
 * mock, and a real server when ELASTICSEARCH_URL is set). `open` gets a fresh store; `reopen`, when
 * given, opens the same data again to prove it persisted.
 */
export interface StoreHarness {
  open(): Promise<Store>
  reopen?(): Promise<Store>
}

/** Splits on spaces: the contract's posts come pre-segmented, so the test needs no jieba. */
export const spaceTokenizer = (text: string): string[] => text.split(/\s+/).filter(Boolean)

export function post(id: string, words: string, options: { hour: string; label?: SentimentLabel; title?: string; source?: string }): AnalyzedPost {
  const tokens = words.split(' ')
  const label = options.label ?? 'neutral'
  return {
    id,
    source: options.source ?? 'forum',
    url: `http://forum.test/t/${id}`,
    ...(options.title ? { title: options.title } : {}),
    content: tokens.join(''),
    text: tokens.join(''),
    fetchedAt: '2026-11-26T12:00:00.000Z',
    publishedAt: `${options.hour}:15:00+08:00`,
    tokens,
    terms: [...new Set(tokens.filter((t) => t.length >= 2))],
    keywords: tokens.slice(0, 3).map((term) => ({ term, weight: 1 })),
    sentiment: { score: label === 'negative' ? -0.8 : label === 'positive' ? 0.8 : 0, label },
    simhash: simhash(tokens),
    signals: { urls: [], emoticons: [], emoji: [], reposted: false },
    hour: options.hour,
    day: options.hour.slice(0, 10),
  }
}

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`${name} store contract`, () => {
    let store: Store

    beforeEach(async () => {
      store = await harness.open()
    })
    afterEach(async () => {
      await store.close()
    })

    const posts = [
      post('a', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T08', label: 'negative', title: '大桥又堵了' }),
      post('b', '青溪大桥 绕行 通知', { hour: '2026-11-26T09' }),
      post('c', '溪口镇 停水 堵车', { hour: '2026-11-26T20', label: 'negative' }),
      post('d', '桂花节 热闹', { hour: '2026-11-25T19', label: 'positive', source: 'news' }),
    ]

    it('stores each post once, however often it is saved', async () => {
      expect(await store.savePosts(posts)).toMatchObject({ stored: 4, folded: 0, duplicates: 0 })
      expect(await store.savePosts(posts)).toEqual({ stored: 0, folded: 0, duplicates: 4, saved: [] })
      expect(await store.termCounts('2026-11-26', 10)).toContainEqual({ term: '堵车', count: 2, negativeCount: 2 })
    })

    it('counts the posts mentioning each term per local day, most first', async () => {
      await store.savePosts(posts)
      const counts = await store.termCounts('2026-11-26', 3)
      expect(counts[0]).toEqual({ term: '堵车', count: 2, negativeCount: 2 })
      expect(counts[1]).toEqual({ term: '青溪大桥', count: 2, negativeCount: 1 })
      expect(counts).toHaveLength(3)
      expect(await store.termCounts('2026-11-25', 10)).toEqual([
        { term: '桂花节', count: 1, negativeCount: 0 },
        { term: '热闹', count: 1, negativeCount: 0 },
      ])
      expect(await store.termCounts('2026-11-24', 10)).toEqual([])
    })

    it('tells which ids are stored already', async () => {
      await store.savePosts(posts.slice(0, 2))
      expect(await store.knownPostIds(['a', 'b', 'c', 'zz'])).toEqual(new Set(['a', 'b']))
    })

    it('finds posts by a term, by free text with every word required, and by day and source', async () => {
      await store.savePosts(posts)
      const byTerm = await store.searchPosts({ term: '堵车' })
      expect(byTerm.total).toBe(2)
      expect(byTerm.items.map((p) => p.id).sort()).toEqual(['a', 'c'])
      expect(byTerm.items.find((p) => p.id === 'a')?.matches).toEqual(['堵车'])

      expect((await store.searchPosts({ q: '青溪大桥 堵车' })).items.map((p) => p.id)).toEqual(['a'])
      expect((await store.searchPosts({ term: '堵车', day: '2026-11-25' })).total).toBe(0)
      expect((await store.searchPosts({ source: 'news' })).items.map((p) => p.id)).toEqual(['d'])
      expect((await store.searchPosts({ q: '"' })).total).toBe(0)
    })

    it('finds posts over a range of local days, both ends included, either end open', async () => {
      await store.savePosts([...posts, post('e', '桂花节 闭幕', { hour: '2026-11-24T10' })])
      const ids = async (query: Parameters<Store['searchPosts']>[0]) => (await store.searchPosts(query)).items.map((p) => p.id)
      expect(await ids({ from: '2026-11-25', to: '2026-11-26' })).toEqual(['c', 'b', 'a', 'd'])
      expect(await ids({ from: '2026-11-24', to: '2026-11-25' })).toEqual(['d', 'e'])
      expect(await ids({ from: '2026-11-25' })).toEqual(['c', 'b', 'a', 'd'])
      expect(await ids({ to: '2026-11-24' })).toEqual(['e'])
      expect(await ids({ term: '桂花节', from: '2026-11-24', to: '2026-11-25' })).toEqual(['d', 'e'])
      expect((await store.searchPosts({ from: '2026-11-25', to: '2026-11-25', limit: 1 })).total).toBe(1)
      expect((await store.searchPosts({ from: '2026-11-27', to: '2026-11-30' })).total).toBe(0)
    })

    it('finds a part of a long word that segmentation kept whole', async () => {
      await store.savePosts(posts)
      expect((await store.searchPosts({ q: '大桥' })).items.map((p) => p.id).sort()).toEqual(['a', 'b'])
      // Three characters or more: the searched word may itself be a word of the dictionary (溪大桥
      // as a query) while the posts hold the longer one.
      expect((await store.searchPosts({ q: '溪大桥' })).items.map((p) => p.id).sort()).toEqual(['a', 'b'])
      expect((await store.searchPosts({ q: '溪大桥 堵车' })).items.map((p) => p.id)).toEqual(['a'])
      // A term's posts are those that have the term, not a longer word around it.
      expect((await store.searchPosts({ term: '溪大桥' })).items).toEqual([])
      expect((await store.searchPosts({ q: '大桥封' })).items).toEqual([])
    })

    it('returns posts newest first with a snippet around the match', async () => {
      await store.savePosts(posts)
      const page = await store.searchPosts({ day: '2026-11-26', limit: 2 })
      expect(page.total).toBe(3)
      expect(page.items.map((p) => p.id)).toEqual(['c', 'b'])
      const [first] = (await store.searchPosts({ term: '停水' })).items
      expect(first?.snippet).toContain('停水')
      expect(first?.sentiment).toEqual({ score: -0.8, label: 'negative' })
    })

    it('folds a near-duplicate into the earlier post: linked, counted as a repost, not as a mention', async () => {
      await store.savePosts(posts)
      const repost = post('a-repost', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative' })
      const copyInBatch = post('c-copy', '溪口镇 停水 堵车', { hour: '2026-11-26T21', label: 'negative' })
      expect(await store.savePosts([repost, copyInBatch])).toEqual({
        stored: 2,
        folded: 2,
        duplicates: 0,
        saved: [
          { id: 'a-repost', duplicateOf: 'a' },
          { id: 'c-copy', duplicateOf: 'c' },
        ],
      })
      expect(await store.termCounts('2026-11-26', 10)).toContainEqual({ term: '堵车', count: 2, negativeCount: 2 })

      const all = await store.searchPosts({ term: '堵车' })
      expect(all.total).toBe(4)
      expect(all.items.find((p) => p.id === 'a-repost')?.duplicateOf).toBe('a')
      expect(all.items.find((p) => p.id === 'a')?.reposts).toBe(1)
      const folded = await store.searchPosts({ term: '堵车', foldDuplicates: true })
      expect(folded.items.map((p) => p.id).sort()).toEqual(['a', 'c'])
      // The day's posts count the wave; its originals and their negative ones do not.
      expect((await store.days())[0]).toEqual({ day: '2026-11-26', posts: 5, originals: 3, negative: 2 })
    })

    it('reads one post by id with its wave size, and lists the wave folded into an original', async () => {
      await store.savePosts(posts)
      await store.savePosts([
        post('a-repost', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative', source: 'weibo' }),
        post('a-copy', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T11', label: 'negative' }),
      ])
      const [original] = await store.postsWithHits(['a'], '')
      expect(original?.post).toMatchObject({ id: 'a', duplicateOf: null, reposts: 2, title: '大桥又堵了' })
      const [repost] = await store.postsWithHits(['a-repost'], '')
      expect(repost?.post).toMatchObject({ id: 'a-repost', duplicateOf: 'a', reposts: 0, source: 'weibo' })
      expect(await store.postsWithHits(['nope'], '')).toEqual([])

      const wave = await store.searchPosts({ duplicateOf: 'a' })
      expect(wave.total).toBe(2)
      expect(wave.items.map((p) => p.id)).toEqual(['a-copy', 'a-repost'])
      expect((await store.searchPosts({ duplicateOf: 'a', source: 'weibo' })).items.map((p) => p.id)).toEqual(['a-repost'])
      expect((await store.searchPosts({ duplicateOf: 'b' })).total).toBe(0)
    })

    it('keeps whether a post came from a source of official notices, read back by id and in a search', async () => {
      await store.savePosts([
        { ...post('notice', '县 自来水公司 停水 通知', { hour: '2026-11-26T09', source: 'gov' }), official: true },
        post('complaint', '小区 停水 三天 没人管', { hour: '2026-11-26T10', label: 'negative' }),
      ])
      const [notice] = await store.postsWithHits(['notice'], '')
      expect(notice?.post).toMatchObject({ id: 'notice', official: true })
      const found = await store.searchPosts({ q: '停水' })
      expect(Object.fromEntries(found.items.map((p) => [p.id, p.official]))).toEqual({ notice: true, complaint: false })
    })

    it('never folds posts without words into each other', async () => {
      const empty = (id: string) => ({ ...post(id, '', { hour: '2026-11-26T08' }), tokens: [], terms: [], simhash: '0000000000000000' })
      expect(await store.savePosts([empty('e1'), empty('e2')])).toEqual({
        stored: 2,
        folded: 0,
        duplicates: 0,
        saved: [
          { id: 'e1', duplicateOf: null },
          { id: 'e2', duplicateOf: null },
        ],
      })
    })

    it('counts terms over any range of hours and sums a term over several ranges', async () => {
      await store.savePosts(posts)
      expect(await store.termCountsIn({ from: '2026-11-26T08', to: '2026-11-26T09' }, 2)).toEqual([
        { term: '青溪大桥', count: 2, negativeCount: 1 },
        { term: '严重', count: 1, negativeCount: 1 },
      ])
      const totals = await store.termTotals(
        ['堵车', '桂花节', '从未出现'],
        [
          { from: '2026-11-25T00', to: '2026-11-25T23' },
          { from: '2026-11-26T20', to: '2026-11-26T23' },
        ],
      )
      expect(totals).toEqual(new Map([['堵车', 1], ['桂花节', 1], ['从未出现', 0]]))
      expect(await store.postCount({ from: '2026-11-26T08', to: '2026-11-26T20' })).toBe(3)
      expect(await store.postCount({ from: '2026-11-25T20', to: '2026-11-26T08' })).toBe(1)
    })

    it('gives a term day by day in the order asked, with its negative posts, a repost counted once', async () => {
      await store.savePosts([...posts, post('a-repost', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative' })])
      expect(await store.termDays('堵车', ['2026-11-24', '2026-11-26', '2026-11-25'])).toEqual([
        { day: '2026-11-24', count: 0, negativeCount: 0 },
        { day: '2026-11-26', count: 2, negativeCount: 2 },
        { day: '2026-11-25', count: 0, negativeCount: 0 },
      ])
      expect(await store.termDays('青溪大桥', ['2026-11-26'])).toEqual([{ day: '2026-11-26', count: 2, negativeCount: 1 }])
      expect(await store.termDays('从未出现', [])).toEqual([])
      await expect(store.termDays('堵车', ['2026-11-26', '11/26'])).rejects.toThrow('term days: expected a day YYYY-MM-DD, got "11/26"')
    })

    it('lists the originals of a range that mention each term, newest first', async () => {
      await store.savePosts([...posts, post('a-repost', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative' })])
      const mentions = await store.postsMentioning(['堵车', '热闹'], { from: '2026-11-26T00', to: '2026-11-26T23' }, 10)
      expect(mentions.get('堵车')?.map((p) => [p.id, p.negative])).toEqual([
        ['c', true],
        ['a', true],
      ])
      expect(mentions.get('热闹')).toEqual([])
    })

    it('refuses a range whose end is not an hour label, naming the end and the label', async () => {
      await store.savePosts(posts)
      const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
      const calls: [string, (range: { from: string; to: string }) => Promise<unknown>][] = [
        ['termCountsIn', (range) => store.termCountsIn(range, 10)],
        ['termTotals', (range) => store.termTotals(['堵车'], [day, range])],
        ['postCount', (range) => store.postCount(range)],
        ['postsMentioning', (range) => store.postsMentioning(['堵车'], range, 10)],
        ['ruleHitCounts', (range) => store.ruleHitCounts({ ruleId: 'traffic', range, foldDuplicates: false })],
        ['ruleHitPostIds', (range) => store.ruleHitPostIds({ ruleId: 'traffic', range, foldDuplicates: false }, 10)],
        ['postsIn', (range) => store.postsIn(range, 0, 10)],
      ]
      for (const [method, call] of calls) {
        await expect(call({ from: '2026-11-26', to: day.to }), method).rejects.toThrow('hour range from: expected an hour YYYY-MM-DDTHH, got "2026-11-26"')
        await expect(call({ from: day.from, to: '2026-11-31T05' }), method).rejects.toThrow('hour range to: expected an hour YYYY-MM-DDTHH, got "2026-11-31T05"')
        await expect(call({ from: day.from, to: '2026-11-26T24' }), method).rejects.toMatchObject({ name: 'InputError' })
      }
      expect(await store.postCount(day)).toBe(3)
    })

    it('lists the days that have posts, newest first, with their originals and negative originals', async () => {
      await store.savePosts(posts)
      expect(await store.days()).toEqual([
        { day: '2026-11-26', posts: 3, originals: 3, negative: 2 },
        { day: '2026-11-25', posts: 1, originals: 1, negative: 0 },
      ])
    })

    it('keeps each post’s rule hits and counts them per range, folded or not, per source', async () => {
      const hit = (ruleId: string, span: [number, number]) => ({ ruleId, spans: [span], terms: ['堵车'] })
      const withHits = [
        { ...(posts[0] as AnalyzedPost), ruleHits: [hit('traffic', [4, 6])] },
        { ...(posts[2] as AnalyzedPost), ruleHits: [hit('traffic', [5, 7]), hit('water', [3, 5])] },
        { ...post('a-repost', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative', source: 'weibo' }), ruleHits: [hit('traffic', [4, 6])] },
      ]
      await store.savePosts([...withHits, posts[1] as AnalyzedPost])
      await store.savePosts(withHits)
      const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 3, negative: 3 }])
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: true })).toEqual([{ group: '', count: 2, negative: 2 }])
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: { from: '2026-11-26T09', to: '2026-11-26T23' }, foldDuplicates: false }, 'source')).toEqual([
        { group: 'forum', count: 1, negative: 1 },
        { group: 'weibo', count: 1, negative: 1 },
      ])
      expect(await store.ruleHitCounts({ ruleId: 'nothing', range: day, foldDuplicates: false })).toEqual([])
      expect(await store.ruleHitPostIds({ ruleId: 'traffic', range: day, foldDuplicates: false }, 10)).toEqual(['c', 'a-repost', 'a'])
      expect(await store.ruleHitPostIds({ ruleId: 'traffic', range: day, foldDuplicates: false }, 10, 'weibo')).toEqual(['a-repost'])

      const evidence = await store.postsWithHits(['c', 'b'], 'traffic')
      expect(evidence.map((e) => [e.post.id, e.post.hour, e.spans, e.terms])).toEqual([
        ['c', '2026-11-26T20', [[5, 7]], ['堵车']],
        ['b', '2026-11-26T09', [], []],
      ])
      // One post's hits, every rule: why its page says it was flagged.
      expect(await store.ruleHitsOf('c')).toEqual([hit('traffic', [5, 7]), hit('water', [3, 5])])
      expect(await store.ruleHitsOf('b')).toEqual([])
      expect(await store.ruleHitsOf('nope')).toEqual([])
    })

    it('marks the posts awaiting their match alert with the posts, lists them once old enough, oldest first, and clears them', async () => {
      const traffic = { ruleId: 'traffic', spans: [[5, 7]] as [number, number][], terms: ['堵车'] }
      const water = { ruleId: 'water', spans: [[3, 5]] as [number, number][], terms: ['停水'] }
      const first = new Date('2026-11-26T12:00:00.000Z')
      const later = new Date('2026-11-26T12:05:00.000Z')
      const copy = post('c-copy', '溪口镇 停水 堵车', { hour: '2026-11-26T21', label: 'negative', source: 'weibo' })
      await store.savePosts([{ ...(posts[2] as AnalyzedPost), ruleHits: [traffic, water] }, posts[0] as AnalyzedPost, { ...copy, ruleHits: [water] }], {
        pendingMatch: { ids: ['c', 'c-copy'], at: first },
      })
      await store.savePosts([{ ...(posts[3] as AnalyzedPost), ruleHits: [water] }], { pendingMatch: { ids: ['d'], at: later } })
      // Stored already: a retried batch marks nothing again.
      await store.savePosts([{ ...(posts[2] as AnalyzedPost), ruleHits: [traffic, water] }], { pendingMatch: { ids: ['c'], at: later } })

      expect(await store.pendingMatches(new Date(first.getTime() - 1), 10)).toEqual([])
      expect(await store.pendingMatches(first, 10)).toEqual([
        { id: 'c', day: '2026-11-26', source: 'forum', duplicateOf: null, markedAt: first.toISOString(), hits: [{ ruleId: 'traffic', terms: ['堵车'] }, { ruleId: 'water', terms: ['停水'] }] },
        { id: 'c-copy', day: '2026-11-26', source: 'weibo', duplicateOf: 'c', markedAt: first.toISOString(), hits: [{ ruleId: 'water', terms: ['停水'] }] },
      ])
      expect((await store.pendingMatches(later, 10)).map((p) => p.id)).toEqual(['c', 'c-copy', 'd'])
      expect((await store.pendingMatches(later, 1)).map((p) => p.id)).toEqual(['c'])

      await store.clearPendingMatches([{ id: 'c', day: '2026-11-26' }, { id: 'a', day: '2026-11-26' }, { id: 'never-stored', day: '2026-11-26' }])
      expect((await store.pendingMatches(later, 10)).map((p) => p.id)).toEqual(['c-copy', 'd'])
      await store.clearPendingMatches([])
      expect((await store.pendingMatches(later, 10)).map((p) => p.id)).toEqual(['c-copy', 'd'])
    })

    it('finds posts by sentiment and by the rule that hit them, with the other filters', async () => {
      const hit = { ruleId: 'traffic', spans: [[0, 2]] as [number, number][], terms: ['堵车'] }
      await store.savePosts(posts.map((p) => (p.id === 'a' || p.id === 'd' ? { ...p, ruleHits: [hit] } : p)))
      expect((await store.searchPosts({ sentiment: 'negative' })).items.map((p) => p.id)).toEqual(['c', 'a'])
      expect((await store.searchPosts({ rule: 'traffic' })).items.map((p) => p.id)).toEqual(['a', 'd'])
      expect((await store.searchPosts({ rule: 'traffic', sentiment: 'positive' })).items.map((p) => p.id)).toEqual(['d'])
      expect((await store.searchPosts({ rule: 'traffic', term: '堵车', day: '2026-11-26' })).items.map((p) => p.id)).toEqual(['a'])
      expect((await store.searchPosts({ rule: 'nothing' })).total).toBe(0)
    })

    it('takes a person’s sentiment label for a post: the post, its terms’ and its day’s negative counts, and its rule hits follow', async () => {
      const hit = { ruleId: 'traffic', spans: [[0, 2]] as [number, number][], terms: ['堵车'] }
      const repost = post('b-repost', '青溪大桥 绕行 通知', { hour: '2026-11-26T10' })
      await store.savePosts([...posts.map((p) => (p.id === 'b' ? { ...p, ruleHits: [hit] } : p)), { ...repost, ruleHits: [hit] }])
      const at = new Date('2026-11-26T12:30:00.000Z')
      const corrected = await store.correctSentiment('b', 'negative', 'analyst', at)
      expect(corrected?.from).toBe('neutral')
      expect(corrected?.wave).toBe(1)
      expect(corrected?.post.sentiment).toEqual({ score: 0, label: 'negative', corrected: { by: 'analyst', at: at.toISOString(), was: 'neutral' } })
      // The same label again changes nothing: who set it, and when, stay.
      const again = await store.correctSentiment('b', 'negative', 'lead', new Date('2026-11-26T13:00:00.000Z'))
      expect(again).toEqual({ post: corrected?.post, from: 'negative', wave: 0 })
      expect((await store.postsWithHits(['b'], ''))[0]?.post.sentiment.label).toBe('negative')
      expect(await store.termDays('青溪大桥', ['2026-11-26'])).toEqual([{ day: '2026-11-26', count: 2, negativeCount: 2 }])
      expect(await store.termCountsIn({ from: '2026-11-26T09', to: '2026-11-26T09' }, 10)).toContainEqual({ term: '绕行', count: 1, negativeCount: 1 })
      expect((await store.days())[0]).toEqual({ day: '2026-11-26', posts: 4, originals: 3, negative: 3 })
      // Its repost followed it (a wave is one text): the analyzer's label kept, and whose relabel it followed.
      const followed = { by: 'analyst', at: at.toISOString(), was: 'neutral', of: 'b' }
      expect((await store.postsWithHits(['b-repost'], ''))[0]?.post.sentiment).toEqual({ score: 0, label: 'negative', corrected: followed })
      const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 2, negative: 2 }])
      expect((await store.searchPosts({ sentiment: 'negative', day: '2026-11-26' })).items.map((p) => p.id)).toEqual(['c', 'b-repost', 'b', 'a'])
      // Listed as relabelled: the person's decision, not the copy that followed it.
      expect((await store.searchPosts({ corrected: true })).items.map((p) => p.id)).toEqual(['b'])

      // A copy folded into it later takes its label as well.
      const late = post('b-late', '青溪大桥 绕行 通知', { hour: '2026-11-26T11' })
      expect(await store.savePosts([{ ...late, ruleHits: [hit] }])).toMatchObject({ stored: 1, folded: 1 })
      expect((await store.postsWithHits(['b-late'], ''))[0]?.post.sentiment).toEqual({ score: 0, label: 'negative', corrected: followed })
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 3, negative: 3 }])

      // A near-duplicate relabelled on its own counts toward its rule hits only (it is no original
      // of any term), and keeps that label when its original is relabelled again.
      expect((await store.correctSentiment('b-repost', 'positive', 'analyst', at))?.post.sentiment.corrected).toEqual({ by: 'analyst', at: at.toISOString(), was: 'neutral' })
      expect(await store.termDays('青溪大桥', ['2026-11-26'])).toEqual([{ day: '2026-11-26', count: 2, negativeCount: 2 }])
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 3, negative: 2 }])

      // Relabelled again, it keeps what the analyzer said; back to that label, the correction goes, from its wave too.
      const negativeTo = await store.correctSentiment('b', 'positive', 'lead', at)
      expect(negativeTo?.from).toBe('negative')
      expect(negativeTo?.wave).toBe(1)
      expect(negativeTo?.post.sentiment.corrected).toEqual({ by: 'lead', at: at.toISOString(), was: 'neutral' })
      expect(await store.termDays('青溪大桥', ['2026-11-26'])).toEqual([{ day: '2026-11-26', count: 2, negativeCount: 1 }])
      const undone = await store.correctSentiment('b', 'neutral', 'lead', at)
      expect(undone?.from).toBe('positive')
      expect(undone?.post.sentiment).toEqual({ score: 0, label: 'neutral' })
      expect((await store.postsWithHits(['b-late', 'b-repost'], '')).map((h) => h.post.sentiment.label)).toEqual(['neutral', 'positive'])
      expect((await store.postsWithHits(['b-late'], ''))[0]?.post.sentiment).toEqual({ score: 0, label: 'neutral' })
      expect((await store.searchPosts({ term: '绕行', day: '2026-11-26', foldDuplicates: true })).items[0]?.sentiment).toEqual({ score: 0, label: 'neutral' })
      expect((await store.days())[0]).toEqual({ day: '2026-11-26', posts: 5, originals: 3, negative: 2 })
      expect((await store.searchPosts({ corrected: true })).items.map((p) => p.id)).toEqual(['b-repost'])
      expect(await store.correctSentiment('never-stored', 'negative', 'analyst', at)).toBeUndefined()
    })

    it('keeps a repost wave with its original: copies the analyzer read otherwise follow a relabel, and go back to their own label when it is undone', async () => {
      const hit = { ruleId: 'traffic', spans: [[0, 2]] as [number, number][], terms: ['停水'] }
      const original = { ...post('o', '溪口镇 停水 通知 明天', { hour: '2026-11-26T08' }), ruleHits: [hit] }
      const copy = { ...post('o-copy', '溪口镇 停水 通知 明天', { hour: '2026-11-26T09', label: 'negative' }), ruleHits: [hit] }
      expect(await store.savePosts([original, copy])).toMatchObject({ stored: 2, folded: 1 })
      const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
      const sentimentOf = async (id: string) => (await store.postsWithHits([id], ''))[0]?.post.sentiment
      const at = new Date('2026-11-26T12:30:00.000Z')

      // The label the original has already: nothing changes, the copy keeps what the analyzer said.
      expect(await store.correctSentiment('o', 'neutral', 'analyst', at)).toMatchObject({ from: 'neutral', wave: 0 })
      expect(await sentimentOf('o-copy')).toEqual({ score: -0.8, label: 'negative' })
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 2, negative: 1 }])

      expect(await store.correctSentiment('o', 'positive', 'analyst', at)).toMatchObject({ from: 'neutral', wave: 1 })
      expect(await sentimentOf('o-copy')).toEqual({ score: -0.8, label: 'positive', corrected: { by: 'analyst', at: at.toISOString(), was: 'negative', of: 'o' } })
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 2, negative: 0 }])

      // Undone: the copy is the analyzer's again, and so is one folded in afterwards.
      expect(await store.correctSentiment('o', 'neutral', 'analyst', at)).toMatchObject({ from: 'positive', wave: 1 })
      expect(await sentimentOf('o-copy')).toEqual({ score: -0.8, label: 'negative' })
      const later = { ...post('o-later', '溪口镇 停水 通知 明天', { hour: '2026-11-26T10', label: 'negative' }), ruleHits: [hit] }
      expect(await store.savePosts([later])).toMatchObject({ stored: 1, folded: 1 })
      expect(await sentimentOf('o-later')).toEqual({ score: -0.8, label: 'negative' })
      expect(await store.ruleHitCounts({ ruleId: 'traffic', range: day, foldDuplicates: false })).toEqual([{ group: '', count: 3, negative: 2 }])
      expect((await store.searchPosts({ corrected: true })).total).toBe(0)
    })

    it('makes a copy that followed its original the person’s own once they choose its label, even the one it carries or its analyzer’s', async () => {
      const text = '溪口镇 停水 通知 明天'
      const copies = ['o-kept', 'o-back', 'o-left'].map((id, i) => post(id, text, { hour: `2026-11-26T0${i + 7}`, label: 'negative' }))
      expect(await store.savePosts([post('o', text, { hour: '2026-11-26T06', label: 'positive' }), ...copies])).toMatchObject({ stored: 4, folded: 3 })
      const sentimentOf = async (id: string) => (await store.postsWithHits([id], ''))[0]?.post.sentiment
      const at = new Date('2026-11-26T12:30:00.000Z')
      const by = (who: string) => ({ by: who, at: at.toISOString(), was: 'negative' })
      expect(await store.correctSentiment('o', 'neutral', 'analyst', at)).toMatchObject({ wave: 3 })
      expect(await sentimentOf('o-kept')).toEqual({ score: -0.8, label: 'neutral', corrected: { ...by('analyst'), of: 'o' } })

      // The label it carries, and the analyzer's: each now the lead's, with no original named.
      expect(await store.correctSentiment('o-kept', 'neutral', 'lead', at)).toMatchObject({ from: 'neutral', wave: 0, post: { sentiment: { label: 'neutral', corrected: by('lead') } } })
      expect(await store.correctSentiment('o-back', 'negative', 'lead', at)).toMatchObject({ from: 'neutral', post: { sentiment: { label: 'negative', corrected: by('lead') } } })
      expect(await sentimentOf('o-kept')).toEqual({ score: -0.8, label: 'neutral', corrected: by('lead') })
      expect(await sentimentOf('o-back')).toEqual({ score: -0.8, label: 'negative', corrected: by('lead') })

      // The original relabelled again moves only the copy no one chose for (to its analyzer's label, the original's new one).
      expect(await store.correctSentiment('o', 'negative', 'analyst', at)).toMatchObject({ wave: 1 })
      expect(await sentimentOf('o-left')).toEqual({ score: -0.8, label: 'negative' })
      expect(await sentimentOf('o-kept')).toEqual({ score: -0.8, label: 'neutral', corrected: by('lead') })
      expect(await sentimentOf('o-back')).toEqual({ score: -0.8, label: 'negative', corrected: by('lead') })
      expect((await store.searchPosts({ corrected: true })).items.map((p) => p.id).sort()).toEqual(['o', 'o-back', 'o-kept'])

      // o-left carries no correction now (its original's label is its analyzer's), yet it would follow
      // the next relabel: a person's choice of that label makes it theirs. So does o-back's way back
      // to its analyzer's label after another: a copy keeps a person's label as a correction.
      expect(await store.correctSentiment('o-left', 'negative', 'lead', at)).toMatchObject({ from: 'negative', post: { sentiment: { label: 'negative', corrected: by('lead') } } })
      expect(await store.correctSentiment('o-back', 'positive', 'lead', at)).toMatchObject({ from: 'negative' })
      expect(await store.correctSentiment('o-back', 'negative', 'lead', at)).toMatchObject({ from: 'positive', post: { sentiment: { label: 'negative', corrected: by('lead') } } })
      expect(await store.correctSentiment('o', 'neutral', 'analyst', at)).toMatchObject({ wave: 0 })
      for (const id of ['o-left', 'o-back']) expect(await sentimentOf(id)).toEqual({ score: -0.8, label: 'negative', corrected: by('lead') })
    })

    it('pages through the posts of a range in storage order', async () => {
      await store.savePosts(posts)
      const range = { from: '2026-11-25T00', to: '2026-11-26T23' }
      const first = await store.postsIn(range, 0, 3)
      expect(first.posts.map((p) => p.id)).toEqual(['a', 'b', 'c'])
      const rest = await store.postsIn(range, first.posts[2]?.seq ?? 0, 3)
      expect(rest.posts.map((p) => p.id)).toEqual(['d'])
      expect((await store.postsIn({ from: '2026-11-26T09', to: '2026-11-26T09' }, 0, 10)).posts.map((p) => p.id)).toEqual(['b'])
    })

    if (harness.reopen) {
      const reopen = harness.reopen
      it('keeps what it stored after being closed and opened again', async () => {
        await store.savePosts(posts)
        await store.close()
        store = await reopen()
        expect((await store.searchPosts({ term: '桂花节' })).total).toBe(1)
        expect(await store.savePosts(posts)).toEqual({ stored: 0, folded: 0, duplicates: 4, saved: [] })
      })
    }
  })
}
