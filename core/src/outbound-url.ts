import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici'
import { InputError } from './errors.ts'

/** The IPv4 ranges no outside caller may reach through yuqing, as [first octets, prefix length]. */
const PRIVATE_V4: [number, number, number][] = [
  [0, 0, 8], // "this network", 0.0.0.0
  [10, 0, 8],
  [100, 64, 10], // carrier-grade NAT
  [127, 0, 8],
  [169, 254, 16], // link-local: cloud metadata at 169.254.169.254
  [172, 16, 12],
  [192, 0, 24],
  [192, 168, 16],
  [198, 18, 15], // benchmarking
  [224, 0, 3], // multicast and reserved, up to 255.255.255.255
]

function privateV4(bytes: readonly number[]): boolean {
  const n = (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0
  return PRIVATE_V4.some(([a, b, bits]) => n >>> (32 - bits) === ((((a << 24) | (b << 16)) >>> 0) >>> (32 - bits)))
}

/** An IPv6 address as 16 bytes (`::` expanded, a trailing dotted IPv4 read), or undefined. */
function v6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '')
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const missing = 8 - left.length - right.length
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined
  const all = [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => Number.parseInt(g, 16))
  if (all.length !== 8 || all.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return undefined
  return all.flatMap((g) => [g >> 8, g & 0xff])
}

/**
 * Whether an address is one an outside caller must not reach through yuqing (SSRF): loopback,
 * private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified,
 * multicast and reserved, in IPv4 and IPv6, including IPv4 carried inside IPv6 in any notation
 * (`::ffff:127.0.0.1` is `[::ffff:7f00:1]` in a URL; IPv4-compatible, NAT64 and 6to4 forms).
 */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) return privateV4(address.split('.').map(Number))
  const bytes = v6Bytes(address)
  // Not an address we can read: refuse rather than guess.
  if (!bytes) return true
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0)
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return privateV4(bytes.slice(12))
  if (zero(0, 12)) return zero(12, 15) ? (bytes[15] ?? 0) <= 1 : privateV4(bytes.slice(12)) // ::, ::1, ::a.b.c.d
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return privateV4(bytes.slice(12))
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return privateV4(bytes.slice(2, 6))
  const first = bytes[0] ?? 0
  const second = bytes[1] ?? 0
  return (first & 0xfe) === 0xfc || (first === 0xfe && (second & 0xc0) === 0x80) || first === 0xff
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
  let addresses: string[]
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? systemResolve)(host)
  } catch (error) {
    // A name that does not resolve now may resolve to anything at connect time: refused, not waved through.
    throw new InputError(`refused ${parsed.origin}: ${host} does not resolve (${error instanceof Error ? error.message : String(error)})`, { where: options.where, cause: error })
  }
  const blocked = addresses.find(isPrivateAddress)
  if (blocked !== undefined) {
    throw new InputError(
      `refused ${parsed.origin}: ${host === blocked ? 'it is' : `${host} resolves to`} a private or loopback address (${blocked}); ` +
        'an admin can allow it with `allowPrivateNetwork: true` on this source or channel, or YUQING_ALLOW_PRIVATE_NETWORKS=true for all',
      { where: options.where },
    )
  }
}

/**
 * Name resolution for outbound connections, checked at connect time: a name that resolved to a
 * public address when `checkOutboundUrl` looked may resolve to a private one a moment later (DNS
 * rebinding). Every address of the answer is checked again here, on the lookup the socket uses.
 */
export function guardedLookup(resolveAll: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, { family: options.family ?? 0, hints: options.hints, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const blocked = addresses.find((a) => isPrivateAddress(a.address))
      if (blocked !== undefined || addresses.length === 0) {
        const refused = Object.assign(new Error(`refused ${hostname}: it resolves to a private or loopback address (${blocked?.address ?? 'none'}) at connect time`), {
          code: 'EPRIVATEADDRESS',
        })
        return callback(refused, '', 0)
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
      const [first] = addresses as [LookupAddress]
      return callback(null, first.address, first.family)
    })
  }
}

/** Connections whose names are checked at connect time; one agent, its sockets pooled. */
let guardedAgent: Agent | undefined

/**
 * `fetch` for sources and channels: where private addresses are not allowed, through an agent that
 * refuses them at connect time too (see `guardedLookup`), after `checkOutboundUrl` has refused them
 * with a clear error naming the source or channel.
 */
export function outboundFetch(url: string, init: RequestInit, allowPrivate: boolean): Promise<Response> {
  if (allowPrivate) return fetch(url, init)
  guardedAgent ??= new Agent({ connect: { lookup: guardedLookup() } })
  return undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher: guardedAgent }) as unknown as Promise<Response>
}
