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
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g
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
  return masked.includes('@') ? masked.replace(EMAIL, (_whole, first: string, domain: string) => `${first}***@${domain}`) : masked
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
