import { describe, expect, it } from 'vitest'
import { idempotencyKey, type AlertMessage, type AlertRecord } from '@yuqing/core'
import { spaceTokenizer } from '../contract.ts'
import type { Task } from '../task-store.ts'
import { errorAnswer, mockCluster, type SentRequest } from './cluster-mock.ts'
import { openElasticsearchStore } from './elasticsearch-store.ts'

// Against the official client's mock connection (@elastic/elasticsearch-mock): these tests check
// the requests the store sends and how it reads canned answers. No cluster ran them.

type Cluster = ReturnType<typeof mockCluster>
const open = (cluster: Cluster) => openElasticsearchStore({ client: cluster.client, indexPrefix: 'yq', tokenize: spaceTokenizer })

/** Answers searches after the store is open, and records their bodies. */
function answerSearches(cluster: Cluster, answer: (body: Record<string, unknown>) => unknown): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = []
  cluster.answer('POST /:index/_search', (r: SentRequest) => {
    const body = r.body as Record<string, unknown>
    bodies.push(body)
    return { took: 1, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, hits: [] }, ...(answer(body) as object) }
  })
  return bodies
}

describe('Elasticsearch store against the client’s mock: hot words and trends', () => {
  it('counts a day’s terms with a terms aggregation over the originals of its hours, negatives in a filter sub-aggregation', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({
      aggregations: { terms: { buckets: [{ key: '堵车', doc_count: 2, negative: { doc_count: 2 } }, { key: '青溪大桥', doc_count: 2, negative: { doc_count: 1 } }] } },
    }))
    expect(await store.termCounts('2026-11-26', 2)).toEqual([
      { term: '堵车', count: 2, negativeCount: 2 },
      { term: '青溪大桥', count: 2, negativeCount: 1 },
    ])
    expect(bodies).toEqual([
      {
        size: 0,
        query: { bool: { filter: [{ range: { hour: { gte: '2026-11-26T00', lte: '2026-11-26T23' } } }, { term: { folded: false } }] } },
        aggs: {
          terms: {
            terms: { field: 'terms', size: 2, shard_size: 1000, order: [{ _count: 'desc' }, { _key: 'asc' }] },
            aggs: { negative: { filter: { term: { 'sentiment.label': 'negative' } } } },
          },
        },
      },
    ])
    expect(cluster.sentTo('POST', '/yq-posts-*/_search')).toHaveLength(2)
  })

  it('sums terms over several ranges with one filter aggregation per range, and answers 0 for a term never seen', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({
      aggregations: { range0: { terms: { buckets: [{ key: '堵车', doc_count: 1 }] } }, range1: { terms: { buckets: [{ key: '堵车', doc_count: 2 }, { key: '桂花节', doc_count: 1 }] } } },
    }))
    const ranges = [
      { from: '2026-11-25T00', to: '2026-11-25T23' },
      { from: '2026-11-26T20', to: '2026-11-26T23' },
    ]
    expect(await store.termTotals(['堵车', '桂花节', '从未出现'], ranges)).toEqual(new Map([['堵车', 3], ['桂花节', 1], ['从未出现', 0]]))
    expect(bodies[0]).toMatchObject({
      size: 0,
      query: { bool: { filter: [{ terms: { terms: ['堵车', '桂花节', '从未出现'] } }, { term: { folded: false } }] } },
      aggs: {
        range0: { filter: { range: { hour: { gte: '2026-11-25T00', lte: '2026-11-25T23' } } }, aggs: { terms: { terms: { field: 'terms', include: ['堵车', '桂花节', '从未出现'], size: 3 } } } },
        range1: { filter: { range: { hour: { gte: '2026-11-26T20', lte: '2026-11-26T23' } } } },
      },
    })
  })

  it('gives a term day by day with a terms aggregation on the day keyword, negatives in a filter sub-aggregation, 0 for a day without it', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({ aggregations: { days: { buckets: [{ key: '2026-11-26', doc_count: 2, negative: { doc_count: 1 } }] } } }))
    expect(await store.termDays('青溪大桥', ['2026-11-25', '2026-11-26'])).toEqual([
      { day: '2026-11-25', count: 0, negativeCount: 0 },
      { day: '2026-11-26', count: 2, negativeCount: 1 },
    ])
    expect(bodies).toEqual([
      {
        size: 0,
        query: { bool: { filter: [{ term: { terms: '青溪大桥' } }, { terms: { day: ['2026-11-25', '2026-11-26'] } }, { term: { folded: false } }] } },
        aggs: { days: { terms: { field: 'day', size: 2 }, aggs: { negative: { filter: { term: { 'sentiment.label': 'negative' } } } } } },
      },
    ])
  })

  it('lists the days with posts by a terms aggregation on the day keyword, newest first, originals and their negative ones in filter sub-aggregations', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({
      aggregations: {
        days: {
          buckets: [
            { key: '2026-11-26', doc_count: 5, originals: { doc_count: 3, negative: { doc_count: 2 } } },
            { key: '2026-11-25', doc_count: 1, originals: { doc_count: 1, negative: { doc_count: 0 } } },
          ],
        },
      },
    }))
    expect(await store.days()).toEqual([
      { day: '2026-11-26', posts: 5, originals: 3, negative: 2 },
      { day: '2026-11-25', posts: 1, originals: 1, negative: 0 },
    ])
    expect(bodies).toEqual([
      {
        size: 0,
        aggs: {
          days: {
            terms: { field: 'day', size: 10_000, order: { _key: 'desc' } },
            aggs: { originals: { filter: { term: { folded: false } }, aggs: { negative: { filter: { term: { 'sentiment.label': 'negative' } } } } } },
          },
        },
      },
    ])
  })

  it('lists the originals mentioning each term with a term query on the terms field (the posts its count counts), one search per term', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const searches: unknown[] = []
    cluster.answer('POST /_msearch', (r) => {
      searches.push(...(r.body as unknown[]))
      const hit = { _index: 'yq-posts-2026-11', _id: 'c', _source: { id: 'c', sentiment: { label: 'negative' }, publishedAt: null } }
      return { took: 1, responses: [{ took: 1, timed_out: false, hits: { total: { value: 1, relation: 'eq' }, hits: [hit] } }, { took: 1, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, hits: [] } }] }
    })
    const day = { from: '2026-11-26T00', to: '2026-11-26T23' }
    const mentions = await store.postsMentioning(['大桥', '热闹'], day, 5)
    expect(mentions).toEqual(new Map([['大桥', [{ id: 'c', negative: true, publishedAt: null }]], ['热闹', []]]))
    expect(searches[1]).toMatchObject({ size: 5, query: { bool: { filter: [{ term: { terms: '大桥' } }, { range: { hour: { gte: '2026-11-26T00', lte: '2026-11-26T23' } } }, { term: { folded: false } }] } } })
    expect(await store.postsMentioning(['大桥'], day, 0)).toEqual(new Map([['大桥', []]]))
    expect(cluster.sentTo('POST', '/_msearch')).toHaveLength(1)
  })

  it('finds posts with every query word through a match on the words field, newest first, and counts each one’s reposts', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const source = { id: 'a', source: 'forum', url: null, title: '大桥又堵了', text: '青溪大桥封闭堵车严重', author: null, publishedAt: '2026-11-26T08:15:00+08:00', day: '2026-11-26', hour: '2026-11-26T08', seq: 5, sentiment: { score: -0.8, label: 'negative' }, keywords: ['青溪大桥'], duplicateOf: null }
    const bodies = answerSearches(cluster, (body) =>
      body.aggs ? { aggregations: { reposts: { buckets: [{ key: 'a', doc_count: 3 }] } } } : { hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-posts-2026.11', _id: 'a', _source: source }] } },
    )
    const page = await store.searchPosts({ q: '青溪大桥 堵车', day: '2026-11-26', source: 'forum', foldDuplicates: true, limit: 5, offset: 10 })
    expect(page.total).toBe(1)
    expect(page.items[0]).toMatchObject({ id: 'a', reposts: 3, matches: ['青溪大桥', '堵车'], snippet: '青溪大桥封闭堵车严重', sentiment: { score: -0.8, label: 'negative' }, official: false })
    expect(bodies[0]).toEqual({
      query: {
        bool: {
          filter: [
            {
              bool: {
                must: [
                  { match: { words: { query: '堵车', operator: 'and' } } },
                  // A word of three Han characters or more: as it is, or by its bigrams inside a longer word.
                  { bool: { should: [{ match: { words: { query: '青溪大桥', operator: 'and' } } }, { match: { words: { query: '青溪 溪大 大桥', operator: 'and' } } }], minimum_should_match: 1 } },
                ],
              },
            },
            { term: { day: '2026-11-26' } },
            { term: { source: 'forum' } },
            { term: { folded: false } },
          ],
        },
      },
      sort: [{ hour: 'desc' }, { publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }],
      from: 10,
      size: 5,
      track_total_hits: true,
      _source: ['id', 'source', 'url', 'title', 'text', 'author', 'publishedAt', 'day', 'hour', 'seq', 'sentiment', 'official', 'keywords', 'duplicateOf'],
    })
    expect(bodies[1]).toEqual({ size: 0, query: { terms: { duplicateOf: ['a'] } }, aggs: { reposts: { terms: { field: 'duplicateOf', size: 1 } } } })
    // A term's posts have the term itself, even when the query searches it too.
    await store.searchPosts({ q: '自来水', term: '自来水' })
    expect((bodies[2]?.query as { bool: { filter: unknown[] } }).bool.filter[0]).toEqual({ match: { words: { query: '自来水', operator: 'and' } } })
  })

  it('filters posts by sentiment and by the rule that hit them with term queries on keyword fields', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({}))
    await store.searchPosts({ sentiment: 'negative', rule: 'traffic' })
    expect((bodies[0]?.query as { bool: { filter: unknown[] } }).bool.filter).toEqual([{ term: { 'sentiment.label': 'negative' } }, { term: { ruleIds: 'traffic' } }])
  })

  it('finds posts over a range of days with a range query on the day keyword, either end open', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({}))
    await store.searchPosts({ from: '2026-11-20', to: '2026-11-26', foldDuplicates: true })
    await store.searchPosts({ from: '2026-11-20' })
    await store.searchPosts({ to: '2026-11-26' })
    const filters = bodies.map((b) => (b.query as { bool: { filter: unknown[] } }).bool.filter)
    expect(filters).toEqual([
      [{ range: { day: { gte: '2026-11-20', lte: '2026-11-26' } } }, { term: { folded: false } }],
      [{ range: { day: { gte: '2026-11-20' } } }],
      [{ range: { day: { lte: '2026-11-26' } } }],
    ])
  })

  it('lists the repost wave of an original with a term query on duplicateOf', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({}))
    await store.searchPosts({ duplicateOf: 'a', limit: 50 })
    expect(bodies[0]).toMatchObject({ query: { bool: { filter: [{ term: { duplicateOf: 'a' } }] } }, size: 50 })
  })

  it('sends nothing for a query without any word the index could hold', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const before = cluster.sent.length
    expect(await store.searchPosts({ q: '"' })).toEqual({ total: 0, items: [] })
    expect(cluster.sent).toHaveLength(before)
  })
})

const task: Task = {
  id: 't1',
  title: '溪口镇停水',
  state: 'triage',
  origin: { kind: 'post', id: 'p1' },
  evidence: { text: '溪口镇停水两天了', postIds: ['p1'], urls: [] },
  department: null,
  assignee: null,
  dueAt: null,
  resolution: null,
  publicReply: null,
  rating: null,
  remark: null,
  createdBy: 'li',
  createdAt: '2026-11-26T02:00:00.000Z',
  updatedAt: '2026-11-26T02:00:00.000Z',
  version: 1,
}
const stored = (t: Task, seqNo: number) => ({ _index: 'yq-tasks', _id: t.id, _version: t.version, _seq_no: seqNo, _primary_term: 2, found: true, _source: { ...t, history: [] } })

describe('Elasticsearch store against the client’s mock: tasks', () => {
  it('writes a change only over the document it read: if_seq_no and if_primary_term of that read', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('GET /:index/_doc/:id', () => stored(task, 7))
    cluster.answer('PUT /:index/_doc/:id', () => ({ _index: 'yq-tasks', _id: 't1', result: 'updated', _seq_no: 8, _primary_term: 2 }))
    const result = await store.tasks.update('t1', 1, { state: 'assigned', assignee: 'wang' }, { at: '2026-11-26T03:00:00.000Z', by: 'li' })
    expect(result).toEqual({ task: { ...task, state: 'assigned', assignee: 'wang', version: 2, updatedAt: '2026-11-26T03:00:00.000Z' } })
    const [write] = cluster.sentTo('PUT', '/yq-tasks/_doc/t1')
    expect(write?.querystring).toMatchObject({ if_seq_no: '7', if_primary_term: '2' })
    expect(write?.body).toMatchObject({ version: 2, state: 'assigned', history: [{ kind: 'transition', from: 'triage', to: 'assigned', changes: { state: 'assigned', assignee: 'wang' } }] })
  })

  it('filters tasks by department and assignee with term queries on keyword fields', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({ hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-tasks', _id: 't1', _source: { ...task, department: '水务局', assignee: 'wang' } }] } }))
    const page = await store.tasks.tasks({ state: 'assigned', department: '水务局', assignee: 'wang', limit: 10 })
    expect(page).toEqual({ total: 1, items: [{ ...task, department: '水务局', assignee: 'wang' }] })
    expect(bodies[0]).toMatchObject({
      query: { bool: { filter: [{ term: { state: 'assigned' } }, { term: { department: '水务局' } }, { term: { assignee: 'wang' } }] } },
      sort: [{ createdAt: 'desc' }, { id: 'asc' }],
      size: 10,
    })
    // The tasks opened from one post: both halves of the origin.
    await store.tasks.tasks({ origin: { kind: 'post', id: 'p1' } })
    expect(bodies[1]).toMatchObject({ query: { bool: { filter: [{ term: { 'origin.kind': 'post' } }, { term: { 'origin.id': 'p1' } }] } } })
  })

  it('walks past the 10,000 result window with search_after when asked for more tasks than it holds', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const held = Array.from({ length: 10_003 }, (_, i) => ({ ...task, id: `t${String(i).padStart(5, '0')}` }))
    const bodies = answerSearches(cluster, (body) => {
      const after = body.search_after as [number, string] | undefined
      const start = after ? held.findIndex((t) => t.id === after[1]) + 1 : Number(body.from ?? 0)
      const hits = held.slice(start, start + Number(body.size)).map((t) => ({ _index: 'yq-tasks', _id: t.id, _source: t, sort: [Date.parse(t.createdAt), t.id] }))
      return { hits: { total: { value: held.length, relation: 'eq' }, hits } }
    })
    const page = await store.tasks.tasks({ limit: 100_000 })
    expect(page.total).toBe(10_003)
    expect(page.items.map((t) => t.id)).toEqual(held.map((t) => t.id))
    expect(bodies.map((b) => [b.from, b.size, b.search_after])).toEqual([
      [undefined, 10_000, undefined],
      [undefined, 10_000, [Date.parse(task.createdAt), 't09999']],
    ])
    // Within the window it is one page with from and size, as before.
    expect((await store.tasks.tasks({ limit: 2, offset: 3 })).items.map((t) => t.id)).toEqual(['t00003', 't00004'])
    expect(bodies[2]).toMatchObject({ from: 3, size: 2 })
  })

  it('names the departments and assignees in use with two terms aggregations, sorted by key', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, () => ({
      aggregations: { departments: { buckets: [{ key: '交通运输局', doc_count: 1 }, { key: '水务局', doc_count: 2 }] }, assignees: { buckets: [{ key: 'wang', doc_count: 2 }] } },
    }))
    expect(await store.tasks.owners()).toEqual({ departments: ['交通运输局', '水务局'], assignees: ['wang'] })
    expect(bodies[0]).toEqual({
      size: 0,
      aggs: {
        departments: { terms: { field: 'department', size: 10_000, order: { _key: 'asc' } } },
        assignees: { terms: { field: 'assignee', size: 10_000, order: { _key: 'asc' } } },
      },
    })
    expect(cluster.sentTo('POST', '/yq-tasks/_search')).toHaveLength(1)
  })

  it('answers a 409 from Elasticsearch with the current task as a conflict, as SQLite answers a stale version', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const theirs = { ...task, state: 'assigned' as const, assignee: 'zhao', version: 2 }
    let reads = 0
    cluster.answer('GET /:index/_doc/:id', () => (++reads === 1 ? stored(task, 7) : stored(theirs, 8)))
    cluster.answer('PUT /:index/_doc/:id', () => errorAnswer(409, 'version_conflict_engine_exception', '[t1]: version conflict, required seqNo [7], primary term [2]'))
    const result = await store.tasks.update('t1', 1, { assignee: 'wang' }, { at: '2026-11-26T03:00:00.000Z', by: 'li' })
    expect(result).toEqual({ conflict: theirs })
    expect(cluster.sentTo('PUT', '/yq-tasks/_doc/t1')).toHaveLength(1)
    expect(reads).toBe(2)
  })
})

describe('Elasticsearch store against the client’s mock: alerts', () => {
  it('writes a message and its deliveries before the rule’s state, so a crash between them loses no alert', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', (r) => ({
      errors: false,
      items: (r.body as Record<string, { _index: string; _id: string }>[]).filter((_, i) => i % 2 === 0).map((l) => Object.fromEntries(Object.entries(l).map(([k, m]) => [k, { ...m, status: 201 }]))),
    }))
    const at = '2026-11-26T02:00:00.000Z'
    const stats = { count: 3, baseline: null, from: at, to: at }
    const record: AlertRecord = { ruleId: 'water', group: '', state: 'firing', breaches: 1, alertId: 'ep1', sequence: 1, startsAt: at, endsAt: null, lastSentAt: at, acknowledgedAt: null, acknowledgedBy: null, unsent: [], sent: [], last: { summary: '3 posts', summaryEn: 'three posts', stats, matchedTerms: ['停水'] }, updatedAt: at }
    const message: AlertMessage = { alertId: 'ep1', sequence: 1, event: 'firing', ruleId: 'water', ruleName: '停水', severity: 'warning', summary: '3 posts', matchedTerms: ['停水'], evidence: [], stats, startsAt: at, timezone: 'Asia/Shanghai' }
    await store.alerts.commit(record, { message, channels: ['ding'], suppressed: false })
    const bulks = cluster.sentTo('POST', '/_bulk').map((r) => (r.body as Record<string, { _index: string; _id: string }>[]).filter((_, i) => i % 2 === 0).map((l) => Object.entries(l).map(([k, m]) => `${k} ${m._index} ${m._id}`)[0]))
    expect(bulks).toEqual([
      ['create yq-alert-messages ep1|1', `create yq-alert-deliveries ${idempotencyKey(message, 'ding')}`],
      ['index yq-alert-state water|', 'update yq-alerts ep1'],
    ])
    // The alert's document carries both summaries, on its first commit and on each later one.
    const [, alertUpdate] = (cluster.sentTo('POST', '/_bulk')[1]?.body as unknown[]).slice(2)
    expect(alertUpdate).toMatchObject({ doc: { summary: '3 posts', summaryEn: 'three posts' }, upsert: { summary: '3 posts', summaryEn: 'three posts' } })

    // A commit without a message (hits held back until realert) leaves the summary of the one last sent.
    await store.alerts.commit({ ...record, unsent: ['late'], last: { summary: '1 post', summaryEn: 'one post', stats, matchedTerms: [] } })
    const [, heldUpdate] = (cluster.sentTo('POST', '/_bulk')[2]?.body as unknown[]).slice(2)
    expect((heldUpdate as { doc: object }).doc).not.toHaveProperty('summary')
    expect((heldUpdate as { doc: object }).doc).not.toHaveProperty('summaryEn')
    expect(heldUpdate).toMatchObject({ doc: { state: 'firing' }, upsert: { summary: '1 post', summaryEn: 'one post' } })
  })
})

describe('Elasticsearch store against the client’s mock: source health', () => {
  const run = { source: 'forum', startedAt: '2026-11-26T03:00:00.000Z', finishedAt: '2026-11-26T03:00:05.000Z', status: 'failed' as const, listPages: 0, postPages: 0, queued: 0, known: 0, failures: 1, skipped: 0, problem: 'http://forum.test/list: HTTP 503', intervalMs: 600_000 }

  it('reads the source’s document, then writes the run over it with the bad streak counted on', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const before = { source: 'forum', last: { ...run, status: 'ok', finishedAt: '2026-11-26T02:00:05.000Z' }, lastGoodAt: '2026-11-26T02:00:05.000Z', badRuns: 0 }
    cluster.answer('GET /:index/_doc/:id', () => ({ _index: 'yq-sources', _id: 'forum', found: true, _source: before }))
    cluster.answer('PUT /:index/_doc/:id', () => ({ _index: 'yq-sources', _id: 'forum', result: 'updated' }))
    const after = { source: 'forum', last: run, lastGoodAt: before.lastGoodAt, badRuns: 1 }
    expect(await store.sources.record(run)).toEqual(after)
    expect(cluster.sentTo('GET', '/yq-sources/_doc/forum')).toHaveLength(1)
    expect(cluster.sentTo('PUT', '/yq-sources/_doc/forum')[0]?.body).toEqual(after)
  })

  it('starts a source that has no document yet at its first run', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('GET /:index/_doc/:id', () => errorAnswer(404, 'not_found', 'no document'))
    cluster.answer('PUT /:index/_doc/:id', () => ({ _index: 'yq-sources', _id: 'forum', result: 'created' }))
    expect(await store.sources.record(run)).toEqual({ source: 'forum', last: run, lastGoodAt: null, badRuns: 1 })
  })

  it('lists the sources by id', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const health = { source: 'forum', last: run, lastGoodAt: null, badRuns: 1 }
    const bodies = answerSearches(cluster, () => ({ hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-sources', _id: 'forum', _source: health }] } }))
    expect(await store.sources.list()).toEqual([health])
    expect(bodies[0]).toMatchObject({ sort: [{ source: 'asc' }] })
  })
})

describe('Elasticsearch store against the client’s mock: a post’s rule hits', () => {
  it('reads the post’s ruleHits field by id and gives them by rule id', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const water = { ruleId: 'water', spans: [[3, 5]], terms: ['停水'] }
    const traffic = { ruleId: 'traffic', spans: [[5, 7]], terms: ['堵车'] }
    const bodies = answerSearches(cluster, () => ({ hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-posts-2026.11', _id: 'c', _source: { id: 'c', ruleHits: [water, traffic] } }] } }))
    expect(await store.ruleHitsOf('c')).toEqual([traffic, water])
    expect(bodies[0]).toMatchObject({ query: { ids: { values: ['c'] } }, size: 1 })
    expect((bodies[0]?._source as string[]).includes('ruleHits')).toBe(true)
  })
})

describe('Elasticsearch store against the client’s mock: a person’s sentiment label', () => {
  const doc = { id: 'b', source: 'forum', url: null, title: null, text: '青溪大桥绕行通知', author: null, publishedAt: null, day: '2026-11-26', hour: '2026-11-26T09', seq: 1, sentiment: { score: 0, label: 'neutral' }, keywords: [], duplicateOf: null }
  /** Answers the post's read with `source`, the read of its wave with `copies` (none unless given). */
  const withDoc =
    (source: object, seqNo = 4, copies: { id: string; sentiment: object }[] = []) =>
    (body: Record<string, unknown>) => {
      if ('aggs' in body) return { aggregations: { reposts: { buckets: [] } } }
      if (JSON.stringify(body.query).includes('duplicateOf')) {
        return { hits: { total: { value: copies.length, relation: 'eq' }, hits: copies.map((c, i) => ({ _index: 'yq-posts-2026.11', _id: c.id, _seq_no: 20 + i, _primary_term: 1, _source: c, sort: [i, c.id] })) } }
      }
      return { hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-posts-2026.11', _id: 'b', _seq_no: seqNo, _primary_term: 1, _source: source }] } }
    }

  it('updates the post’s document in the index it was found in, over the version it read, keeping the analyzer’s label beside the person’s', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, withDoc(doc))
    cluster.answer('POST /:index/_update/:id', () => ({ _index: 'yq-posts-2026.11', _id: 'b', result: 'updated' }))
    const at = new Date('2026-11-26T12:30:00.000Z')
    const relabelled = await store.correctSentiment('b', 'negative', 'analyst', at)
    const correction = { by: 'analyst', at: at.toISOString(), was: 'neutral' }
    expect(relabelled?.from).toBe('neutral')
    expect(relabelled?.post.sentiment).toEqual({ score: 0, label: 'negative', corrected: correction })
    expect(bodies[0]).toMatchObject({ query: { ids: { values: ['b'] } }, seq_no_primary_term: true })
    const [update, ...more] = cluster.sentTo('POST', '/yq-posts-2026.11/_update/b')
    expect(more).toEqual([])
    // `of: null`: a partial update merges objects, and a copy that followed its original would keep its id.
    expect(update?.body).toEqual({ doc: { sentiment: { score: 0, label: 'negative', corrected: { ...correction, of: null } } } })
    expect(update?.querystring).toMatchObject({ refresh: 'wait_for', if_seq_no: '4', if_primary_term: '1' })
  })

  it('makes a copy that followed its original the person’s own when they choose the label it carries, and reads the cleared original as none', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const followed = { by: 'analyst', at: '2026-11-26T12:00:00.000Z', was: 'neutral', of: 'a' }
    answerSearches(cluster, withDoc({ ...doc, duplicateOf: 'a', sentiment: { score: 0, label: 'negative', corrected: followed } }))
    cluster.answer('POST /:index/_update/:id', () => ({ _index: 'yq-posts-2026.11', _id: 'b', result: 'updated' }))
    const at = new Date('2026-11-26T12:30:00.000Z')
    const relabelled = await store.correctSentiment('b', 'negative', 'lead', at)
    const own = { by: 'lead', at: at.toISOString(), was: 'neutral' }
    expect(relabelled).toMatchObject({ from: 'negative', wave: 0, post: { sentiment: { score: 0, label: 'negative', corrected: own } } })
    expect(cluster.sentTo('POST', '/yq-posts-2026.11/_update/b')[0]?.body).toEqual({ doc: { sentiment: { score: 0, label: 'negative', corrected: { ...own, of: null } } } })

    // As the cluster then holds it: its own correction, no original named.
    answerSearches(cluster, withDoc({ ...doc, duplicateOf: 'a', sentiment: { score: 0, label: 'negative', corrected: { ...own, of: null } }, ruleHits: [] }))
    expect((await store.postsWithHits(['b'], ''))[0]?.post.sentiment).toEqual({ score: 0, label: 'negative', corrected: own })
  })

  it('relabels the near-duplicates of its wave in one bulk request, each over the version read, leaving one a person relabelled on its own', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const own = { by: 'lead', at: '2026-11-26T11:00:00.000Z', was: 'neutral' }
    const wave = withDoc(doc, 4, [
      { id: 'b-copy', sentiment: { score: 0.1, label: 'neutral' } },
      { id: 'b-own', sentiment: { score: 0, label: 'positive', corrected: own } },
      // Relabelled by a person after it had followed: the cleared original's id is null.
      { id: 'b-own-since', sentiment: { score: 0, label: 'neutral', corrected: { ...own, of: null } } },
      { id: 'b-same', sentiment: { score: -0.5, label: 'negative' } },
      { id: 'b-raced', sentiment: { score: 0, label: 'neutral' } },
      { id: 'b-marked', sentiment: { score: 0, label: 'neutral' } },
    ])
    // Written after the wave was read, both answer 409: read again, b-raced has a colleague's label
    // (theirs stands), b-marked only a rule-hit marker (it is relabelled over its new version), and
    // the original has been relabelled by the lead meanwhile (the copy follows theirs).
    const lead = { by: 'lead', at: '2026-11-26T12:31:00.000Z', was: 'neutral' }
    const again = withDoc({ ...doc, sentiment: { score: 0, label: 'positive', corrected: lead } }, 6, [
      { id: 'b-raced', sentiment: { score: 0, label: 'positive', corrected: own } },
      { id: 'b-marked', sentiment: { score: 0, label: 'neutral' } },
    ])
    // Every read after the first of the wave (the copies that answered 409, the original) sees them as they are now.
    let waveRead = false
    const bodies = answerSearches(cluster, (body) => {
      const answer = waveRead ? again : wave
      if (JSON.stringify(body.query).includes('duplicateOf')) waveRead = true
      return answer(body)
    })
    cluster.answer('POST /:index/_update/:id', () => ({ _index: 'yq-posts-2026.11', _id: 'b', result: 'updated' }))
    const item = (id: string, status: number) => ({ update: { _index: 'yq-posts-2026.11', _id: id, status, ...(status === 409 ? { error: { type: 'version_conflict_engine_exception', reason: 'conflict' } } : { result: 'updated' }) } })
    let bulks = 0
    cluster.answer('POST /_bulk', () => (++bulks === 1 ? { errors: true, took: 1, items: [item('b-copy', 200), item('b-raced', 409), item('b-marked', 409)] } : { errors: false, took: 1, items: [item('b-marked', 200)] }))
    const at = new Date('2026-11-26T12:30:00.000Z')
    const relabelled = await store.correctSentiment('b', 'negative', 'analyst', at)
    expect(relabelled?.wave).toBe(2)
    const waveReads = bodies.filter((b) => JSON.stringify(b.query).includes('duplicateOf'))
    expect(waveReads[0]).toMatchObject({ query: { term: { duplicateOf: 'b' } }, sort: [{ seq: 'asc' }, { id: 'asc' }], _source: ['id', 'sentiment'] })
    expect(waveReads[1]?.query).toEqual({ bool: { filter: [{ term: { duplicateOf: 'b' } }, { ids: { values: ['b-raced', 'b-marked'] } }] } })
    const [bulk, second, ...more] = cluster.sentTo('POST', '/_bulk')
    expect(more).toEqual([])
    const followed = { by: 'analyst', at: at.toISOString(), was: 'neutral', of: 'b' }
    expect(bulk?.body).toEqual([
      { update: { _index: 'yq-posts-2026.11', _id: 'b-copy', if_seq_no: 20, if_primary_term: 1 } },
      { doc: { sentiment: { score: 0.1, label: 'negative', corrected: followed } } },
      { update: { _index: 'yq-posts-2026.11', _id: 'b-raced', if_seq_no: 24, if_primary_term: 1 } },
      { doc: { sentiment: { score: 0, label: 'negative', corrected: followed } } },
      { update: { _index: 'yq-posts-2026.11', _id: 'b-marked', if_seq_no: 25, if_primary_term: 1 } },
      { doc: { sentiment: { score: 0, label: 'negative', corrected: followed } } },
    ])
    expect(second?.body).toEqual([
      { update: { _index: 'yq-posts-2026.11', _id: 'b-marked', if_seq_no: 21, if_primary_term: 1 } },
      { doc: { sentiment: { score: 0, label: 'positive', corrected: { ...lead, of: 'b' } } } },
    ])
    expect(bulk?.querystring).toMatchObject({ refresh: 'wait_for' })
  })

  it('gives up on a wave whose copies keep changing under it, naming them, after its attempts', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    let updated = false
    const relabelled = { ...doc, sentiment: { score: 0, label: 'negative', corrected: { by: 'analyst', at: '2026-11-26T12:30:00.000Z', was: 'neutral' } } }
    answerSearches(cluster, (body) => withDoc(updated ? relabelled : doc, 4, [{ id: 'b-busy', sentiment: { score: 0, label: 'neutral' } }])(body))
    cluster.answer('POST /:index/_update/:id', () => {
      updated = true
      return { _index: 'yq-posts-2026.11', _id: 'b', result: 'updated' }
    })
    cluster.answer('POST /_bulk', () => ({ errors: true, took: 1, items: [{ update: { _index: 'yq-posts-2026.11', _id: 'b-busy', status: 409, error: { type: 'version_conflict_engine_exception', reason: 'conflict' } } }] }))
    await expect(store.correctSentiment('b', 'negative', 'analyst', new Date())).rejects.toThrow('1 near-duplicates kept changing while they were relabelled (b-busy); relabel the post again')
    expect(cluster.sentTo('POST', '/_bulk')).toHaveLength(5)
  })

  it('reads the post again when another write got in first (409), and answers undefined when it is gone (404)', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    let reads = 0
    // The first read sees the analyzer's label; by the second, a colleague has made it positive.
    answerSearches(cluster, (body) => {
      if ('aggs' in body) return withDoc(doc)(body)
      reads += 1
      const lead = { by: 'lead', at: '2026-11-26T12:00:00.000Z', was: 'neutral' }
      return withDoc(reads === 1 ? doc : { ...doc, sentiment: { score: 0, label: 'positive', corrected: lead } }, reads === 1 ? 4 : 5)(body)
    })
    let updates = 0
    cluster.answer('POST /:index/_update/:id', () => (++updates === 1 ? errorAnswer(409, 'version_conflict_engine_exception', '[b]: version conflict') : { _index: 'yq-posts-2026.11', _id: 'b', result: 'updated' }))
    const relabelled = await store.correctSentiment('b', 'negative', 'analyst', new Date('2026-11-26T12:30:00.000Z'))
    expect(relabelled?.from).toBe('positive')
    expect(relabelled?.post.sentiment.corrected?.was).toBe('neutral')
    expect(cluster.sentTo('POST', '/yq-posts-2026.11/_update/b').map((r) => r.querystring?.if_seq_no)).toEqual(['4', '5'])

    // The label it already has: nothing is written.
    expect((await store.correctSentiment('b', 'positive', 'analyst', new Date()))?.post.sentiment.corrected?.by).toBe('lead')
    expect(cluster.sentTo('POST', '/yq-posts-2026.11/_update/b')).toHaveLength(2)

    cluster.answer('POST /:index/_update/:id', () => errorAnswer(404, 'document_missing_exception', '[b]: document missing'))
    expect(await store.correctSentiment('b', 'neutral', 'analyst', new Date())).toBeUndefined()
  })

  it('clears the correction when the label goes back to the analyzer’s, and reads a cleared one as none', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    answerSearches(cluster, withDoc({ ...doc, sentiment: { score: 0, label: 'negative', corrected: { by: 'analyst', at: '2026-11-26T12:30:00.000Z', was: 'neutral' } } }))
    cluster.answer('POST /:index/_update/:id', () => ({ _index: 'yq-posts-2026.11', _id: 'b', result: 'updated' }))
    const relabelled = await store.correctSentiment('b', 'neutral', 'lead', new Date('2026-11-26T13:00:00.000Z'))
    expect(relabelled?.post.sentiment).toEqual({ score: 0, label: 'neutral' })
    expect(cluster.sentTo('POST', '/yq-posts-2026.11/_update/b')[0]?.body).toEqual({ doc: { sentiment: { score: 0, label: 'neutral', corrected: null } } })

    answerSearches(cluster, withDoc({ ...doc, sentiment: { score: 0, label: 'neutral', corrected: null }, ruleHits: [] }))
    expect((await store.postsWithHits(['b'], ''))[0]?.post.sentiment).toEqual({ score: 0, label: 'neutral' })
  })

  it('lists the relabelled posts with an exists filter on the correction', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const bodies = answerSearches(cluster, withDoc({ ...doc, sentiment: { score: 0, label: 'negative', corrected: { by: 'analyst', at: '2026-11-26T12:30:00.000Z', was: 'neutral' } } }))
    const page = await store.searchPosts({ corrected: true, from: '2026-11-01' })
    expect(page.items.map((p) => [p.id, p.sentiment.corrected?.was])).toEqual([['b', 'neutral']])
    expect(bodies[0]?.query).toEqual({
      bool: { filter: [{ range: { day: { gte: '2026-11-01' } } }, { exists: { field: 'sentiment.corrected.by' } }, { bool: { must_not: { exists: { field: 'sentiment.corrected.of' } } } }] },
    })
  })

  it('answers undefined for a post it does not hold, and sends no update', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    answerSearches(cluster, () => ({}))
    expect(await store.correctSentiment('gone', 'negative', 'analyst', new Date())).toBeUndefined()
    expect(cluster.sent.filter((r) => r.path.includes('/_update/'))).toEqual([])
  })
})
