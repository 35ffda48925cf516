/**
 * Just enough of a MIME reader to check what a mail client would show: headers (unfolded, encoded
 * words decoded) and the leaf parts of a multipart message, with their transfer encoding undone.
 */
export interface MimePart {
  headers: Map<string, string>
  body: string
}

export interface ParsedMail {
  headers: Map<string, string>
  parts: MimePart[]
}

export function parseMail(raw: string): ParsedMail {
  const { headers, body } = split(raw)
  return { headers, parts: leaves(headers, body) }
}

function split(raw: string): { headers: Map<string, string>; body: string } {
  const text = raw.replace(/\r\n/g, '\n')
  const end = text.indexOf('\n\n')
  const head = end < 0 ? text : text.slice(0, end)
  const headers = new Map<string, string>()
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()))
  }
  return { headers, body: end < 0 ? '' : text.slice(end + 2) }
}

function leaves(headers: Map<string, string>, body: string): MimePart[] {
  const type = headers.get('content-type') ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (!type.toLowerCase().startsWith('multipart/') || boundary === undefined) {
    return [{ headers, body: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit') }]
  }
  const sections = body.split(`--${boundary}`).slice(1)
  return sections
    .filter((s) => !s.startsWith('--'))
    .flatMap((section) => {
      const part = split(section.replace(/^\n/, ''))
      return leaves(part.headers, part.body)
    })
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    case 'quoted-printable':
      return quotedPrintable(body)
    default:
      return body
  }
}

function quotedPrintable(body: string): string {
  const joined = body.replace(/=\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i] ?? ''
    const hex = joined.slice(i + 1, i + 3)
    if (c === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(c, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). Adjacent words are one text (the
 * space between them goes) and are joined as bytes, since a word may end inside a character.
 */
function decodeWords(value: string): string {
  const word = /=\?[^?]+\?([BQ])\?([^?]*)\?=/gi
  return value.replace(/=\?[^?]+\?[BQ]\?[^?]*\?=(?:\s*=\?[^?]+\?[BQ]\?[^?]*\?=)*/gi, (run) => {
    const bytes: Buffer[] = []
    for (const [, kind, data] of run.matchAll(word)) {
      bytes.push(kind?.toUpperCase() === 'B' ? Buffer.from(data ?? '', 'base64') : Buffer.from(quotedPrintable((data ?? '').replace(/_/g, ' ')), 'utf8'))
    }
    return Buffer.concat(bytes).toString('utf8')
  })
}
