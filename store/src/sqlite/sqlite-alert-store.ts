import type Database from 'better-sqlite3'
import { AlertRecord, idempotencyKey, type AlertMessage, type Silence } from '@yuqing/core'
import type { AlertDetail, AlertStore, AlertSummary, Delivery, OutgoingMessage } from '../alert-store.ts'

interface AlertRow {
  alert_id: string
  rule_id: string
  grp: string
  state: 'firing' | 'resolved'
  severity: AlertSummary['severity']
  summary: string
  summary_en: string | null
  starts_at: string
  ends_at: string | null
  updated_at: string
  record: string | null
}

interface SilenceRow {
  id: string
  rule_id: string | null
  grp: string | null
  ends_at: string
  created_by: string
  comment: string
  created_at: string
}

/** The alert store inside the embedded SQLite database (tables of schema migration 1). */
export function sqliteAlertStore(db: Database.Database): AlertStore {
  const readRecord = db.prepare<[string, string], { record: string }>('SELECT record FROM alert_state WHERE rule_id = ? AND grp = ?')
  const writeRecord = db.prepare('INSERT INTO alert_state (rule_id, grp, record) VALUES (?, ?, ?) ON CONFLICT (rule_id, grp) DO UPDATE SET record = excluded.record')
  const upsertAlert = db.prepare(`
    INSERT INTO alerts (alert_id, rule_id, grp, state, severity, summary, summary_en, starts_at, ends_at, updated_at)
    VALUES (@alertId, @ruleId, @group, @state, @severity, @summary, @summaryEn, @startsAt, @endsAt, @updatedAt)
    ON CONFLICT (alert_id) DO UPDATE SET state = excluded.state,
      summary = CASE WHEN @sent THEN excluded.summary ELSE alerts.summary END, summary_en = CASE WHEN @sent THEN excluded.summary_en ELSE alerts.summary_en END,
      ends_at = excluded.ends_at, updated_at = excluded.updated_at`)
  // OR IGNORE: a message committed twice (a replay) is queued once.
  const insertMessage = db.prepare('INSERT OR IGNORE INTO alert_messages (alert_id, sequence, message, suppressed, created_at) VALUES (?, ?, ?, ?, ?)')
  const insertDelivery = db.prepare('INSERT OR IGNORE INTO alert_deliveries (key, alert_id, sequence, channel, created_at) VALUES (?, ?, ?, ?, ?)')
  const pending = db.prepare<[number], { key: string; channel: string; message: string; attempts: number; last_error: string | null; created_at: string }>(`
    SELECT d.key, d.channel, m.message, d.attempts, d.last_error, d.created_at
    FROM alert_deliveries d JOIN alert_messages m ON m.alert_id = d.alert_id AND m.sequence = d.sequence
    WHERE d.delivered_at IS NULL AND d.given_up = 0 ORDER BY d.created_at, d.key LIMIT ?`)
  const selectAlert = `
    SELECT a.*, s.record FROM alerts a LEFT JOIN alert_state s ON s.rule_id = a.rule_id AND s.grp = a.grp`

  const commit = db.transaction((record: AlertRecord, outgoing?: OutgoingMessage) => {
    writeRecord.run(record.ruleId, record.group, JSON.stringify(record))
    if (record.alertId && (record.state === 'firing' || record.state === 'resolved')) {
      upsertAlert.run({
        alertId: record.alertId,
        ruleId: record.ruleId,
        group: record.group,
        state: record.state,
        severity: outgoing?.message.severity ?? 'warning',
        // The summary of the message last sent: a hit held back until realert is not in its evidence yet.
        sent: outgoing ? 1 : 0,
        summary: record.last?.summary ?? '',
        summaryEn: record.last?.summaryEn || null,
        startsAt: record.startsAt ?? record.updatedAt,
        endsAt: record.endsAt,
        updatedAt: record.updatedAt,
      })
    }
    if (!outgoing) return
    const { message } = outgoing
    insertMessage.run(message.alertId, message.sequence, JSON.stringify(message), outgoing.suppressed ? 1 : 0, record.updatedAt)
    if (outgoing.suppressed) return
    for (const channel of outgoing.channels) insertDelivery.run(idempotencyKey(message, channel), message.alertId, message.sequence, channel, record.updatedAt)
  })

  const summaryOf = (row: AlertRow): AlertSummary => {
    const record = row.record ? AlertRecord.parse(JSON.parse(row.record)) : undefined
    // The rule's record speaks for its current episode only; an older episode was not acknowledged after it ended.
    const current = record?.alertId === row.alert_id ? record : undefined
    return {
      alertId: row.alert_id,
      ruleId: row.rule_id,
      group: row.grp,
      state: row.state,
      severity: row.severity,
      summary: row.summary,
      summaryEn: row.summary_en,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      acknowledgedAt: current?.acknowledgedAt ?? null,
      acknowledgedBy: current?.acknowledgedBy ?? null,
      updatedAt: row.updated_at,
    }
  }

  const silenceOf = (row: SilenceRow): Silence => ({
    id: row.id,
    ruleId: row.rule_id,
    group: row.grp,
    endsAt: row.ends_at,
    createdBy: row.created_by,
    comment: row.comment,
    createdAt: row.created_at,
  })

  return {
    async records() {
      const rows = db.prepare('SELECT record FROM alert_state ORDER BY rule_id, grp').all() as { record: string }[]
      return rows.map((r) => AlertRecord.parse(JSON.parse(r.record)))
    },
    async record(ruleId, group) {
      const row = readRecord.get(ruleId, group)
      return row ? AlertRecord.parse(JSON.parse(row.record)) : undefined
    },
    async recordOfAlert(alertId) {
      const row = db.prepare('SELECT rule_id, grp FROM alerts WHERE alert_id = ?').get(alertId) as { rule_id: string; grp: string } | undefined
      const found = row ? readRecord.get(row.rule_id, row.grp) : undefined
      const record = found ? AlertRecord.parse(JSON.parse(found.record)) : undefined
      return record?.alertId === alertId ? record : undefined
    },
    async commit(record, outgoing) {
      commit.immediate(record, outgoing)
    },
    async pendingDeliveries(limit) {
      return pending.all(limit).map(
        (r): Delivery => ({ key: r.key, channel: r.channel, message: JSON.parse(r.message) as AlertMessage, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at }),
      )
    },
    async markDelivered(key, at) {
      db.prepare('UPDATE alert_deliveries SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE key = ?').run(at.toISOString(), key)
    },
    async markFailedAttempt(key, error) {
      db.prepare('UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ? WHERE key = ?').run(error, key)
    },
    async markGivenUp(key, error) {
      db.prepare('UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, given_up = 1 WHERE key = ?').run(error, key)
    },
    async wasDelivered(key) {
      const row = db.prepare('SELECT delivered_at FROM alert_deliveries WHERE key = ?').get(key) as { delivered_at: string | null } | undefined
      return row?.delivered_at != null
    },
    async alerts({ state, limit }) {
      const rows = db
        .prepare(`${selectAlert} ${state ? 'WHERE a.state = ?' : ''} ORDER BY a.updated_at DESC, a.alert_id LIMIT ?`)
        .all(...(state ? [state] : []), limit ?? 50) as AlertRow[]
      return rows.map(summaryOf)
    },
    async alert(alertId) {
      const row = db.prepare(`${selectAlert} WHERE a.alert_id = ?`).get(alertId) as AlertRow | undefined
      if (!row) return undefined
      const messages = db.prepare('SELECT message, suppressed FROM alert_messages WHERE alert_id = ? ORDER BY sequence').all(alertId) as { message: string; suppressed: number }[]
      const deliveries = db
        .prepare('SELECT key, channel, delivered_at, attempts, last_error, given_up FROM alert_deliveries WHERE alert_id = ? ORDER BY sequence, channel')
        .all(alertId) as { key: string; channel: string; delivered_at: string | null; attempts: number; last_error: string | null; given_up: number }[]
      const detail: AlertDetail = {
        ...summaryOf(row),
        messages: messages.map((m) => ({ ...(JSON.parse(m.message) as AlertMessage), suppressed: m.suppressed === 1 })),
        deliveries: deliveries.map((d) => ({
          key: d.key,
          channel: d.channel,
          deliveredAt: d.delivered_at,
          attempts: d.attempts,
          lastError: d.last_error,
          givenUp: d.given_up === 1,
        })),
      }
      return detail
    },
    async addSilence(s) {
      db.prepare('INSERT INTO silences (id, rule_id, grp, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        s.id,
        s.ruleId,
        s.group,
        s.endsAt,
        s.createdBy,
        s.comment,
        s.createdAt,
      )
    },
    async silences(now) {
      const rows = db.prepare('SELECT * FROM silences WHERE ends_at > ? ORDER BY ends_at').all(now.toISOString()) as SilenceRow[]
      return rows.map(silenceOf)
    },
    async removeSilence(id) {
      return db.prepare('DELETE FROM silences WHERE id = ?').run(id).changes > 0
    },
  }
}
