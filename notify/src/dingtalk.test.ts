import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dingtalkChannel } from './dingtalk.ts'
import { Notifier } from './notifier.ts'
import { dingtalkSign } from './signing.ts'
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
  const channel = dingtalkChannel({ id: 'ops-dingtalk', url: receiver.url('dingtalk'), secret, allowPrivateNetwork: true })
  return new Notifier({ channels: [{ channel, perMinute: 20 }], clock, retry: { attempts: 3 }, timeoutMs: 5000 })
}

function bodyOf(raw: string): { msgtype: string; markdown: { title: string; text: string } } {
  return JSON.parse(raw) as { msgtype: string; markdown: { title: string; text: string } }
}

describe('DingTalk robot channel', () => {
  it('computes the sign DingTalk documents: base64 of HMAC-SHA256(secret, "timestamp\\nsecret")', () => {
    // A published vector for timestamp 1700000000000 and secret "secret", URL-encoded.
    expect(encodeURIComponent(dingtalkSign('secret', 1_700_000_000_000))).toBe('OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D')
  })

  it('is accepted by a receiver that checks the timestamp and sign in the query string', async () => {
    const before = receiver.accepted('dingtalk').length
    const [result] = await notifier(SECRETS.dingtalk.secret).deliver(alertMessage({ alertId: 'dt-ok' }))

    expect(result).toEqual({ channel: 'ops-dingtalk', key: 'dt-ok/1/ops-dingtalk', ok: true, attempts: 1, error: null, duplicate: false, retryable: false })
    const accepted = receiver.accepted('dingtalk')
    expect(accepted).toHaveLength(before + 1)
    const request = accepted[accepted.length - 1]
    // The sign travels URL-encoded: base64's + / = never appear raw in the query.
    const rawSign = /[?&]sign=([^&]*)/.exec(request?.target ?? '')?.[1] ?? ''
    expect(rawSign).not.toMatch(/[+/=]/)
    expect(decodeURIComponent(rawSign)).toMatch(/^[A-Za-z0-9+/]+=*$/)
    const body = bodyOf(request?.raw ?? '')
    expect(body.msgtype).toBe('markdown')
    expect(body.markdown.title).toBe('【严重】诈骗与冒充')
    expect(body.markdown.text).toContain('12 篇，基线 3（4.0 倍），负面占比 75%')
    expect(body.markdown.text).toContain('2026-03-02 09:00 至 10:00')
    expect(body.markdown.text).toContain('[菜市场门口有人冒充社保局](http://127.0.0.1/thread-1001-1-1.html)')
    expect(body.markdown.text).toContain('有人**冒充**社保局')
    expect(body.markdown.text).toContain('[在看板中查看此告警](http://127.0.0.1:8080/alerts/fraud-1)')
  })

  it('fails at once, without a retry, when the secret is wrong (errcode 310000 on HTTP 200)', async () => {
    const before = receiver.received.length
    const [result] = await notifier('SECwrong').deliver(alertMessage({ alertId: 'dt-bad-secret' }))

    expect(result?.ok).toBe(false)
    expect(result?.attempts).toBe(1)
    expect(result?.error).toContain('sign not match')
    expect(result?.error).toContain('code 310000')
    expect(receiver.received.slice(before).map((r) => r.verdict)).toEqual(['bad signature'])
  })

  it('retries "send too fast" (errcode 130101) with backoff and delivers once', async () => {
    const clock = new ManualClock()
    receiver.script('dingtalk', { status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } })
    const before = receiver.accepted('dingtalk').length
    const [result] = await notifier(SECRETS.dingtalk.secret, clock).deliver(alertMessage({ alertId: 'dt-too-fast' }))

    expect(result).toMatchObject({ ok: true, attempts: 2, error: null })
    expect(clock.sleeps).toEqual([1000])
    expect(receiver.accepted('dingtalk')).toHaveLength(before + 1)
  })

  it('reports a reply without errcode as a failure, not a delivery', async () => {
    receiver.script('dingtalk', { status: 200, body: { hello: 'proxy page' } })
    const [result] = await notifier(SECRETS.dingtalk.secret).deliver(alertMessage({ alertId: 'dt-no-errcode' }))

    expect(result?.ok).toBe(false)
    expect(result?.error).toContain('not a DingTalk reply')
  })
})
