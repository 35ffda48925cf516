import { describe, expect, it } from 'vitest'
import * as OpenCC from 'opencc-js'
import { normalizeText, stripHtml } from './normalize.ts'

/** What normalizeText did before its fast path: every step on every text. */
const convert = OpenCC.Converter({ from: 't', to: 'cn' })
function everyStep(text: string): string {
  return convert(text.normalize('NFKC').replace(/\p{Cs}/gu, '\ufffd'))
    .replace(/[\t\f\v\r ]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim()
}

describe('normalizeText', () => {
  it('folds full width, traditional characters and blank runs, and leaves plain text as it is', () => {
    expect(normalizeText('ＡＢＣ１２３，發生車禍  了\n\n\n 請注意\t！')).toBe('ABC123,发生车祸 了\n请注意 !')
    expect(normalizeText('  小区停水了 今晚恢复\n谢谢  ')).toBe('小区停水了 今晚恢复\n谢谢')
    expect(normalizeText('e\u0301 한글 ㄱ')).toBe(everyStep('e\u0301 한글 ㄱ'))
    expect(normalizeText('堵车😡😡\uFE0F 𝐀')).toBe('堵车😡😡\uFE0F A')
    // Half a surrogate pair is no character (jieba would make it U+FFFD too).
    expect(normalizeText('坏\uD800了\uDC00')).toBe('坏\uFFFD了\uFFFD')
  })

  it('gives what every step would give, on random texts over awkward characters', () => {
    // Simplified and traditional Han, full-width and ideographic forms, blanks, marks, jamo,
    // emoji with variation selectors, math letters, lone surrogates.
    const alphabet = [
      ...'小区停水了今晚恢复謝謝發車禍著乾于ABCabc123,.!?，。！？、（）【】ＡＢ１２　 \n\t\r~',
      '\u0301', '\u0308', '\u1100', '\u1161', '\u11a8', '한', '😡', '👍🏻', '\uFE0F', '\u200D', '𝐀', '①', 'ﬁ', '㍿', '\uD800', '\uDC00', '\u00A0', '\u00A8', '\u2003', '\uF900', '\uF91F', '\u2F00',
    ]
    let seed = 12345
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 4_294_967_296
    }
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 24)
      const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
      expect(normalizeText(text), JSON.stringify(text)).toBe(everyStep(text))
    }
  })

  describe('stripHtml', () => {
    it('drops scripts, styles and tags, breaks lines at blocks, and decodes entities', () => {
      expect(stripHtml('<p>停水<b>三天</b></p><SCRIPT type="x">alert("<p>")</script ><style>p{}</style>了&amp;&#x6C34;&lt;')).toBe(' 停水 三天 \n  了&水<')
      // A script left open keeps its text (its tag goes), and does not hide a later closed style.
      expect(stripHtml('a<script>b<style>c</style>d')).toBe('a b d')
      // A stray `<` in the text is not the start of a tag that a later `>` ends.
      expect(stripHtml('1<2 且 <b>3</b>')).toBe('1<2 且  3 ')
    })

    it('reads long runs of what looks like markup once (hostile posts of 400,000 characters)', () => {
      // The first three took minutes with the expressions before: time went as the square of the run.
      expect(stripHtml('<'.repeat(400_000))).toBe('<'.repeat(400_000))
      expect(stripHtml('<a'.repeat(200_000))).toBe('<a'.repeat(200_000))
      expect(stripHtml(`${'<script>'.repeat(50_000)}停水`)).toBe(`${' '.repeat(50_000)}停水`)
      // Closed elements, many of them, still go whole.
      expect(stripHtml(`${'<style>x</style>'.repeat(25_000)}停水`)).toBe(`${' '.repeat(25_000)}停水`)
    })
  })
})
