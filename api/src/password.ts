import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// One of OWASP's equivalent scrypt settings: 32 MiB a hash (128·N·r) rather than 128 MiB, run three times.
const COST = { N: 2 ** 15, r: 8, p: 3 }
const KEY_LENGTH = 64

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r }
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))))
}

/** `scrypt$N$r$p$salt$key` (base64url): the cost travels with the hash, so it can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

let decoy: Promise<string> | undefined
/** A hash to check an unknown user's password against, so a wrong name costs as long as a wrong password. Made on first use. */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'))
  return decoy
}

/** A password the API accepts: long enough to resist guessing, short enough not to stall scrypt. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return 'at least 10 characters'
  if (password.length > 200) return 'at most 200 characters'
  return undefined
}
