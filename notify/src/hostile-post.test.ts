import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChannels } from './create-channels.ts'
import { parseChannels } from './channel-config.ts'
import { Notifier } from './notifier.ts'
import { SseHub } from './sse-hub.ts'
import type { SseEvent } from './sse-hub.ts'
import { alertMessage } from './testing/alert-fixture.ts'
import { ManualClock } from './testing/manual-clock.ts'
import { parseMail } from './testing/mime.ts'
import { SECRETS } from './testing/secrets.ts'
import { SmtpReceiver } from './testing/smtp-receiver.ts'
import { VendorReceiver } from './testing/vendor-receiver.ts'

let receiver: VendorReceiver
let smtp: SmtpReceiver
let notifier: Notifier
const hub = new SseHub()
const live: SseEvent[] = []

beforeAll(async () => {
  receiver = await VendorReceiver.start(SECRETS)
  smtp = await SmtpReceiver.start('alerts', 'pw')
  const channels = parseChannels([
    { id: 'dt', kind: 'dingtalk', url: receiver.url('dingtalk'), secret: SECRETS.dingtalk.secret },
    { id: 'wc', kind: 'wecom', url: receiver.url('wecom') },
    { id: 'fs', kind: 'feishu', url: receiver.url('feishu'), secret: SECRETS.feishu.secret },
    { id: 'wh', kind: 'webhook', url: receiver.url('webhook'), secret: SECRETS.webhook.secret },
    { id: 'mail', kind: 'email', smtp: { host: '127.0.0.1', port: smtp.port, user: 'alerts', pass: 'pw' }, from: 'yq@example.cn', to: ['duty@example.cn'] },
    { id: 'live', kind: 'sse' },
  ])
  notifier = new Notifier({ channels: createChannels(channels, { hub, allowPrivateNetworks: true }), clock: new ManualClock() })
  hub.subscribe((e) => live.push(e))
})
afterAll(async () => {
  await notifier.close()
  await Promise.all([receiver.close(), smtp.close()])
})

/** What a robot would render: DingTalk's and WeCom's markdown, Feishu's lark_md. */
function robotMarkdown(): string[] {
  const dt = JSON.parse(receiver.accepted('dingtalk').at(-1)?.raw ?? '{}') as { markdown: { text: string } }
  const wc = JSON.parse(receiver.accepted('wecom').at(-1)?.raw ?? '{}') as { markdown: { content: string } }
  const fs = JSON.parse(receiver.accepted('feishu').at(-1)?.raw ?? '{}') as { card: { elements: { text: { content: string } }[] } }
  return [dt.markdown.text, wc.markdown.content, fs.card.elements[0]?.text.content ?? '']
}

describe('a hostile post in an alert', () => {
  it('reaches every channel, each delivery accepted', async () => {
    const results = await notifier.deliver(alertMessage({ alertId: 'hostile-1' }))
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['dt', true],
      ['wc', true],
      ['fs', true],
      ['wh', true],
      ['mail', true],
      ['live', true],
    ])
  })

  it('cannot add a link, a mention or markup to the robots’ markdown', () => {
    for (const markdown of robotMarkdown()) {
      // The only links are the post's own address and the dashboard's.
      expect([...markdown.matchAll(/\]\((.*?)\)/g)].map((m) => m[1])).toEqual([
        'http://127.0.0.1/thread-1001-1-1.html',
        'http://127.0.0.1/thread-666-1-1.html',
        'http://127.0.0.1:8080/alerts/fraud-1',
      ])
      expect(markdown).not.toMatch(/<|>|@all|@所有人|http:\/\/evil|\[x\]/)
      // Still legible: the escaped words are there in full-width form, the matches in bold.
      expect(markdown).toContain('＜script＞alert（1）＜/script＞＜img src=x onerror=alert（2）＞')
      expect(markdown).toContain('［x］（http：//evil.example/a）领取**补贴**，＠all 快转发')
    }
  })

  it('arrives in the e-mail as text, never as HTML', () => {
    const mail = parseMail(smtp.mails.at(-1)?.raw ?? '')
    const html = mail.parts.find((p) => p.headers.get('content-type')?.startsWith('text/html'))?.body ?? ''
    expect(html).not.toMatch(/<script|<img|<b>|onerror=alert\(2\)>/i)
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;')
    expect(html).toContain('&lt;b&gt;[点我](http://evil.example)&lt;/b&gt; @所有人')
  })

  it('travels to the webhook and the dashboard as data, exactly as written', () => {
    const body = receiver.accepted('webhook').at(-1)?.json as { message: { evidence: { snippet: string }[] } }
    expect(body.message.evidence[1]?.snippet).toContain('<script>alert(1)</script>')
    expect(live.at(-1)?.data.message.evidence[1]?.snippet).toContain('@all')
  })
})
