/**
 * Text to GBK, GB18030 or Big5 bytes, for pages served the way old Chinese sites serve them.
 * Node can decode these encodings but not encode them, so each table is Node's own decoder run
 * backwards over every byte sequence: the fixture cannot disagree with a correct decoder.
 */
export type LegacyEncoding = 'gbk' | 'gb18030' | 'big5'

const tables = new Map<LegacyEncoding, Map<string, number[]>>()

function table(encoding: LegacyEncoding): Map<string, number[]> {
  const cached = tables.get(encoding)
  if (cached) return cached
  const decoder = new TextDecoder(encoding)
  const map = new Map<string, number[]>()
  const add = (bytes: number[]) => {
    const ch = decoder.decode(new Uint8Array(bytes))
    if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, bytes)
  }
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) add([lead, trail])
  if (encoding === 'gb18030') {
    // Four-byte sequences reach the BMP characters GBK lacks (CJK Extension A and others).
    for (let b1 = 0x81; b1 <= 0x84; b1++)
      for (let b2 = 0x30; b2 <= 0x39; b2++) for (let b3 = 0x81; b3 <= 0xfe; b3++) for (let b4 = 0x30; b4 <= 0x39; b4++) add([b1, b2, b3, b4])
  }
  tables.set(encoding, map)
  return map
}

export function encode(text: string, encoding: LegacyEncoding): Buffer {
  const map = table(encoding)
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x80) {
      out.push(code)
      continue
    }
    const bytes = map.get(ch)
    if (bytes) {
      out.push(...bytes)
    } else if (encoding === 'gb18030' && code >= 0x10000) {
      // Supplementary planes map linearly onto 0x90308130 upward (digits of bases 10, 126, 10).
      let n = code - 0x10000
      const b4 = n % 10
      n = Math.floor(n / 10)
      const b3 = n % 126
      n = Math.floor(n / 126)
      const b2 = n % 10
      out.push(0x90 + Math.floor(n / 10), 0x30 + b2, 0x81 + b3, 0x30 + b4)
    } else {
      throw new Error(`fixture text has "${ch}", which ${encoding} cannot hold`)
    }
  }
  return Buffer.from(out)
}
