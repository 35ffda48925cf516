import { describe, expect, it } from 'vitest'
import { isValidIdCheckDigit, maskPii } from './pii.ts'

// A resident ID built for this test: region 110105, born 1949-10-01, sequence 123, check digit computed.
const ID = '11010519491001123' + checkDigit('11010519491001123')
function checkDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (w[i] ?? 0), 0)
  return '10X98765432'[sum % 11] ?? ''
}

/** Appends the Luhn check digit. */
function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const digits = body + d
    let sum = 0
    for (let i = 0; i < digits.length; i++) {
      let n = Number(digits[digits.length - 1 - i])
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2
      sum += n
    }
    if (sum % 10 === 0) return digits
  }
  return body
}

describe('PII masking', () => {
  it('masks a mainland mobile number in its common spellings', () => {
    expect(maskPii('电话13812345678联系')).toBe('电话138****5678联系')
    expect(maskPii('打 +86 139-1234-5678 找我')).toBe('打 +86 139****5678 找我')
    expect(maskPii('138 1234 5678')).toBe('138****5678')
  })

  it('leaves numbers that are not mobile numbers alone', () => {
    expect(maskPii('订单号 12812345678 已发货')).toBe('订单号 12812345678 已发货')
    expect(maskPii('编号1381234567899')).toBe('编号1381234567899')
  })

  it('masks an 18-digit ID number with a valid check digit', () => {
    expect(isValidIdCheckDigit(ID)).toBe(true)
    const masked = maskPii(`身份证号${ID}，请核对`)
    expect(masked).toBe(`身份证号110***********${ID.slice(14)}，请核对`)
    expect(masked).not.toContain('19491001')
  })

  it('masks an ID with a wrong check digit when its birth date is plausible, but not a random long number', () => {
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0')
    expect(maskPii(wrongCheck)).toBe(`110***********${wrongCheck.slice(14)}`)
    expect(maskPii('流水号 987654321098765432 完成')).toBe('流水号 987654321098765432 完成')
  })

  it('masks a bank card number that passes the Luhn check', () => {
    const card = luhnComplete('622202123456789012')
    expect(maskPii(`卡号 ${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8, 12)} ${card.slice(12, 16)} ${card.slice(16)} 转账`)).toBe(
      `卡号 6222 **** **** ${card.slice(-4)} 转账`,
    )
    expect(maskPii('卡号4111111111111111')).toBe('卡号4111 **** **** 1111')
    expect(maskPii('单号 1234567890123456')).toBe('单号 1234567890123456')
  })

  it('masks an e-mail address but keeps its domain', () => {
    expect(maskPii('发到 zhang.san@example.com 就行')).toBe('发到 z***@example.com 就行')
    expect(maskPii('联系a@b.cn或c@d.cn')).toBe('联系a***@b.cn或c***@d.cn')
  })

  it('masks addresses written one against the other whole, to the last domain', () => {
    // One by one, the second's name read as the end of the first's domain (qq.comli): li@163.com showed.
    expect(maskPii('zhang@qq.comli@163.com')).toBe('z***@163.com')
    expect(maskPii('a@b.cna@b.cnc@d.cn。')).toBe('a***@d.cn。')
    // Mentions and lone signs are no addresses.
    expect(maskPii('@张三 @@ a@b @163.com 邮箱:a@b.cn.')).toBe('@张三 @@ a@b @163.com 邮箱:a***@b.cn.')
  })

  it('reads long runs around an @ once (hostile posts of 400,000 characters)', () => {
    // Each took minutes with the expression before: it tried every start of the run.
    expect(maskPii(`${'a'.repeat(400_000)}@`)).toBe(`${'a'.repeat(400_000)}@`)
    expect(maskPii(`${'a.'.repeat(200_000)}@x`)).toBe(`${'a.'.repeat(200_000)}@x`)
    expect(maskPii('a@'.repeat(200_000))).toBe('a@'.repeat(200_000))
    expect(maskPii(`${'a'.repeat(400_000)}@b.cn`)).toBe('a***@b.cn')
  })

  it('returns text without personal numbers unchanged', () => {
    const text = '青溪大桥封闭施工，预计 60 天完工。'
    expect(maskPii(text)).toBe(text)
  })
})
