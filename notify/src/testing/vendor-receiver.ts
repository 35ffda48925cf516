import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../clock.ts'

/**
 * A loopback server that plays the four HTTP receivers and checks each request as the vendor
 * documents it, independently of the code under test (it does its own HMACs), answering a bad
 * one with the vendor's own error. Tests can script answers ahead of the checks (500, 429, a
 * "too fast" errcode, no answer at all) to drive retries.
 */
export type Vendor = 'dingtalk' | 'wecom' | 'feishu' | 'webhook'

export interface Secrets {
  dingtalk: { token: string; secret: string }
  wecom: { key: string }
  feishu: { hook: string; secret: string }
  webhook: { secret: string }
}

export interface Received {
  vendor: Vendor
  /** The request target as sent (path and query, still encoded). */
  target: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  raw: string
  json: unknown
  /** 'accepted', or why the vendor would refuse it. */
  verdict: string
  /** The test clock's time on arrival, when the receiver was given one. */
  at: number | undefined
}

export type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | { hang: true }

const HOUR = 3600_000

export class VendorReceiver {
  readonly received: Received[] = []
  clock: Clock | undefined
  readonly #scripts = new Map<Vendor, Scripted[]>()
  readonly #server = createServer((req, res) => void this.#handle(req, res))
  readonly #secrets: Secrets
  #base = ''

  private constructor(secrets: Secrets) {
    this.#secrets = secrets
  }

  static async start(secrets: Secrets): Promise<VendorReceiver> {
    const receiver = new VendorReceiver(secrets)
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve))
    receiver.#base = `http://127.0.0.1:${(receiver.#server.address() as AddressInfo).port}`
    return receiver
  }

  /** The robot's address as its owner would copy it from the vendor's console. */
  url(vendor: Vendor): string {
    switch (vendor) {
      case 'dingtalk':
        return `${this.#base}/robot/send?access_token=${this.#secrets.dingtalk.token}`
      case 'wecom':
        return `${this.#base}/cgi-bin/webhook/send?key=${this.#secrets.wecom.key}`
      case 'feishu':
        return `${this.#base}/open-apis/bot/v2/hook/${this.#secrets.feishu.hook}`
      case 'webhook':
        return `${this.#base}/hooks/yuqing`
    }
  }

  /** Answers to give, in order, before the vendor's normal handling resumes. */
  script(vendor: Vendor, ...answers: Scripted[]): void {
    this.#scripts.set(vendor, [...(this.#scripts.get(vendor) ?? []), ...answers])
  }

  accepted(vendor: Vendor): Received[] {
    return this.received.filter((r) => r.vendor === vendor && r.verdict === 'accepted')
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.#base)
    const vendor = vendorOf(url.pathname)
    if (!vendor) return void res.writeHead(404).end()
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      json = undefined
    }
    const record: Received = { vendor, target: req.url ?? '', query: url.searchParams, headers: req.headers, raw, json, verdict: 'scripted', at: this.clock?.now() }
    this.received.push(record)

    const scripted = this.#scripts.get(vendor)?.shift()
    if (scripted) {
      if ('hang' in scripted) return // the client's timeout ends it, or close() does
      return void res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(JSON.stringify(scripted.body ?? {}))
    }
    const [status, answer, verdict] = this.#check(vendor, url, req.headers, raw, json)
    record.verdict = verdict
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
  }

  #check(vendor: Vendor, url: URL, headers: IncomingHttpHeaders, raw: string, json: unknown): [number, unknown, string] {
    switch (vendor) {
      case 'dingtalk': {
        const { token, secret } = this.#secrets.dingtalk
        if (url.searchParams.get('access_token') !== token) return [200, { errcode: 300001, errmsg: 'token is not exist' }, 'bad token']
        // 加签: HmacSHA256(key = secret, message = timestamp + "\n" + secret), Base64, then urlEncode.
        const timestamp = url.searchParams.get('timestamp') ?? ''
        const sign = url.searchParams.get('sign') ?? ''
        const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64')
        if (Math.abs(Date.now() - Number(timestamp)) > HOUR || !same(sign, expected)) {
          return [200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' }, 'bad signature']
        }
        const body = json as { msgtype?: unknown; markdown?: { title?: unknown; text?: unknown } } | undefined
        if (body?.msgtype !== 'markdown' || typeof body.markdown?.text !== 'string' || typeof body.markdown.title !== 'string') {
          return [200, { errcode: 40035, errmsg: '缺少参数 markdown' }, 'bad body']
        }
        return [200, { errcode: 0, errmsg: 'ok' }, 'accepted']
      }
      case 'wecom': {
        if (url.searchParams.get('key') !== this.#secrets.wecom.key) return [200, { errcode: 93000, errmsg: 'invalid webhook url' }, 'bad key']
        const body = json as { msgtype?: unknown; markdown?: { content?: unknown } } | undefined
        const content = body?.markdown?.content
        if (body?.msgtype !== 'markdown' || typeof content !== 'string') return [200, { errcode: 40008, errmsg: 'invalid message type' }, 'bad body']
        if (Buffer.byteLength(content, 'utf8') > 4096) {
          return [200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }, 'too long']
        }
        return [200, { errcode: 0, errmsg: 'ok' }, 'accepted']
      }
      case 'feishu': {
        const { hook, secret } = this.#secrets.feishu
        if (!url.pathname.endsWith(`/${hook}`)) return [200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} }, 'bad hook']
        // 签名校验: HmacSHA256 with key = timestamp + "\n" + secret over an empty message, Base64.
        const body = json as { timestamp?: unknown; sign?: unknown; msg_type?: unknown } | undefined
        const timestamp = String(body?.timestamp ?? '')
        const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64')
        if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 3600 || !same(String(body?.sign ?? ''), expected)) {
          return [200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} }, 'bad signature']
        }
        if (body?.msg_type !== 'interactive') return [200, { code: 9499, msg: 'Bad Request', data: {} }, 'bad body']
        return [200, { code: 0, msg: 'success', data: {} }, 'accepted']
      }
      case 'webhook': {
        const expected = `sha256=${createHmac('sha256', this.#secrets.webhook.secret).update(raw).digest('hex')}`
        const given = headers['x-yuqing-signature']
        if (typeof given !== 'string' || !same(given, expected)) return [401, { error: 'bad signature' }, 'bad signature']
        return [202, { ok: true }, 'accepted']
      }
    }
  }
}

function vendorOf(path: string): Vendor | undefined {
  if (path === '/robot/send') return 'dingtalk'
  if (path === '/cgi-bin/webhook/send') return 'wecom'
  if (path.startsWith('/open-apis/bot/v2/hook/')) return 'feishu'
  if (path === '/hooks/yuqing') return 'webhook'
  return undefined
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
