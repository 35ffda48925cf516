import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Notifier } from './notifier.ts'
import { alertMessage, evidence } from './testing/alert-fixture.ts'
import { ManualClock } from './testing/manual-clock.ts'
import { SECRETS } from './testing/secrets.ts'
import { VendorReceiver } from './testing/vendor-receiver.ts'
import { WECOM_MARKDOWN_LIMIT, wecomChannel, wecomContent } from './wecom.ts'

let receiver: VendorReceiver
beforeAll(async () => {
  receiver = await VendorReceiver.start(SECRETS)
})
afterAll(async () => {
  await receiver.close()
})

function notifier(url = receiver.url('wecom'), clock = new ManualClock()) {
  return new Notifier({ channels: [{ channel: wecomChannel({ id: 'ops-wecom', url, allowPrivateNetwork: true }), perMinute: 20 }], clock, retry: { attempts: 3 } })
}

function contentOf(raw: string | undefined): string {
  return (JSON.parse(raw ?? '{}') as { markdown: { content: string } }).markdown.content
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/** Forty posts of 140 characters each: about 20 KB of markdown before truncation. */
function crowdedAlert() {
  const posts = Array.from({ length: 40 }, (_, i) =>
    evidence({ postId: `p${i}`, url: `http://127.0.0.1/thread-${i}.html`, snippet: `第${i}帖：${'有人冒充社保局工作人员上门办理补贴，'.repeat(7)}`, highlights: [[0, 3]] }),
  )
  return alertMessage({ alertId: 'wc-crowded', evidence: posts })
}

describe('WeCom group robot channel', () => {
  it('delivers markdown the robot accepts', async () => {
    const [result] = await notifier().deliver(alertMessage({ alertId: 'wc-ok' }))

    expect(result).toMatchObject({ ok: true, attempts: 1, error: null })
    const content = contentOf(receiver.accepted('wecom').at(-1)?.raw)
    expect(content).toContain('### 【严重】诈骗与冒充')
    expect(content).toContain('**命中词**：**冒充**、**被骗**、**补贴**')
  })

  it('keeps the content within 4096 bytes by dropping posts from the end, and says how many', async () => {
    const message = crowdedAlert()
    const [result] = await notifier().deliver(message)

    expect(result).toMatchObject({ ok: true, attempts: 1 })
    const content = contentOf(receiver.accepted('wecom').at(-1)?.raw)
    expect(bytes(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_LIMIT)
    expect(content).toContain('1. [菜市场门口有人冒充社保局](http://127.0.0.1/thread-0.html)')
    expect(content).not.toContain('thread-39.html')
    const dropped = Number(/还有 (\d+) 篇证据未列出/.exec(content)?.[1])
    const listed = content.match(/^\d+\. \[/gm)?.length ?? 0
    expect(listed + dropped).toBe(40)
    // What the alert is and where to read the rest survive the cut.
    expect(content).toContain('[在看板中查看此告警](http://127.0.0.1:8080/alerts/fraud-1)')
  })

  it('cuts an oversized summary at a character boundary with its bold closed', () => {
    const summary = `${'😀诈骗'.repeat(1500)}`
    const content = wecomContent(alertMessage({ summary, matchedTerms: [] }))

    expect(bytes(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_LIMIT)
    expect(content).toContain('已截断')
    expect(content).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
    expect(Buffer.from(content, 'utf8').toString('utf8')).toBe(content)
    expect((content.match(/\*\*/g) ?? []).length % 2).toBe(0)
  })

  it('never exceeds 4096 bytes, whatever the mix of posts', () => {
    for (let n = 0; n <= 60; n += 3) {
      const posts = Array.from({ length: n }, (_, i) => evidence({ postId: `q${i}`, snippet: `帖${i}${'补贴'.repeat(i * 3)}`, highlights: [] }))
      expect(bytes(wecomContent(alertMessage({ evidence: posts })))).toBeLessThanOrEqual(WECOM_MARKDOWN_LIMIT)
    }
  })

  it('retries "api freq out of limit" (errcode 45009) and delivers once', async () => {
    const clock = new ManualClock()
    receiver.script('wecom', { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } })
    const before = receiver.accepted('wecom').length
    const [result] = await notifier(undefined, clock).deliver(alertMessage({ alertId: 'wc-freq' }))

    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(clock.sleeps).toEqual([1000])
    expect(receiver.accepted('wecom')).toHaveLength(before + 1)
  })

  it('fails without a retry when the key is wrong (errcode 93000 on HTTP 200)', async () => {
    const url = receiver.url('wecom').replace(SECRETS.wecom.key, 'no-such-key')
    const [result] = await notifier(url).deliver(alertMessage({ alertId: 'wc-bad-key' }))

    expect(result).toMatchObject({ ok: false, attempts: 1 })
    expect(result?.error).toContain('invalid webhook url (code 93000)')
    // The key is the robot's secret: it stays out of the error.
    expect(result?.error).not.toContain('no-such-key')
  })
})
