import { randomBytes } from 'node:crypto'
import { Client } from '@elastic/elasticsearch'
import { afterAll, describe } from 'vitest'
import { loadConfig } from '@yuqing/core'
import { alertStoreContract } from '../alert-contract.ts'
import { spaceTokenizer, storeContract, type StoreHarness } from '../contract.ts'
import { sourceHealthContract } from '../source-health-contract.ts'
import { taskStoreContract } from '../task-contract.ts'
import { openElasticsearchStore } from './elasticsearch-store.ts'

// The contract suites SQLite passes, against a real cluster. They run only when
// ELASTICSEARCH_URL is set (read through the configuration table, as the application reads it);
// otherwise vitest lists them as skipped, never as passed.
const node = loadConfig().elasticsearchUrl
const title = node
  ? `Elasticsearch at ELASTICSEARCH_URL (${new URL(node).host})`
  : 'Elasticsearch — NOT RUN: ELASTICSEARCH_URL is not set, so these contract suites are skipped'

/** A fresh index prefix for every store the suites open; each is deleted after the run. */
const prefixes: string[] = []
function harness(): StoreHarness {
  let prefix = ''
  const openStore = () => openElasticsearchStore({ node, indexPrefix: prefix, tokenize: spaceTokenizer, refresh: 'wait_for' })
  return {
    open: async () => {
      prefix = `yuqing-test-${randomBytes(4).toString('hex')}`
      prefixes.push(prefix)
      return openStore()
    },
    reopen: openStore,
  }
}

describe.skipIf(!node)(title, () => {
  afterAll(async () => {
    const client = new Client({ node: node as string })
    for (const prefix of prefixes) {
      // Indices by name: clusters refuse a wildcard delete by default (action.destructive_requires_name).
      const rows = await client.cat.indices({ index: `${prefix}-*`, format: 'json', h: 'index' })
      const indices = rows.flatMap((row) => (row.index ? [row.index] : []))
      if (indices.length > 0) await client.indices.delete({ index: indices })
      await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] })
    }
    await client.close()
  })

  storeContract('Elasticsearch', harness())
  alertStoreContract('Elasticsearch', harness())
  taskStoreContract('Elasticsearch', harness())
  sourceHealthContract('Elasticsearch', harness())
})
