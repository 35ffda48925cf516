import { describe, expect, it } from 'vitest'
import { InputError } from './errors.ts'
import { checkOutboundUrl, isPrivateAddress } from './outbound-url.ts'

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
})
