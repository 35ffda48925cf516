import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feishuChannel } from './feishu.ts'
import { Notifier } from './notifier.ts'
import { alertMessage } from './testing/alert-fixture.ts'
import { ManualClock } from './testing/manual-clock.ts'
import { SECRETS } from './testing/secrets.ts'
import { VendorReceiver } from './testing/vendor-receiver.ts'

let receiver: VendorReceiver
beforeAll(async () => {
  receiver = await VendorReceiver.start(SECRETS)
})
afterAll(async () => {
  await receiver.close()
})

function notifier(secret: string, clock = new ManualClock()) {
  const channel = feishuChannel({ id: 'ops-feishu', url: receiver.url('feishu'), secret, allowPrivateNetwork: true })
  return new Notifier({ channels: [{ channel }], clock, retry: { attempts: 3 } })
}

interface Card {
  timestamp: string
  sign: string
  msg_type: string
  card: { header: { title: { content: string }; template: string }; elements: { text: { tag: string; content: string } }[] }
}

describe('Feishu bot channel', () => {
  it('is accepted by a receiver that checks timestamp and sign in the body as Feishu documents', async () => {
    const [result] = await notifier(SECRETS.feishu.secret).deliver(alertMessage({ alertId: 'fs-ok' }))

    expect(result).toMatchObject({ ok: true, attempts: 1, error: null })
    const body = JSON.parse(receiver.accepted('feishu').at(-1)?.raw ?? '{}') as Card
    expect(body.timestamp).toMatch(/^\d{10}$/)
    expect(body.msg_type).toBe('interactive')
    expect(body.card.header).toEqual({ title: { tag: 'plain_text', content: '【严重】诈骗与冒充' }, template: 'red' })
    const text = body.card.elements[0]?.text
    expect(text?.tag).toBe('lark_md')
    expect(text?.content).toContain('已有老人**被骗**')
  })

  it('colours a resolved message green and says how long it fired', async () => {
    const message = alertMessage({ alertId: 'fs-resolved', event: 'resolved', sequence: 2, endsAt: '2026-03-02T04:30:00Z' })
    const [result] = await notifier(SECRETS.feishu.secret).deliver(message)

    expect(result?.ok).toBe(true)
    const body = JSON.parse(receiver.accepted('feishu').at(-1)?.raw ?? '{}') as Card
    expect(body.card.header.template).toBe('green')
    expect(body.card.header.title.content).toBe('【已恢复】诈骗与冒充')
    expect(body.card.elements[0]?.text.content).toContain('2026-03-02 10:00 开始，2026-03-02 12:30 恢复，持续 2 小时 30 分钟')
  })

  it('fails at once, without a retry, when the secret is wrong (code 19021 on HTTP 200)', async () => {
    const before = receiver.received.length
    const [result] = await notifier('not-the-secret').deliver(alertMessage({ alertId: 'fs-bad-secret' }))

    expect(result).toMatchObject({ ok: false, attempts: 1 })
    expect(result?.error).toContain('sign match fail')
    expect(result?.error).toContain('code 19021')
    expect(receiver.received.slice(before).map((r) => r.verdict)).toEqual(['bad signature'])
  })

  it('retries its rate limit (code 11232) and delivers once', async () => {
    const clock = new ManualClock()
    receiver.script('feishu', { status: 200, body: { code: 11232, msg: 'frequency limited', data: {} } })
    const before = receiver.accepted('feishu').length
    const [result] = await notifier(SECRETS.feishu.secret, clock).deliver(alertMessage({ alertId: 'fs-limited' }))

    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(receiver.accepted('feishu')).toHaveLength(before + 1)
  })
})
