import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { InputError } from './errors.ts'

/**
 * Whether an address is one an outside caller must not reach through yuqing (SSRF): loopback,
 * private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified,
 * multicast and reserved, in IPv4 and IPv6 (IPv4-mapped IPv6 included).
 */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1]) return isPrivateAddress(mapped[1])
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number)
    return (
      a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19))
    )
  }
  const v6 = address.toLowerCase()
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff')
}

export interface OutboundOptions {
  /** An admin allowed private and loopback addresses for this source or channel (or for all). */
  allowPrivate: boolean
  /** Where the URL comes from, for the error (a source file, a channel id). */
  where?: string
  /** Name resolution; the system's by default. */
  resolve?: (host: string) => Promise<string[]>
}

const systemResolve = async (host: string): Promise<string[]> => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)

/**
 * Refuses a URL whose host is, or resolves to, a private address, unless allowed: a source or a
 * webhook must not become a way into the office network or the machine itself. Every address the
 * name resolves to is checked, so a name with one public and one private address is refused.
 */
export async function checkOutboundUrl(url: string, options: OutboundOptions): Promise<void> {
  if (options.allowPrivate) return
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InputError(`not a URL: "${url}"`, { where: options.where })
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host) ? [host] : await (options.resolve ?? systemResolve)(host).catch(() => [])
  const blocked = addresses.find(isPrivateAddress)
  if (blocked !== undefined) {
    throw new InputError(
      `refused ${parsed.origin}: ${host === blocked ? 'it is' : `${host} resolves to`} a private or loopback address (${blocked}); ` +
        'an admin can allow it with `allowPrivateNetwork: true` on this source or channel, or YUQING_ALLOW_PRIVATE_NETWORKS=true for all',
      { where: options.where },
    )
  }
}
