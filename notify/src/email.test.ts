import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Channel } from './channel.ts'
import { emailChannel } from './email.ts'
import { Notifier } from './notifier.ts'
import { alertMessage } from './testing/alert-fixture.ts'
import { ManualClock } from './testing/manual-clock.ts'
import { parseMail } from './testing/mime.ts'
import { SmtpReceiver } from './testing/smtp-receiver.ts'

let smtp: SmtpReceiver
const opened: Channel[] = []
beforeAll(async () => {
  smtp = await SmtpReceiver.start('alerts', 'mail-test-pass')
})
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close?.()))
  await smtp.close()
})

function notifier(pass = 'mail-test-pass', clock = new ManualClock()) {
  const channel = emailChannel({
    id: 'duty-mail',
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'alerts', pass },
    from: '舆情值班 <yuqing@example.cn>',
    to: ['duty@example.cn', 'lead@example.cn'],
    timeoutMs: 5000,
  })
  opened.push(channel)
  return new Notifier({ channels: [{ channel }], clock, retry: { attempts: 3 } })
}

describe('e-mail channel', () => {
  it('delivers an HTML and a text part through a real SMTP server, post text escaped and matches marked', async () => {
    const [result] = await notifier().deliver(alertMessage({ alertId: 'mail-ok' }))

    expect(result).toMatchObject({ ok: true, attempts: 1, error: null })
    const received = smtp.mails.at(-1)
    expect(received?.from).toBe('yuqing@example.cn')
    expect(received?.to).toEqual(['duty@example.cn', 'lead@example.cn'])
    const mail = parseMail(received?.raw ?? '')
    expect(mail.headers.get('subject')).toBe('[舆情告警] 【严重】诈骗与冒充')
    expect(mail.headers.get('x-yuqing-idempotency-key')).toBe('mail-ok/1/duty-mail')
    expect(mail.headers.get('message-id')).toMatch(/^<[0-9a-f]{32}@yuqing>$/)

    const text = mail.parts.find((p) => p.headers.get('content-type')?.startsWith('text/plain'))?.body ?? ''
    const html = mail.parts.find((p) => p.headers.get('content-type')?.startsWith('text/html'))?.body ?? ''
    expect(text).toContain('数量：12 篇，基线 3（4.0 倍），负面占比 75%')
    expect(text).toContain('已有老人【被骗】。')
    expect(html).toContain('已有老人<mark>被骗</mark>。')
    expect(html).toContain('<a href="http://127.0.0.1:8080/alerts/fraud-1">在看板中查看此告警</a>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;')
    expect(html).not.toMatch(/<script|<img|<b>/i)
  })

  it('gives the same Message-ID to a resend of the same message', async () => {
    const channelA = notifier()
    const channelB = notifier()
    await channelA.deliver(alertMessage({ alertId: 'mail-resend' }))
    await channelB.deliver(alertMessage({ alertId: 'mail-resend' }))

    const ids = smtp.mails.slice(-2).map((m) => parseMail(m.raw).headers.get('message-id'))
    expect(ids[0]).toBe(ids[1])
  })

  it('sends again only to a recipient the server refused for now (451)', async () => {
    const clock = new ManualClock()
    smtp.refuseNext(451)
    const before = smtp.mails.length
    const [result] = await notifier(undefined, clock).deliver(alertMessage({ alertId: 'mail-451-one' }))

    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(clock.sleeps).toEqual([1000])
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([['lead@example.cn'], ['duty@example.cn']])
  })

  it('retries when the server refuses every recipient for now, and delivers one mail to each', async () => {
    smtp.refuseNext(451)
    smtp.refuseNext(451)
    const before = smtp.mails.length
    const [result] = await notifier().deliver(alertMessage({ alertId: 'mail-451-all' }))

    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([['duty@example.cn', 'lead@example.cn']])
  })

  it('fails without a retry when the password is wrong', async () => {
    const before = smtp.mails.length
    const [result] = await notifier('wrong-pass').deliver(alertMessage({ alertId: 'mail-bad-pass' }))

    expect(result).toMatchObject({ ok: false, attempts: 1 })
    expect(result?.error).toContain('Invalid username or password')
    expect(smtp.mails.length).toBe(before)
  })
})
