import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { garbledText } from './text.ts'

describe('keepStringMethodsFast', () => {
  it('puts String.prototype back in fast mode after a subclass of String (as ioredis makes) took it out', () => {
    // V8 tells whether an object is in fast mode only with --allow-natives-syntax: a child process.
    const script = `
      import { keepStringMethodsFast } from ${JSON.stringify(new URL('./text.ts', import.meta.url).href)}
      const fast = new Function('o', 'return %HasFastProperties(o)')
      const before = fast(String.prototype)
      class VerbatimString extends String { constructor(value) { super(value) } }
      const subclassed = fast(String.prototype)
      keepStringMethodsFast()
      const kept = fast(String.prototype)
      class Another extends String { constructor(value) { super(value) } }
      console.log(JSON.stringify([before, subclassed, kept, fast(String.prototype), new VerbatimString('a').length + new Another('b').length]))`
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    })
    expect(JSON.parse(out)).toEqual([true, false, true, true, 2])
  })
})

describe('garbledText', () => {
  it('lets text through, and a text that lost a character or two', () => {
    expect(garbledText('青溪镇明天上午停水检修，请居民提前储水。')).toBeUndefined()
    expect(garbledText('停水第三天了\ufffd\ufffd 太气人')).toBeUndefined()
    expect(garbledText('')).toBeUndefined()
  })

  it('names GBK bytes read as UTF-8, with how many characters were lost', () => {
    // 青溪镇停水通知 in GBK, a hashtag around it, as a file exported in the wrong encoding reads.
    const gbk = [0xc7, 0xe0, 0xcf, 0xaa, 0xd5, 0xf2, 0xcd, 0xa3, 0xcb, 0xae, 0xcd, 0xa8, 0xd6, 0xaa]
    const wrecked = new TextDecoder('utf-8').decode(Uint8Array.from([0x23, ...gbk, 0x23, 0x20, 0x3f]))
    expect(garbledText(wrecked)).toMatch(/^garbled: \d+ of \d+ characters are U\+FFFD/)
    const [, lost, of] = /(\d+) of (\d+)/.exec(garbledText(wrecked) ?? '') ?? []
    expect(Number(lost)).toBe([...wrecked].filter((c) => c === '\ufffd').length)
    expect(Number(of)).toBe([...wrecked].filter((c) => c !== ' ').length)
  })

  it('draws the line at three U+FFFD and a fifth of the characters, blanks aside, a character beyond the BMP counted once', () => {
    expect(garbledText(`${'\ufffd'.repeat(3)}${'字'.repeat(12)}`)).toMatch(/^garbled: 3 of 15 /)
    expect(garbledText(`${'\ufffd'.repeat(3)}${'字'.repeat(13)}`)).toBeUndefined()
    expect(garbledText(`\ufffd \ufffd\u3000\ufffd ${'字'.repeat(12)}   `)).toMatch(/^garbled: 3 of 15 /)
    expect(garbledText(`${'\ufffd'.repeat(3)}${'𠀀'.repeat(12)}`)).toMatch(/^garbled: 3 of 15 /)
    expect(garbledText('\ufffd\ufffd')).toBeUndefined()
  })
})
