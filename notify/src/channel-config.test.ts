import { InputError } from '@yuqing/core'
import { describe, expect, it } from 'vitest'
import { channelConfigIssues, parseChannels } from './channel-config.ts'
import { createChannels } from './create-channels.ts'
import { SseHub } from './sse-hub.ts'

const valid = [
  { id: 'ops-dingtalk', kind: 'dingtalk', url: 'https://oapi.dingtalk.example/robot/send?access_token=t', secret: 'SECx' },
  { id: 'ops-wecom', kind: 'wecom', url: 'https://qyapi.weixin.example/cgi-bin/webhook/send?key=k', rateLimit: { perMinute: 10 } },
  { id: 'ops-feishu', kind: 'feishu', url: 'https://open.feishu.example/open-apis/bot/v2/hook/h', secret: 's' },
  { id: 'relay', kind: 'webhook', url: 'http://10.0.0.5:9000/alerts', secret: 'w', timeoutMs: 3000 },
  { id: 'duty-mail', kind: 'email', smtp: { host: 'smtp.example.cn', port: 465, user: 'u', pass: 'p' }, from: '舆情 <yq@example.cn>', to: ['duty@example.cn'] },
  { id: 'live', kind: 'sse' },
]

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('channel configuration', () => {
  it('accepts one channel of each kind', () => {
    expect(parseChannels(valid).map((c) => c.kind)).toEqual(['dingtalk', 'wecom', 'feishu', 'webhook', 'email', 'sse'])
  })

  it('names each bad field with its place in the list', () => {
    const input = [
      { id: 'a', kind: 'dingtalk', url: 'ftp://x', secert: 'typo' },
      { id: 'b', kind: 'email', smtp: { host: 'h', port: 99999 }, from: 'not an address', to: [] },
      { id: 'a', kind: 'wecom', url: 'https://w.example/send?key=k' },
      { id: 'c', kind: 'pager', url: 'https://x.example' },
    ]
    const fields = channelConfigIssues(input).map((i) => i.path.join('.'))

    expect(fields).toEqual(expect.arrayContaining(['0.url', '0.secert', '1.smtp.port', '1.from', '1.to', '2.id', '3.kind']))
    const error = thrown(() => parseChannels(input, 'config/yuqing.yaml'))
    expect(error).toBeInstanceOf(InputError)
    const text = error instanceof Error ? error.message : ''
    expect(text).toMatch(/^config\/yuqing\.yaml: invalid channel configuration/)
    expect(text).toContain('channels[0].url: expected an http(s) URL')
    expect(text).toContain('channels[0].secert: unknown field')
    expect(text).toContain('channels[1].to: expected at least one recipient')
    expect(text).toContain('channels[2].id: a second channel is named a')
  })

  it("applies the vendors' 20 a minute to DingTalk and WeCom unless a channel sets its own", () => {
    const entries = createChannels(parseChannels(valid), { hub: new SseHub() })
    const limits = Object.fromEntries(entries.map((e) => [e.channel.id, e.perMinute ?? null]))

    expect(limits).toEqual({ 'ops-dingtalk': 20, 'ops-wecom': 10, 'ops-feishu': 100, relay: null, 'duty-mail': null, live: null })
    expect(entries.find((e) => e.channel.id === 'relay')?.timeoutMs).toBe(3000)
  })

  it('asks for the API hub when the list has an SSE channel', () => {
    expect(() => createChannels(parseChannels([{ id: 'live', kind: 'sse' }]))).toThrow(/pass the API's SseHub/)
  })
})
