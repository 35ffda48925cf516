/**
 * Features of the sentiment classifier, the same in training and in use: character 1–3-grams of
 * the text (robust to segmentation errors in short posts), words, words under a negation (`n:`,
 * for up to three words after 不/没/别…), and emoticons.
 */
const NEGATORS = new Set(['不', '没', '没有', '未', '别', '无', '非', '不是', '并非', '不再', '从未', '毫无', '不太', '不够', '不会', '不能'])
const SKIP = /[\s\p{P}\p{S}]/u
/** Character n-grams are taken from this many characters at most: a long post's opening sets its tone. */
const MAX_CHARS = 400

export function sentimentFeatures(text: string, tokens: readonly string[], emoticons: readonly string[] = []): string[] {
  const out: string[] = []
  const chars = [...text.slice(0, MAX_CHARS * 2)].filter((c) => !/\s/.test(c)).slice(0, MAX_CHARS)
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i] as string
    out.push(`c:${a}`)
    if (i + 1 < chars.length) {
      const ab = a + (chars[i + 1] as string)
      out.push(`b:${ab}`)
      if (i + 2 < chars.length) out.push(`t:${ab}${chars[i + 2] as string}`)
    }
  }
  let negated = 0
  for (const token of tokens) {
    if (SKIP.test(token) && token.length === 1) {
      // A clause ends at punctuation, and so does a negation's reach.
      negated = 0
      if (token === '!' || token === '?') out.push(`p:${token}`)
      continue
    }
    if (NEGATORS.has(token)) {
      negated = 3
      out.push(`w:${token}`)
      continue
    }
    out.push(negated > 0 ? `n:${token}` : `w:${token}`)
    if (negated > 0) negated--
  }
  for (const e of emoticons) out.push(`e:${e}`)
  return out
}
