import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createAnalyzer } from '@yuqing/analyzer'
import { silentLogger, type AlertMessage, type RawPost } from '@yuqing/core'
import { parseRuleFile } from '@yuqing/rules'
import { openSqliteStore, type Store } from '@yuqing/store'
import { AlertEngine } from './engine.ts'

const analyzer = createAnalyzer({ timezone: 'Asia/Shanghai' })
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const RULES = `
- id: water
  name: 停水投诉
  kind: match
  query: 停水 | 断水
  window: 1h
  realert: 30m
- id: bridge
  name: 大桥拥堵
  kind: threshold
  query: 大桥 + (堵车 | 拥堵)
  count: 3
  window: 1h
`

/** A clock the test moves. */
function clock(start: string) {
  let t = Date.parse(start)
  return { now: () => new Date(t), advance: (minutes: number) => (t += minutes * 60_000) }
}

describe('alert engine', () => {
  let dir: string
  let store: Store
  let engine: AlertEngine
  let sent: AlertMessage[]
  let time: ReturnType<typeof clock>
  let serial = 0

  const open = (file: string) => openSqliteStore({ file, tokenize: analyzer.cut })
  const start = (s: Store) => {
    const e = new AlertEngine({ store: s, bucketZone: 'Asia/Shanghai', channels: () => ['ding'], logger: silentLogger, now: time.now, onMessage: (m) => sent.push(m) })
    const files = parseRuleFile(RULES, 'rules/test.yaml')
    expect(files.errors).toEqual([])
    e.setRules(files)
    return e
  }
  const analyzed = (texts: string[]) =>
    texts.map((content) => analyzer.analyze({ id: `p${++serial}`, source: 'forum', content, publishedAt: time.now().toISOString(), fetchedAt: time.now().toISOString() } satisfies RawPost))
  /** Ingests posts as the pipeline does: analyse, match, store (marking those awaiting a match alert), fire. */
  const ingest = async (...texts: string[]) => {
    const matched = engine.match(analyzed(texts))
    const result = await store.savePosts(matched, engine.saveOptions(matched))
    await engine.afterSave(matched, result)
    return matched.map((p) => p.id)
  }
  /** Stores posts as the pipeline does, then the process dies before afterSave. */
  const ingestAndCrash = async (...texts: string[]) => {
    const matched = engine.match(analyzed(texts))
    await store.savePosts(matched, engine.saveOptions(matched))
    return matched.map((p) => p.id)
  }
  /** Every marker, however recent. */
  const pending = async () => (await store.pendingMatches(new Date('2100-01-01T00:00:00Z'), 100)).map((p) => p.id)

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-engine-'))
    dirs.push(dir)
    store = open(path.join(dir, 'yuqing.db'))
    sent = []
    time = clock('2026-11-26T02:10:00Z')
    engine = start(store)
  })

  it('fires a match rule as soon as the post is stored, with the match marked in the evidence', async () => {
    const [id] = await ingest('溪口镇停水三天了，自来水公司电话一直占线')
    expect(sent).toHaveLength(1)
    const [message] = sent
    expect(message).toMatchObject({ ruleId: 'water', event: 'firing', sequence: 1, severity: 'warning', timezone: 'Asia/Shanghai', matchedTerms: ['停水'] })
    expect(message?.evidence.map((e) => e.postId)).toEqual([id])
    const [evidence] = message?.evidence ?? []
    expect(evidence?.highlights.map(([s, e]) => evidence.snippet.slice(s, e))).toEqual(['停水'])
    expect((await store.alerts.pendingDeliveries(10)).map((d) => d.channel)).toEqual(['ding'])
  })

  it('counts the posts it fires on when they were published before the window (found late)', async () => {
    const published = new Date(time.now().getTime() - 3 * 3_600_000).toISOString()
    const late = analyzer.analyze({ id: 'late', source: 'forum', content: '溪口镇停水三天了', publishedAt: published, fetchedAt: time.now().toISOString() })
    const matched = engine.match([late])
    await engine.afterSave(matched, await store.savePosts(matched, engine.saveOptions(matched)))
    expect(sent.map((m) => [m.event, m.summary, m.evidence.map((e) => e.postId)])).toEqual([['firing', '「停水投诉」命中 1 条帖子，发布于 11-26 07:10，刚抓取到（不在本时段 11-26 09:00–10:10 内）。', ['late']]])
    expect(sent.map((m) => m.summaryEn)).toEqual(['“停水投诉”: 1 matching post, published 11-26 07:10 and found just now (outside 11-26 09:00–10:10).'])
    // One in the window: the window's own numbers, as before.
    sent = []
    time.advance(60)
    await ingest('还在停水')
    time.advance(30)
    await engine.tick()
    expect(sent.map((m) => m.summary)).toEqual([expect.stringMatching(/^「停水投诉」11-26 \d\d:\d\d–\d\d:\d\d 命中 1 条帖子。$/)])
    expect(sent.map((m) => m.summaryEn)).toEqual([expect.stringMatching(/^“停水投诉” 11-26 \d\d:\d\d–\d\d:\d\d: 1 matching post\.$/)])
  })

  it('groups later hits into one message per realert period, and resolves when the rule goes quiet', async () => {
    await ingest('溪口镇停水三天了')
    time.advance(5)
    await ingest('我们小区也断水了', '还在停水，什么时候来水')
    expect(sent).toHaveLength(1)
    time.advance(30)
    await engine.tick()
    expect(sent.map((m) => [m.event, m.sequence, m.evidence.length])).toEqual([
      ['firing', 1, 1],
      ['firing', 2, 2],
    ])
    time.advance(120)
    await engine.tick()
    expect(sent.at(-1)).toMatchObject({ event: 'resolved', sequence: 3, alertId: sent[0]?.alertId })
  })

  it('keeps an alert’s summary, count and evidence on the same posts when late hits are grouped until realert', async () => {
    const late = async (id: string, hoursAgo: number, content: string) => {
      const post = analyzer.analyze({ id, source: 'forum', content, publishedAt: new Date(time.now().getTime() - hoursAgo * 3_600_000).toISOString(), fetchedAt: time.now().toISOString() })
      const matched = engine.match([post])
      await engine.afterSave(matched, await store.savePosts(matched, engine.saveOptions(matched)))
      time.advance(1)
    }
    await late('a', 24, '溪口镇停水三天了') // fires: message 1 carries a
    await late('b', 72, '我们小区也断水了') // held back until realert
    await late('c', 48, '城东还在停水，什么时候来水')
    const [alert] = await store.alerts.alerts({})
    const first = (await store.alerts.alert(alert?.alertId ?? ''))?.messages ?? []
    expect(first.map((m) => m.evidence.map((e) => e.postId))).toEqual([['a']])
    // The listed summary is that of the message whose evidence is shown, not of a post held back.
    expect(alert?.summary).toBe(first[0]?.summary)
    time.advance(30)
    await engine.tick()
    const second = sent.at(-1)
    expect(second?.evidence.map((e) => e.postId)).toEqual(['c', 'b'])
    expect(second?.stats.count).toBe(2)
    expect(second?.summary).toMatch(/^「停水投诉」命中 2 条帖子，发布于 11-23 10:1\d–11-24 10:1\d，刚抓取到/)
    expect((await store.alerts.alerts({}))[0]?.summary).toBe(second?.summary)
  })

  it('describes the posts held back in a message that a new hit sends after realert, before any tick', async () => {
    const late = async (id: string, hoursAgo: number, content: string) => {
      const post = analyzer.analyze({ id, source: 'forum', content, publishedAt: new Date(time.now().getTime() - hoursAgo * 3_600_000).toISOString(), fetchedAt: time.now().toISOString() })
      const matched = engine.match([post])
      await engine.afterSave(matched, await store.savePosts(matched, engine.saveOptions(matched)))
    }
    await late('a', 24, '溪口镇停水三天了')
    time.advance(1)
    await late('b', 72, '我们小区也断水了')
    time.advance(31)
    await late('c', 48, '城东还在停水，什么时候来水')
    const second = sent.at(-1)
    expect(second?.sequence).toBe(2)
    expect(second?.evidence.map((e) => e.postId)).toEqual(['c', 'b'])
    expect(second?.stats.count).toBe(2)
    expect(second?.summary).toMatch(/命中 2 条帖子，发布于 /)
  })

  it('does not fire on a near-duplicate of a post already stored (a repost counts once)', async () => {
    await ingest('青溪大桥封闭施工期间，溪口镇停水，请大家提前储水，公交线路临时调整')
    time.advance(1)
    sent = []
    await ingest('青溪大桥封闭施工期间，溪口镇停水，请大家提前储水，公交线路临时调整！')
    time.advance(40)
    await engine.tick()
    expect(sent).toEqual([])
  })

  it('fires a threshold rule on the tick once the window holds enough posts', async () => {
    await ingest('青溪大桥又堵车了', '大桥上拥堵严重')
    await engine.tick()
    expect(sent.filter((m) => m.ruleId === 'bridge')).toEqual([])
    await ingest('今天大桥堵车一小时')
    await engine.tick()
    const bridge = sent.filter((m) => m.ruleId === 'bridge')
    expect(bridge).toHaveLength(1)
    expect(bridge[0]?.stats.count).toBe(3)
    expect(bridge[0]?.summary).toContain('达到阈值 3 条')
    expect(bridge[0]?.evidence).toHaveLength(3)
  })

  it('keeps a silenced alert in the history without queueing its delivery', async () => {
    await engine.silence({ ruleId: 'water', group: null, endsAt: '2026-11-26T05:00:00Z', comment: '已知停水' }, 'li')
    await ingest('溪口镇停水三天了')
    expect(await store.alerts.pendingDeliveries(10)).toEqual([])
    const [alert] = await store.alerts.alerts({ state: 'firing' })
    expect((await store.alerts.alert(alert?.alertId ?? ''))?.messages.map((m) => m.suppressed)).toEqual([true])
  })

  it('sends no more updates once acknowledged', async () => {
    await ingest('溪口镇停水三天了')
    expect(await engine.acknowledge(sent[0]?.alertId ?? '', 'li')).toMatchObject({ acknowledgedBy: 'li', state: 'firing' })
    time.advance(5)
    await ingest('还在停水')
    time.advance(40)
    await engine.tick()
    expect(sent.map((m) => m.event)).toEqual(['firing'])
  })

  it('sends every hit at once when realert is 0', async () => {
    const files = parseRuleFile(['id: every', 'name: 每条', 'kind: match', 'query: 停水', 'realert: "0"'].join('\n'), 'rules/every.yaml')
    expect(files.errors).toEqual([])
    engine.setRules(files)
    await ingest('溪口镇停水三天了')
    time.advance(1)
    await ingest('还在停水')
    expect(sent.map((m) => [m.sequence, m.evidence.length])).toEqual([
      [1, 1],
      [2, 1],
    ])
  })

  it('carries an episode on across a restart: the next hit is an update, not a second alert', async () => {
    await ingest('溪口镇停水三天了')
    await store.close()
    store = open(path.join(dir, 'yuqing.db'))
    engine = start(store)
    time.advance(31)
    await ingest('还在停水')
    expect(sent.map((m) => [m.alertId, m.sequence])).toEqual([
      [sent[0]?.alertId, 1],
      [sent[0]?.alertId, 2],
    ])
  })

  describe('a crash between storing posts and raising their match alert (State survives a restart: no alert lost, none sent twice)', () => {
    it('clears the marker of posts whose alert was raised', async () => {
      await ingest('溪口镇停水三天了', '青溪大桥又堵车了')
      expect(sent).toHaveLength(1)
      expect(await pending()).toEqual([])
    })

    it('raises on the first tick after the grace period, once, the alert of posts stored before the crash', async () => {
      const ids = await ingestAndCrash('溪口镇停水三天了', '青溪大桥又堵车了', '我们小区也断水了')
      expect(await pending()).toEqual([ids[0], ids[2]])
      await store.close()
      store = open(path.join(dir, 'yuqing.db'))
      engine = start(store)

      // Within the grace period the afterSave that wrote the markers may still be running.
      time.advance(1)
      await engine.sweepPendingMatches()
      await engine.tick()
      expect(sent).toEqual([])

      time.advance(2)
      await engine.tick()
      expect(sent.map((m) => [m.ruleId, m.event, m.sequence])).toEqual([['water', 'firing', 1]])
      expect(sent[0]?.evidence.map((e) => e.postId)).toEqual([ids[2], ids[0]])
      expect((await store.alerts.pendingDeliveries(10)).map((d) => [d.channel, d.message.alertId])).toEqual([['ding', sent[0]?.alertId]])
      expect(await pending()).toEqual([])

      time.advance(1)
      await engine.tick()
      expect(sent).toHaveLength(1)
      expect(await store.alerts.pendingDeliveries(10)).toHaveLength(1)
    })

    it('does not raise again a post whose alert was stored before the crash, and clears its marker', async () => {
      // The crash comes after the alert is committed, before the marker is cleared.
      const live = engine
      engine = start({ ...store, clearPendingMatches: () => Promise.reject(new Error('killed')) })
      const [id] = await ingest('溪口镇停水三天了')
      expect(sent).toHaveLength(1)
      expect(await pending()).toEqual([id])

      engine = live
      time.advance(3)
      await engine.tick()
      expect(sent).toHaveLength(1)
      expect(await store.alerts.pendingDeliveries(10)).toHaveLength(1)
      expect(await pending()).toEqual([])
      // Nor is it a new hit: the alert resolves a window after the post's first raising.
      time.advance(57)
      await engine.tick()
      expect(sent.map((m) => m.event)).toEqual(['firing', 'resolved'])
    })

    it('adds a post left pending during a firing episode to that episode, not to a new alert', async () => {
      const [first] = await ingest('溪口镇停水三天了')
      time.advance(5)
      const [late] = await ingestAndCrash('还在停水')
      time.advance(30)
      await engine.tick()
      expect(sent.map((m) => [m.alertId, m.sequence, m.evidence.map((e) => e.postId)])).toEqual([
        [sent[0]?.alertId, 1, [first]],
        [sent[0]?.alertId, 2, [late]],
      ])
    })

    it('keeps the markers when raising fails, and a later tick raises the alert', async () => {
      const live = engine
      engine = start({ ...store, alerts: { ...store.alerts, commit: () => Promise.reject(new Error('disk full')) } })
      const [id] = await ingest('溪口镇停水三天了')
      expect(sent).toEqual([])
      expect(await pending()).toEqual([id])

      engine = live
      time.advance(3)
      await engine.tick()
      expect(sent.map((m) => m.evidence.map((e) => e.postId))).toEqual([[id]])
      expect(await pending()).toEqual([])
    })
  })
})
