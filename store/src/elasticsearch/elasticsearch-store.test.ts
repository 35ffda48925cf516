import { describe, expect, it } from 'vitest'
import { CriticalError, InputError, RetryableError, type AnalyzedPost } from '@yuqing/core'
import { post, spaceTokenizer } from '../contract.ts'
import { indexText } from '../search-text.ts'
import { connectionFailure, mockCluster, type SentRequest } from './cluster-mock.ts'
import { openElasticsearchStore, type ElasticsearchStoreOptions } from './elasticsearch-store.ts'
import { PostsNotStoredError, PostsRejectedError } from './es-errors.ts'

// No Elasticsearch server runs on this machine: every test here runs against the official
// client's mock connection (@elastic/elasticsearch-mock). They prove which requests the store
// sends and how it reads canned answers, not that a cluster accepts them; the contract suites in
// elasticsearch-contract.test.ts do that against a real server when ELASTICSEARCH_URL is set.

type Cluster = ReturnType<typeof mockCluster>

function open(cluster: Cluster, options: Partial<ElasticsearchStoreOptions> = {}) {
  return openElasticsearchStore({ client: cluster.client, indexPrefix: 'yq', tokenize: spaceTokenizer, bulk: { retryDelayMs: 1 }, ...options })
}

type Line = Record<string, { _index: string; _id: string }>

/** The action lines of a bulk body (every other line), as [action, index, id]. */
const actions = (r: SentRequest) => (r.body as Line[]).filter((_, i) => i % 2 === 0).map((l) => Object.entries(l).map(([a, m]) => [a, m._index, m._id])[0])
/** The documents of a bulk body by id. */
const documents = (r: SentRequest) => new Map((r.body as Record<string, unknown>[]).filter((_, i) => i % 2 === 1).map((d) => [d.id as string, d]))

/** Answers each bulk item with `decide(id, round)`: a status, or a status and an error type. */
function bulkAnswer(decide: (id: string, round: number) => number | [number, string]) {
  let round = 0
  return (r: SentRequest) => {
    round++
    const items = (r.body as Line[])
      .filter((_, i) => i % 2 === 0)
      .map((line) => {
        const [action, meta] = Object.entries(line)[0] as [string, { _index: string; _id: string }]
        const decided = decide(meta._id, round)
        const [status, type] = typeof decided === 'number' ? [decided, undefined] : decided
        return { [action]: { _index: meta._index, _id: meta._id, status, ...(type ? { error: { type, reason: `${type} for ${meta._id}` } } : { result: 'created' }) } }
      })
    return { took: 1, errors: items.some((i) => (Object.values(i)[0]?.status ?? 0) >= 300), items }
  }
}

const a = post('a', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T08', label: 'negative' })
const b = post('b', '青溪大桥 绕行 通知', { hour: '2026-11-26T09' })
const c = post('c', '溪口镇 停水 堵车', { hour: '2026-11-26T20', label: 'negative' })
const d = post('d', '桂花节 热闹', { hour: '2026-10-31T19', label: 'positive' })

describe('Elasticsearch store against the client’s mock: index layout', () => {
  it('puts a template for monthly post indices behind an alias, the words field on a whitespace analyzer', async () => {
    const cluster = mockCluster()
    await open(cluster)
    const [template] = cluster.sentTo('PUT', '/_index_template/yq-posts')
    expect(template?.body).toMatchObject({
      index_patterns: ['yq-posts-*'],
      template: {
        aliases: { 'yq-posts': {} },
        settings: { analysis: { analyzer: { yuqing_words: { type: 'custom', tokenizer: 'whitespace', char_filter: ['yuqing_word_breaks'], filter: ['lowercase'] } } } },
        mappings: {
          dynamic: 'strict',
          properties: {
            words: { type: 'text', analyzer: 'yuqing_words' },
            id: { type: 'keyword' },
            source: { type: 'keyword' },
            day: { type: 'keyword' },
            hour: { type: 'keyword' },
            terms: { type: 'keyword' },
            simhash: { type: 'keyword' },
            bands: { type: 'keyword' },
            duplicateOf: { type: 'keyword' },
            official: { type: 'boolean' },
            publishedAt: { type: 'date' },
            fetchedAt: { type: 'date' },
          },
        },
      },
    })
  })

  it('breaks indexed words where FTS5 breaks them: its char filter, read as a JavaScript pattern, splits c++ and covid-19', async () => {
    const cluster = mockCluster()
    await open(cluster)
    const body = cluster.sentTo('PUT', '/_index_template/yq-posts')[0]?.body as { template: { settings: { analysis: { char_filter: Record<string, { pattern: string }> } } } }
    const pattern = new RegExp(body.template.settings.analysis.char_filter.yuqing_word_breaks?.pattern ?? '', 'gu')
    expect(indexText(['C++', 'covid-19', '青溪大桥']).replace(pattern, ' ').split(' ')).toEqual(['c', 'covid', '19', '青溪大桥', '青溪', '溪大', '大桥'])
  })

  it('creates the record indices with their own templates, each under the prefix', async () => {
    const cluster = mockCluster()
    await open(cluster)
    const records = ['alert-state', 'alerts', 'alert-messages', 'alert-deliveries', 'silences', 'users', 'sessions', 'tasks', 'audit', 'sources'].map((n) => `yq-${n}`)
    expect(cluster.sentTo('PUT', '/_index_template/').map((r) => r.path)).toEqual(['yq-posts', ...records].map((n) => `/_index_template/${n}`))
    expect(cluster.sent.filter((r) => r.method === 'PUT' && !r.path.startsWith('/_') && !r.path.endsWith('/_mapping')).map((r) => r.path)).toEqual(records.map((n) => `/${n}`))
  })

  it('deletes the monthly post indices whose last day is older than retentionDays, and no other index', async () => {
    const cluster = mockCluster()
    cluster.answer('GET /_cat/indices/:index', () => ['yq-posts-2026.08', 'yq-posts-2026.09', 'yq-posts-2026.11', 'yq-posts-archive'].map((index) => ({ index })))
    cluster.answer('DELETE /:index', () => ({ acknowledged: true }))
    await open(cluster, { retentionDays: 60, now: () => new Date('2026-11-27T03:00:00Z') })
    expect(cluster.sentTo('DELETE', '/').map((r) => r.path)).toEqual(['/yq-posts-2026.08'])
  })

  it('refuses an index prefix Elasticsearch would refuse, naming the option', async () => {
    await expect(open(mockCluster(), { indexPrefix: 'Yuqing Posts' })).rejects.toThrow(InputError)
    await expect(open(mockCluster(), { indexPrefix: 'Yuqing Posts' })).rejects.toThrow(/^indexPrefix: /)
  })

  it('refuses to open when the cluster does not answer, instead of running without a store', async () => {
    const cluster = mockCluster()
    cluster.answer('GET /', () => connectionFailure('connect ECONNREFUSED 127.0.0.1:9200'))
    await expect(open(cluster)).rejects.toThrow(CriticalError)
    await expect(open(cluster)).rejects.toThrow(/does not answer.*ECONNREFUSED/)
  })
})

describe('Elasticsearch store against the client’s mock: saving posts', () => {
  it('creates each new post by its id in the index of its month, with its words, terms and rule hits in one document', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer(() => 201))
    const withHit: AnalyzedPost = { ...a, ruleHits: [{ ruleId: 'traffic', spans: [[4, 6]], terms: ['堵车'] }], official: true }
    expect(await store.savePosts([withHit, d])).toEqual({ stored: 2, folded: 0, duplicates: 0, saved: [{ id: 'a', duplicateOf: null }, { id: 'd', duplicateOf: null }] })

    expect(cluster.sentTo('PUT', '/yq-posts-2').map((r) => r.path)).toEqual(['/yq-posts-2026.11', '/yq-posts-2026.10'])
    const [bulk, ...more] = cluster.sentTo('POST', '/_bulk')
    expect(more).toEqual([])
    expect(actions(bulk as SentRequest)).toEqual([
      ['create', 'yq-posts-2026.11', 'a'],
      ['create', 'yq-posts-2026.10', 'd'],
    ])
    expect(documents(bulk as SentRequest).get('a')).toMatchObject({
      words: indexText(a.tokens),
      terms: a.terms,
      day: '2026-11-26',
      hour: '2026-11-26T08',
      folded: false,
      duplicateOf: null,
      ruleIds: ['traffic'],
      ruleHits: [{ ruleId: 'traffic', spans: [[4, 6]], terms: ['堵车'] }],
      sentiment: { score: -0.8, label: 'negative' },
      official: true,
    })
    expect(documents(bulk as SentRequest).get('d')).toMatchObject({ official: false })
  })

  it('folds a copy into an original of the same batch, sending the copy only after the original is stored', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer(() => 201))
    const copy = post('a-copy', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative' })
    expect(await store.savePosts([a, copy])).toEqual({ stored: 2, folded: 1, duplicates: 0, saved: [{ id: 'a', duplicateOf: null }, { id: 'a-copy', duplicateOf: 'a' }] })
    const bulks = cluster.sentTo('POST', '/_bulk')
    expect(bulks.map(actions)).toEqual([[['create', 'yq-posts-2026.11', 'a']], [['create', 'yq-posts-2026.11', 'a-copy']]])
    expect(documents(bulks[1] as SentRequest).get('a-copy')).toMatchObject({ duplicateOf: 'a', folded: true })
  })

  it('stores a copy of a relabelled original with its label, the analyzer’s kept, from one search of the batch’s originals', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer(() => 201))
    await store.savePosts([a])
    const searches: unknown[] = []
    const relabel = { by: 'analyst', at: '2026-11-26T12:00:00.000Z', was: 'negative' }
    // Of the two originals, only a was relabelled: the filter leaves d out.
    cluster.answer('POST /:index/_search', (r) => {
      searches.push(r.body)
      return { hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-posts-2026.11', _id: 'a', _source: { id: 'a', sentiment: { score: -0.8, label: 'neutral', corrected: relabel } } }] } }
    })
    await store.savePosts([d])
    const copy = post('a-copy', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10', label: 'negative' })
    const dCopy = post('d-copy', '桂花节 热闹', { hour: '2026-11-25T20', label: 'positive' })
    expect((await store.savePosts([copy, dCopy])).saved).toEqual([
      { id: 'a-copy', duplicateOf: 'a' },
      { id: 'd-copy', duplicateOf: 'd' },
    ])
    expect(searches).toEqual([{ size: 2, query: { bool: { filter: [{ ids: { values: ['a', 'd'] } }, { exists: { field: 'sentiment.corrected.by' } }] } }, _source: ['id', 'sentiment'] }])
    const sent = cluster.sentTo('POST', '/_bulk').at(-1) as SentRequest
    expect(documents(sent).get('a-copy')).toMatchObject({ duplicateOf: 'a', sentiment: { score: -0.8, label: 'neutral', corrected: { ...relabel, of: 'a' } } })
    expect(documents(sent).get('d-copy')).toMatchObject({ duplicateOf: 'd', sentiment: { score: 0.8, label: 'positive' } })
    expect(documents(sent).get('d-copy')?.sentiment).not.toHaveProperty('corrected')
  })

  it('counts a post the cluster already holds as a duplicate: found by id before sending, or refused with 409 on create', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_mget', (r) => ({ docs: (r.body as { docs: { _index: string; _id: string }[] }).docs.map((doc) => ({ ...doc, found: doc._id === 'b' })) }))
    cluster.answer('POST /_bulk', bulkAnswer(() => [409, 'version_conflict_engine_exception']))
    expect(await store.savePosts([a, b])).toEqual({ stored: 0, folded: 0, duplicates: 2, saved: [] })
    expect(cluster.sentTo('POST', '/_bulk').map(actions)).toEqual([[['create', 'yq-posts-2026.11', 'a']]])
  })

  it('sends a 429 item again, reports a mapping error with the post’s id, and reports as stored only what was', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer((id, round) => (id === 'b' && round === 1 ? [429, 'es_rejected_execution_exception'] : id === 'c' ? [400, 'document_parsing_exception'] : 201)))
    const failure = await store.savePosts([a, b, c]).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(PostsRejectedError)
    expect(failure).toBeInstanceOf(InputError)
    const rejected = failure as PostsRejectedError
    expect(rejected.notStored).toEqual([{ id: 'c', status: 400, reason: 'document_parsing_exception: document_parsing_exception for c' }])
    expect(rejected.message).toContain('c (400: document_parsing_exception')
    expect(rejected.result).toEqual({ stored: 2, folded: 0, duplicates: 0, saved: [{ id: 'a', duplicateOf: null }, { id: 'b', duplicateOf: null }] })
    expect(cluster.sentTo('POST', '/_bulk').map(actions)).toEqual([
      [
        ['create', 'yq-posts-2026.11', 'a'],
        ['create', 'yq-posts-2026.11', 'b'],
        ['create', 'yq-posts-2026.11', 'c'],
      ],
      [['create', 'yq-posts-2026.11', 'b']],
    ])
  })

  it('gives up on an item the cluster keeps refusing with 429 after its retries, as a retryable error', async () => {
    const cluster = mockCluster()
    const store = await open(cluster, { bulk: { retries: 2, retryDelayMs: 1 } })
    cluster.answer('POST /_bulk', bulkAnswer((id) => (id === 'b' ? [429, 'es_rejected_execution_exception'] : 201)))
    const failure = await store.savePosts([a, b]).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(PostsNotStoredError)
    expect(failure).toBeInstanceOf(RetryableError)
    expect((failure as PostsNotStoredError).notStored.map((n) => [n.id, n.status])).toEqual([['b', 429]])
    expect((failure as PostsNotStoredError).result.saved).toEqual([{ id: 'a', duplicateOf: null }])
    expect(cluster.sentTo('POST', '/_bulk').map((r) => actions(r).map((x) => x?.[2]))).toEqual([['a', 'b'], ['b'], ['b']])
  })

  it('does not send a copy whose original was refused, and names it among the posts not stored', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer(() => [400, 'document_parsing_exception']))
    const copy = post('a-copy', '青溪大桥 封闭 堵车 严重', { hour: '2026-11-26T10' })
    const failure = (await store.savePosts([a, copy]).catch((error: unknown) => error)) as PostsRejectedError
    expect(failure.notStored).toEqual([
      { id: 'a', status: 400, reason: 'document_parsing_exception: document_parsing_exception for a' },
      { id: 'a-copy', status: 0, reason: 'its original a was not stored' },
    ])
    expect(cluster.sentTo('POST', '/_bulk')).toHaveLength(1)

    // The band index held the refused original: before the next batch it is read again, after a
    // refresh shows every stored post, and the copy is no longer folded into a post that is not there.
    const before = cluster.sent.length
    cluster.answer('POST /_bulk', bulkAnswer(() => 201))
    expect((await store.savePosts([copy])).saved).toEqual([{ id: 'a-copy', duplicateOf: null }])
    expect(cluster.sent.slice(before, before + 3).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /yq-posts-*/_refresh', 'POST /yq-posts-*/_search', 'POST /_mget'])
  })

  it('keeps at most batchSize posts in one bulk request', async () => {
    const cluster = mockCluster()
    const store = await open(cluster, { bulk: { batchSize: 2 } })
    cluster.answer('POST /_bulk', bulkAnswer(() => 201))
    expect((await store.savePosts([a, b, c])).stored).toBe(3)
    expect(cluster.sentTo('POST', '/_bulk').map((r) => actions(r).length)).toEqual([2, 1])
  })
})
