import type { estypes } from '@elastic/elasticsearch'
import { AlertMessage, AlertRecord, idempotencyKey, Silence } from '@yuqing/core'
import type { AlertDetail, AlertStore, AlertSummary, Delivery } from '../alert-store.ts'
import { bulkWrite, type BulkItem } from './bulk.ts'
import { MAX_PAGE, type EsContext } from './context.ts'
import { failedPart, request } from './es-errors.ts'
import { compoundId } from './index-names.ts'

interface StateDocument {
  ruleId: string
  group: string
  record: unknown
}

type AlertDocument = Omit<AlertSummary, 'acknowledgedAt' | 'acknowledgedBy'>

interface MessageDocument {
  alertId: string
  sequence: number
  message: unknown
  suppressed: boolean
  createdAt: string
}

interface DeliveryDocument {
  key: string
  alertId: string
  sequence: number
  channel: string
  createdAt: string
  deliveredAt: string | null
  attempts: number
  lastError: string | null
  givenUp: boolean
  message: unknown
}

/**
 * The alert lifecycle's memory in Elasticsearch. There are no transactions, so `commit` writes in
 * an order that a crash cannot turn into a lost alert: first the message and its deliveries
 * (creates by deterministic id: a replay adds nothing), then the rule's new state. A crash
 * between the two leaves the old state; the engine decides again, commits the same message, and
 * its creates answer 409.
 */
export function esAlertStore(ctx: EsContext): AlertStore {
  const { client, names } = ctx
  const refresh = ctx.recordsRefresh
  const stateId = (ruleId: string, group: string) => compoundId(ruleId, group)

  async function write(items: BulkItem[], where: string): Promise<void> {
    const outcomes = await bulkWrite(client, items, { ...ctx.bulk, refresh }, where)
    // 409 on a create: written by an earlier commit of the same message.
    const failed = outcomes.map((o, i) => ({ o, item: items[i] })).filter(({ o }) => o.status >= 300 && o.status !== 409)
    const first = failed[0]
    if (first) throw failedPart(`${where} (${first.item?.id ?? '?'})`, first.o.status, first.o.error?.reason ?? 'not written')
  }

  async function getSource<T>(index: string, id: string): Promise<T | undefined> {
    const response = await request(`${index}/${id}`, () => client.get<T>({ index, id }, { ignore: [404] }))
    return response.found ? response._source : undefined
  }

  async function search<T>(index: string, query: estypes.QueryDslQueryContainer, sort: estypes.SortCombinations[], size = MAX_PAGE): Promise<T[]> {
    const response = await request(index, () => client.search<T>({ index, query, sort, size }))
    return response.hits.hits.flatMap((h) => (h._source ? [h._source] : []))
  }

  async function update(key: string, source: string, params: Record<string, unknown>): Promise<void> {
    // A key that is not in the outbox is left alone, as SQLite's UPDATE of no row.
    await request(`${names.alertDeliveries}/${key}`, () =>
      client.update({ index: names.alertDeliveries, id: key, script: { source, params }, refresh }, { ignore: [404] }),
    )
  }

  const recordOf = (doc: StateDocument | undefined) => (doc ? AlertRecord.parse(doc.record) : undefined)

  async function summaries(docs: AlertDocument[]): Promise<AlertSummary[]> {
    if (docs.length === 0) return []
    const ids = [...new Set(docs.map((d) => stateId(d.ruleId, d.group)))]
    const states = await request(names.alertState, () => client.mget<StateDocument>({ index: names.alertState, ids }))
    const records = new Map<string, AlertRecord>()
    for (const doc of states.docs) if ('found' in doc && doc.found && doc._source) records.set(doc._id, AlertRecord.parse(doc._source.record))
    return docs.map((doc) => {
      // The rule's record speaks for its current episode only.
      const record = records.get(stateId(doc.ruleId, doc.group))
      const current = record?.alertId === doc.alertId ? record : undefined
      // summaryEn: absent from an alert indexed before summaries had one.
      return { ...doc, summaryEn: doc.summaryEn ?? null, acknowledgedAt: current?.acknowledgedAt ?? null, acknowledgedBy: current?.acknowledgedBy ?? null }
    })
  }

  return {
    async records() {
      const docs = await search<StateDocument>(names.alertState, { match_all: {} }, [{ ruleId: 'asc' }, { group: 'asc' }])
      return docs.map((d) => AlertRecord.parse(d.record))
    },
    async record(ruleId, group) {
      return recordOf(await getSource<StateDocument>(names.alertState, stateId(ruleId, group)))
    },
    async recordOfAlert(alertId) {
      const alert = await getSource<AlertDocument>(names.alerts, alertId)
      const record = alert ? recordOf(await getSource<StateDocument>(names.alertState, stateId(alert.ruleId, alert.group))) : undefined
      return record?.alertId === alertId ? record : undefined
    },
    async commit(record, outgoing) {
      if (outgoing) {
        const { message } = outgoing
        const items: BulkItem[] = [
          {
            action: 'create',
            index: names.alertMessages,
            id: compoundId(message.alertId, String(message.sequence)),
            body: { alertId: message.alertId, sequence: message.sequence, message, suppressed: outgoing.suppressed, createdAt: record.updatedAt } satisfies MessageDocument,
          },
          ...(outgoing.suppressed ? [] : outgoing.channels).map((channel): BulkItem => {
            const key = idempotencyKey(message, channel)
            const doc: DeliveryDocument = { key, alertId: message.alertId, sequence: message.sequence, channel, createdAt: record.updatedAt, deliveredAt: null, attempts: 0, lastError: null, givenUp: false, message }
            return { action: 'create', index: names.alertDeliveries, id: key, body: doc }
          }),
        ]
        await write(items, names.alertMessages)
      }
      const items: BulkItem[] = [{ action: 'index', index: names.alertState, id: stateId(record.ruleId, record.group), body: { ruleId: record.ruleId, group: record.group, record } satisfies StateDocument }]
      if (record.alertId && (record.state === 'firing' || record.state === 'resolved')) {
        const summary = { summary: record.last?.summary ?? '', summaryEn: record.last?.summaryEn || null }
        // The summary of the message last sent: a hit held back until realert is not in its evidence yet.
        const changed = { state: record.state, ...(outgoing ? summary : {}), endsAt: record.endsAt, updatedAt: record.updatedAt }
        const first: AlertDocument = {
          alertId: record.alertId,
          ruleId: record.ruleId,
          group: record.group,
          severity: outgoing?.message.severity ?? 'warning',
          startsAt: record.startsAt ?? record.updatedAt,
          ...summary,
          ...changed,
        }
        // Severity and start stay as the episode's first commit set them.
        items.push({ action: 'update', index: names.alerts, id: record.alertId, body: { doc: changed, upsert: first } })
      }
      await write(items, names.alertState)
    },
    async pendingDeliveries(limit) {
      const docs = await search<DeliveryDocument>(
        names.alertDeliveries,
        { bool: { must_not: [{ exists: { field: 'deliveredAt' } }, { term: { givenUp: true } }] } },
        [{ createdAt: 'asc' }, { key: 'asc' }],
        limit,
      )
      return docs.map((d): Delivery => ({ key: d.key, channel: d.channel, message: AlertMessage.parse(d.message), attempts: d.attempts, lastError: d.lastError, createdAt: d.createdAt }))
    },
    async markDelivered(key, at) {
      await update(key, 'ctx._source.attempts += 1; ctx._source.deliveredAt = params.at; ctx._source.lastError = null', { at: at.toISOString() })
    },
    async markFailedAttempt(key, error) {
      await update(key, 'ctx._source.attempts += 1; ctx._source.lastError = params.error', { error })
    },
    async markGivenUp(key, error) {
      await update(key, 'ctx._source.attempts += 1; ctx._source.lastError = params.error; ctx._source.givenUp = true', { error })
    },
    async wasDelivered(key) {
      return (await getSource<DeliveryDocument>(names.alertDeliveries, key))?.deliveredAt != null
    },
    async alerts({ state, limit }) {
      const docs = await search<AlertDocument>(names.alerts, state ? { term: { state } } : { match_all: {} }, [{ updatedAt: 'desc' }, { alertId: 'asc' }], limit ?? 50)
      return summaries(docs)
    },
    async alert(alertId) {
      const doc = await getSource<AlertDocument>(names.alerts, alertId)
      if (!doc) return undefined
      const [summary] = await summaries([doc])
      const messages = await search<MessageDocument>(names.alertMessages, { term: { alertId } }, [{ sequence: 'asc' }])
      const deliveries = await search<DeliveryDocument>(names.alertDeliveries, { term: { alertId } }, [{ sequence: 'asc' }, { channel: 'asc' }])
      const detail: AlertDetail = {
        ...(summary as AlertSummary),
        messages: messages.map((m) => ({ ...AlertMessage.parse(m.message), suppressed: m.suppressed })),
        deliveries: deliveries.map((d) => ({ key: d.key, channel: d.channel, deliveredAt: d.deliveredAt, attempts: d.attempts, lastError: d.lastError, givenUp: d.givenUp })),
      }
      return detail
    },
    async addSilence(silence) {
      await request(names.silences, () => client.index({ index: names.silences, id: silence.id, document: silence, op_type: 'create', refresh }))
    },
    async silences(now) {
      const docs = await search<Silence>(names.silences, { range: { endsAt: { gt: now.toISOString() } } }, [{ endsAt: 'asc' }])
      return docs.map((d) => Silence.parse(d))
    },
    async removeSilence(id) {
      const response = await request(`${names.silences}/${id}`, () => client.delete({ index: names.silences, id, refresh }, { ignore: [404] }))
      return response.result === 'deleted'
    },
  }
}
