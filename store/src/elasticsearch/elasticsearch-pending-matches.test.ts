import { describe, expect, it } from 'vitest'
import { CriticalError, type AnalyzedPost } from '@yuqing/core'
import { post, spaceTokenizer } from '../contract.ts'
import { mockCluster, type SentRequest } from './cluster-mock.ts'
import { openElasticsearchStore } from './elasticsearch-store.ts'
import { ADDED_POST_FIELDS } from './mappings.ts'

// Against the official client's mock connection (@elastic/elasticsearch-mock): the requests the
// store sends for "pending match" markers and how it reads canned answers. No cluster ran them;
// the contract suite checks the behaviour against a real one when ELASTICSEARCH_URL is set.

type Cluster = ReturnType<typeof mockCluster>
const open = (cluster: Cluster) => openElasticsearchStore({ client: cluster.client, indexPrefix: 'yq', tokenize: spaceTokenizer, bulk: { retryDelayMs: 1 } })

type Line = Record<string, { _index: string; _id: string }>
const actions = (r: SentRequest) => (r.body as Line[]).filter((_, i) => i % 2 === 0).map((l) => Object.entries(l).map(([a, m]) => [a, m._index, m._id])[0])
const bodies = (r: SentRequest) => (r.body as Record<string, unknown>[]).filter((_, i) => i % 2 === 1)

/** Answers every bulk item with the status `decide` gives its id. */
function bulkAnswer(decide: (id: string) => number) {
  return (r: SentRequest) => {
    const items = (r.body as Line[])
      .filter((_, i) => i % 2 === 0)
      .map((line) => {
        const [action, meta] = Object.entries(line)[0] as [string, { _index: string; _id: string }]
        const status = decide(meta._id)
        return { [action]: { _index: meta._index, _id: meta._id, status, ...(status >= 300 ? { error: { type: `status_${status}`, reason: `${status} for ${meta._id}` } } : { result: 'updated' }) } }
      })
    return { took: 1, errors: items.some((i) => (Object.values(i)[0]?.status ?? 0) >= 300), items }
  }
}

const hit = { ruleId: 'water', spans: [[3, 5]] as [number, number][], terms: ['停水'] }
const c: AnalyzedPost = { ...post('c', '溪口镇 停水 堵车', { hour: '2026-11-26T20', label: 'negative' }), ruleHits: [hit] }
const d: AnalyzedPost = { ...post('d', '桂花节 停水', { hour: '2026-10-31T19' }), ruleHits: [hit] }
const at = new Date('2026-11-26T12:00:00.000Z')

describe('Elasticsearch store against the client’s mock: posts pending their match alert', () => {
  it('adds the marker field to post indices made by an older template, as well as to the template', async () => {
    const cluster = mockCluster()
    await open(cluster)
    const [mapping, ...more] = cluster.sentTo('PUT', '/yq-posts-*/_mapping')
    expect(more).toEqual([])
    expect(mapping?.querystring).toMatchObject({ allow_no_indices: 'true', ignore_unavailable: 'true' })
    // The marker, and every other field added since the first template (the relabel's), exactly.
    expect(mapping?.body).toEqual({ properties: ADDED_POST_FIELDS })
    expect(ADDED_POST_FIELDS).toMatchObject({ pendingMatchAt: { type: 'date' } })
    const [template] = cluster.sentTo('PUT', '/_index_template/yq-posts')
    expect(template?.body).toMatchObject({ template: { mappings: { properties: { pendingMatchAt: { type: 'date' } } } } })
  })

  it('marks a post in its own document, in the same bulk create as the post; an unmarked post has no marker field', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer(() => 201))
    await store.savePosts([c, d], { pendingMatch: { ids: ['c'], at } })
    const [bulk, ...more] = cluster.sentTo('POST', '/_bulk')
    expect(more).toEqual([])
    expect(actions(bulk as SentRequest)).toEqual([
      ['create', 'yq-posts-2026.11', 'c'],
      ['create', 'yq-posts-2026.10', 'd'],
    ])
    const [docC, docD] = bodies(bulk as SentRequest)
    expect(docC).toMatchObject({ id: 'c', pendingMatchAt: '2026-11-26T12:00:00.000Z', ruleHits: [hit] })
    expect(docD).not.toHaveProperty('pendingMatchAt')
  })

  it('lists markers up to a time with a range search, oldest first in storage order, read from the answer', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    const sent: unknown[] = []
    cluster.answer('POST /:index/_search', (r) => {
      sent.push(r.body)
      const source = { id: 'c', day: '2026-11-26', source: 'forum', duplicateOf: null, pendingMatchAt: at.toISOString(), ruleHits: [hit] }
      return { took: 1, timed_out: false, hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'yq-posts-2026.11', _id: 'c', _source: source }] } }
    })
    expect(await store.pendingMatches(at, 50)).toEqual([
      { id: 'c', day: '2026-11-26', source: 'forum', duplicateOf: null, markedAt: at.toISOString(), hits: [{ ruleId: 'water', terms: ['停水'] }] },
    ])
    expect(sent).toEqual([
      {
        size: 50,
        query: { range: { pendingMatchAt: { lte: '2026-11-26T12:00:00.000Z' } } },
        sort: [{ pendingMatchAt: { order: 'asc', unmapped_type: 'date' } }, { seq: 'asc' }],
        _source: ['id', 'day', 'source', 'duplicateOf', 'pendingMatchAt', 'ruleHits'],
      },
    ])
    expect(cluster.sentTo('POST', '/yq-posts-*/_search').length).toBeGreaterThan(0)
  })

  it('clears markers by a partial update of each post in the index of its month; a post no longer there is no error', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer((id) => (id === 'gone' ? 404 : 200)))
    await store.clearPendingMatches([
      { id: 'c', day: '2026-11-26' },
      { id: 'd', day: '2026-10-31' },
      { id: 'gone', day: '2026-08-01' },
    ])
    const [bulk] = cluster.sentTo('POST', '/_bulk')
    expect(actions(bulk as SentRequest)).toEqual([
      ['update', 'yq-posts-2026.11', 'c'],
      ['update', 'yq-posts-2026.10', 'd'],
      ['update', 'yq-posts-2026.08', 'gone'],
    ])
    expect(bodies(bulk as SentRequest)).toEqual([0, 1, 2].map(() => ({ doc: { pendingMatchAt: null } })))

    await store.clearPendingMatches([])
    expect(cluster.sentTo('POST', '/_bulk')).toHaveLength(1)
  })

  it('names the posts whose marker the cluster refused to clear', async () => {
    const cluster = mockCluster()
    const store = await open(cluster)
    cluster.answer('POST /_bulk', bulkAnswer((id) => (id === 'c' ? 400 : 200)))
    const failure = await store.clearPendingMatches([{ id: 'c', day: '2026-11-26' }, { id: 'd', day: '2026-10-31' }]).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(CriticalError)
    expect((failure as Error).message).toContain('1 pending-match marker(s) not cleared: c (400: status_400)')
  })
})
