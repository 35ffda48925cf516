import type { LookupAddress } from 'node:dns'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { InputError } from './errors.ts'
import { checkOutboundUrl, guardedLookup, isPrivateAddress, outboundFetch } from './outbound-url.ts'

describe('outbound URL guard (SSRF)', () => {
  it('knows private, loopback, link-local and reserved addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:192.168.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true)
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '203.0.113.9', '2400:3200::1', '::ffff:8.8.8.8', '::ffff:808:808']) expect(isPrivateAddress(a), a).toBe(false)
  })

  it('sees IPv4 inside IPv6 in every notation a URL can carry (a review found the hex form let loopback through)', async () => {
    for (const url of ['http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[::ffff:a9fe:a9fe]/latest/meta-data', 'http://[::127.0.0.1]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a00:1::]/', 'http://[0:0:0:0:0:0:0:1]/']) {
      await expect(checkOutboundUrl(url, { allowPrivate: false }), url).rejects.toThrow(/private or loopback address/)
    }
    await expect(checkOutboundUrl('http://[2400:3200::1]/', { allowPrivate: false })).resolves.toBeUndefined()
  })

  it('refuses a name that does not resolve instead of letting it through', async () => {
    const resolve = async () => {
      throw new Error('getaddrinfo ENOTFOUND')
    }
    await expect(checkOutboundUrl('https://nowhere.example.cn/', { allowPrivate: false, resolve })).rejects.toThrow('nowhere.example.cn does not resolve')
  })

  it('refuses a loopback or private URL, naming it and how an admin allows it', async () => {
    await expect(checkOutboundUrl('http://127.0.0.1:8080/hook', { allowPrivate: false, where: 'channels.yaml: relay' })).rejects.toThrow(InputError)
    await expect(checkOutboundUrl('http://[::1]/x', { allowPrivate: false })).rejects.toThrow(/private or loopback address \(::1\)/)
    await expect(checkOutboundUrl('http://169.254.169.254/latest/meta-data', { allowPrivate: false })).rejects.toThrow(/allowPrivateNetwork: true/)
  })

  it('refuses a name that resolves to a private address, even beside a public one', async () => {
    const resolve = async (host: string) => (host === 'intranet.example.cn' ? ['203.0.113.5', '10.0.0.8'] : ['203.0.113.5'])
    await expect(checkOutboundUrl('https://intranet.example.cn/', { allowPrivate: false, resolve })).rejects.toThrow('intranet.example.cn resolves to a private or loopback address (10.0.0.8)')
    await expect(checkOutboundUrl('https://bbs.example.cn/', { allowPrivate: false, resolve })).resolves.toBeUndefined()
  })

  it('lets everything through when an admin allowed private networks', async () => {
    await expect(checkOutboundUrl('http://127.0.0.1:8080/hook', { allowPrivate: true })).resolves.toBeUndefined()
  })

  it('checks the name again at connect time, so a name that turns private after the check is refused (DNS rebinding)', async () => {
    // A resolver that answers public first, then private: what a rebinding attacker's DNS does.
    let answers = 0
    const rebinding = ((_host: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) => {
      callback(null, [{ address: answers++ === 0 ? '203.0.113.9' : '127.0.0.1', family: 4 }])
    }) as unknown as Parameters<typeof guardedLookup>[0]
    const lookup = guardedLookup(rebinding)
    const ask = (all: boolean) =>
      new Promise<unknown>((resolve, reject) => {
        lookup('evil.example', { all }, (error, address) => (error ? reject(error) : resolve(address)))
      })
    await expect(ask(false)).resolves.toBe('203.0.113.9')
    await expect(ask(true)).rejects.toMatchObject({ code: 'EPRIVATEADDRESS', message: expect.stringMatching(/evil\.example.*127\.0\.0\.1/) })
  })

  it('fetches through the connect-time check: refused for a name of this machine, allowed when an admin allows it', async () => {
    const server = createServer((_req, res) => res.end('inside'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      // `localhost` is a name, so the socket's own lookup runs: the check sees 127.0.0.1.
      const refused = outboundFetch(`http://localhost:${port}/`, {}, false)
      await expect(refused).rejects.toMatchObject({ cause: { code: 'EPRIVATEADDRESS' } })
      const allowed = await outboundFetch(`http://localhost:${port}/`, {}, true)
      expect(await allowed.text()).toBe('inside')
    } finally {
      server.close()
    }
  })
})
