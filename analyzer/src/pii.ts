/**
 * Personal numbers masked before anything is stored or shown: mainland mobile numbers, resident ID
 * numbers, bank card numbers and e-mail addresses. yuqing watches topics, not people.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** GB 11643 check digit of an 18-character resident ID. */
export function isValidIdCheckDigit(id: string): boolean {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] ?? 0)
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase()
}

/** A birth date inside the ID that could be real (1900–2099, a valid month and day). */
function hasPlausibleBirthDate(id: string): boolean {
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31
}

function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

const ID = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g
const MOBILE = /(?<![0-9])(\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9])/g
const CARD = /(?<![0-9])(?:\d[ -]?){14,18}\d(?![0-9])/g
/** A run of 11 or more digits (spaces and dashes between allowed): what an ID, phone or card needs. */
const MAY_HOLD_NUMBER = /\d[\d -]{9,}\d/

/**
 * Masks personal numbers in `text`. An 18-character number is taken for an ID when its check
 * digit is right or its birth date is plausible: a missed ID is a leak, a masked order number is
 * only hidden. Bank cards must pass the Luhn check, so long reference numbers stay readable.
 */
export function maskPii(text: string): string {
  // Most posts hold no long number, and many no @: skip the expressions that cannot match.
  const masked = MAY_HOLD_NUMBER.test(text) ? maskNumbers(text) : text
  return masked.includes('@') ? maskEmails(masked) : masked
}

/**
 * Masks the name of each e-mail address, keeping its first character and its domain. Read around
 * each `@` rather than by one expression: an expression that tries every start before an `@` took
 * time as the square of a long run of letters (0.8 s for 20,000 of them, minutes for a hostile
 * post of a few hundred thousand); each run is read here once or twice.
 */
function maskEmails(text: string): string {
  let out = ''
  let copied = 0
  for (let at = text.indexOf('@'); at !== -1; ) {
    let start = at
    while (start > 0 && isAddressUnit(text.charCodeAt(start - 1))) start--
    let end = at + 1
    while (end < text.length && isAddressUnit(text.charCodeAt(end))) end++
    const masked = maskAddressRun(text.slice(start, end))
    if (masked !== undefined) {
      out += text.slice(copied, start) + masked
      copied = end
    }
    at = text.indexOf('@', end)
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** Letters, digits and `._%+-@`: what an address (or several run together) is written with. */
function isAddressUnit(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b || code === 0x2d || code === 0x40
}

const DOMAIN = /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}/

/**
 * A run of address characters holding an address, masked to `z***@domain`; undefined when it holds
 * none. Addresses written one against the other (`zhang@qq.comli@163.com`) are masked whole, to
 * the last domain (`z***@163.com`): one by one, the second's name would be read as the end of the
 * first's domain (qq.comli) and `li@163.com` shown.
 */
function maskAddressRun(run: string): string | undefined {
  const parts = run.split('@')
  for (let last = parts.length - 1; last >= 1; last--) {
    const domain = DOMAIN.exec(parts[last] as string)?.[0]
    if (domain === undefined) continue
    const name = parts.slice(0, last).join('@')
    // The name starts at the first character that is not an `@`; a run of `@` alone names no one.
    const first = name.search(/[^@]/)
    if (first === -1) return undefined
    const rest = parts.slice(last).join('@').slice(domain.length)
    return `${name.slice(0, first)}${name[first]}***@${domain}${rest}`
  }
  return undefined
}

function maskNumbers(text: string): string {
  return text
    .replace(ID, (id) => (isValidIdCheckDigit(id) || hasPlausibleBirthDate(id) ? `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(14)}` : id))
    .replace(MOBILE, (_whole, country: string | undefined, head: string, _middle: string, tail: string) => `${country ?? ''}${head}****${tail}`)
    .replace(CARD, (card) => {
      const digits = card.replace(/[ -]/g, '')
      return luhn(digits) ? `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}` : card
    })
}
