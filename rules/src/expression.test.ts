import { describe, expect, it } from 'vitest'
import { InputError } from '@yuqing/core'
import { compileExpression } from './expression.ts'
import { MAX_EXPRESSION_LENGTH, MAX_NESTING } from './expression-parser.ts'

const matches = (expression: string, text: string): boolean => compileExpression(expression).match(text) !== undefined

function parseError(expression: string): string {
  try {
    compileExpression(expression)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).message
  }
  throw new Error(`expected "${expression}" to be refused`)
}

describe('keyword expressions', () => {
  it('binds "+" tighter than "|", so A | B + C needs both B and C or A alone', () => {
    expect(matches('火灾 | 爆炸 + 伤亡', '小区火灾')).toBe(true)
    expect(matches('火灾 | 爆炸 + 伤亡', '工厂爆炸')).toBe(false)
    expect(matches('火灾 | 爆炸 + 伤亡', '工厂爆炸致人伤亡')).toBe(true)
    expect(matches('(火灾 | 爆炸) + 伤亡', '小区火灾')).toBe(false)
  })

  it('reads whitespace between words as "and"', () => {
    expect(matches('拖欠 工资', '老板拖欠了三个月工资')).toBe(true)
    expect(matches('拖欠 工资', '老板拖欠房租')).toBe(false)
  })

  it('subtracts with a binary "-" and with a leading unary "-"', () => {
    expect(matches('诈骗 -宣传', '我被诈骗了')).toBe(true)
    expect(matches('诈骗 -宣传', '防诈骗宣传进社区')).toBe(false)
    expect(matches('-宣传 诈骗', '防诈骗宣传进社区')).toBe(false)
    expect(matches('诈骗 - (宣传 | 讲座)', '防诈骗讲座')).toBe(false)
    expect(matches('诈骗 - (宣传 | 讲座)', '刚被诈骗了')).toBe(true)
  })

  it('binds unary "-" looser than "~", so -(A ~3 B) is one subtraction', () => {
    expect(matches('诈骗 -宣传 ~3 反诈', '诈骗案频发，反诈宣传要跟上')).toBe(false)
    expect(matches('诈骗 -宣传 ~3 反诈', '诈骗案频发，宣传栏里也写了，要找反诈中心')).toBe(true)
  })

  it('matches a quoted phrase across a segmentation split and across whitespace', () => {
    // jieba cuts 电信诈骗案 as 电信 / 诈骗案: token matching would miss "电信诈骗".
    expect(matches('"电信诈骗"', '一起电信诈骗案告破')).toBe(true)
    expect(matches('"电信 诈骗"', '一起电信诈骗案告破')).toBe(true)
    expect(matches('"电信 诈骗"', '电信  诈骗')).toBe(true)
    expect(matches('"电信 诈骗"', '电信公司说诈骗电话不是他们打的')).toBe(false)
  })

  it('matches "A ~10 B" with B after A or before it', () => {
    expect(matches('火灾 ~10 伤亡', '昨晚火灾造成伤亡')).toBe(true)
    expect(matches('火灾 ~10 伤亡', '无人伤亡，昨晚的火灾已扑灭')).toBe(true)
  })

  it('matches at exactly N characters between the words and not at N + 1', () => {
    const ten = '一二三四五六七八九十'
    expect(matches('火灾 ~10 伤亡', `火灾${ten}伤亡`)).toBe(true)
    expect(matches('火灾 ~10 伤亡', `火灾${ten}十伤亡`)).toBe(false)
    expect(matches('火灾 ~10 伤亡', `伤亡${ten}十火灾`)).toBe(false)
    expect(matches('火灾 ~0 伤亡', '火灾伤亡')).toBe(true)
  })

  it('takes a phrase on either side of "~"', () => {
    expect(matches('"电信 诈骗" ~5 报警', '遇到电信诈骗要及时报警')).toBe(true)
    expect(matches('报警 ~5 "电信 诈骗"', '遇到电信诈骗要及时报警')).toBe(true)
  })

  it('takes alternatives on either side of "~"', () => {
    expect(matches('(起火 | 火灾) ~5 (死亡 | 受伤)', '厂房起火，两人受伤')).toBe(true)
    expect(matches('(起火 | 火灾) ~5 (死亡 | 受伤)', '厂房起火，所幸人员全部安全撤离，无人受伤')).toBe(false)
  })

  it('accepts full-width operators typed with a Chinese input method', () => {
    expect(matches('（火灾｜爆炸）＋伤亡－演练', '爆炸致3人伤亡')).toBe(true)
    expect(matches('（火灾｜爆炸）＋伤亡－演练', '爆炸伤亡演练')).toBe(false)
    expect(matches('火灾 ～５ 伤亡', '火灾致伤亡')).toBe(true)
    expect(matches('“电信 诈骗”', '电信诈骗')).toBe(true)
  })

  it('ignores case and width of Latin letters', () => {
    expect(matches('APP + 诈骗', '下载了一个app被诈骗')).toBe(true)
    expect(matches('ＰＵＡ', 'pua 受害者')).toBe(true)
  })

  it('returns ascending, merged spans of every matched word, and the words', () => {
    const text = '电信诈骗：冒充客服的电信诈骗'
    const found = compileExpression('电信诈骗 | 诈骗 | 冒充').match(text)
    expect(found?.spans).toEqual([
      [0, 4],
      [5, 7],
      [10, 14],
    ])
    expect(found?.terms).toEqual(['电信诈骗', '诈骗', '冒充'])
    expect(found?.spans.map(([s, e]) => text.slice(s, e))).toEqual(['电信诈骗', '冒充', '电信诈骗'])
  })

  it('reports spans in the post text even where case folding would change the length', () => {
    const text = 'İstanbul 诈骗 SCAM'
    const found = compileExpression('scam + 诈骗').match(text)
    expect(found?.spans.map(([s, e]) => text.slice(s, e))).toEqual(['诈骗', 'SCAM'])
  })

  it('highlights only the occurrences that stood near each other', () => {
    const text = '火灾演练。半年后，仓库火灾致人伤亡'
    const found = compileExpression('火灾 ~3 伤亡').match(text)
    expect(found?.spans.map(([s, e]) => text.slice(s, e))).toEqual(['火灾', '伤亡'])
    expect(found?.spans[0]?.[0]).toBe(11)
  })
})

describe('keyword expression errors', () => {
  it('names the column where a closing parenthesis was expected', () => {
    expect(parseError('(火灾 | 爆炸')).toBe('column 9: expected ")" to close the "(" at column 1, found the end')
    expect(parseError('(火灾 爆炸 伤亡')).toMatch(/^column 10: expected "\)"/)
  })

  it('names the column of a stray operator', () => {
    expect(parseError('火灾 | | 爆炸')).toBe('column 6: expected a word, a phrase or "(" after "|", found "|"')
    expect(parseError('火灾 +')).toBe('column 5: expected a word, a phrase or "(" after "+", found the end')
    expect(parseError('火灾) 爆炸')).toBe('column 3: unexpected ")": no "(" is open here')
    expect(parseError('火灾 ~ 伤亡')).toMatch(/^column 4: expected a distance after "~"/)
  })

  it('refuses an unclosed phrase, an empty phrase and an empty expression', () => {
    expect(parseError('诈骗 "电信 诈骗')).toBe('column 4: the phrase opened here has no closing "')
    expect(parseError('诈骗 | ""')).toBe('column 6: empty phrase ""')
    expect(parseError('   ')).toBe('column 1: the expression has no word to match')
  })

  it('refuses an expression that would match posts without any of its words', () => {
    expect(parseError('-宣传')).toMatch(/^column 1: this part matches posts that contain none of the words/)
    expect(parseError('诈骗 | -宣传')).toMatch(/^column 6: /)
  })

  it('refuses proximity between anything but words, phrases and their alternatives', () => {
    expect(parseError('(火灾 + 工厂) ~5 伤亡')).toMatch(/^column 2: "~5" joins words/)
    expect(parseError('火灾 ~5 伤亡 ~5 送医')).toMatch(/^column 10: "~" joins two sides only/)
  })

  it('gives a clear error, not a stack overflow, for parentheses nested thousands deep', () => {
    const deep = `${'('.repeat(3_000)}火灾${')'.repeat(3_000)}`
    expect(parseError(deep)).toMatch(/^expression is 6002 characters long/)
    const nested = `${'('.repeat(MAX_NESTING + 1)}火灾${')'.repeat(MAX_NESTING + 1)}`
    expect(parseError(nested)).toBe(`column ${MAX_NESTING + 1}: nested more than ${MAX_NESTING} levels deep`)
    expect(parseError(`${'-'.repeat(100)}火灾 爆炸`)).toMatch(/nested more than/)
  })

  it('refuses an expression longer than the limit and one with too many words', () => {
    expect(parseError('诈骗 '.repeat(MAX_EXPRESSION_LENGTH))).toMatch(/characters long, more than 4000/)
    expect(parseError(Array.from({ length: 600 }, (_, i) => `词${i}`).join('|'))).toMatch(/600 words, more than 500/)
  })

  it('finds the last of half a million repeats of a word near another, without overflowing the stack', () => {
    const text = `${'诈骗'.repeat(500_000)}受害人`
    const found = compileExpression('(诈骗 | 骗子) ~0 受害人 | 其他').match(text)
    expect(found?.terms).toEqual(['诈骗', '受害人'])
    expect(found?.spans).toEqual([[999_998, 1_000_003]])
  })

  it('compiles a long but reasonable alternative list and matches its last word', () => {
    const words = Array.from({ length: 400 }, (_, i) => `地名${i}`)
    expect(matches(words.join(' | '), '今天在地名399发生的事')).toBe(true)
  })
})
