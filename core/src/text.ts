/**
 * Puts `String.prototype` back in V8's fast mode, from which every string method call can be
 * inlined: call it once the process has loaded its modules, before string-heavy work (the CLI does
 * once a command's modules are loaded, the analyzer as it starts).
 *
 * An object that becomes another's prototype is switched to dictionary mode, and ioredis makes
 * String.prototype one at load (`class VerbatimString extends String`). From then on no call of a
 * string method on a string (`text.charCodeAt(i)`, `text.slice(…)`, `token.trim()`) is inlined:
 * in the analyzer's process a loop over 5.9 million characters of Weibo posts took 43 ms instead
 * of 8 (Node 20); `String.prototype.charCodeAt.call(text, i)`, the way around it until now, took
 * 30. V8 turns a prototype back to fast mode when a property is looked up through it from an
 * object built on it, by a lookup that keeps feedback: a function gets its feedback only after
 * some calls (ten here, `%HasFastProperties` says), so it is called more often than that. Once
 * fast again, String.prototype stays so when more subclasses are made (text.test.ts).
 */
export function keepStringMethodsFast(): void {
  const probe = Object.create(String.prototype) as { charCodeAt: unknown }
  for (let i = 0; i < 256; i++) lookUpCharCodeAt(probe)
}

function lookUpCharCodeAt(probe: { charCodeAt: unknown }): unknown {
  return probe.charCodeAt
}

/** What a decoder leaves where the bytes were not text in the encoding it read them with. */
const REPLACEMENT = 0xfffd

/**
 * Why `text` is the wreck of a text rather than one, or undefined when it reads: at least 3 of its
 * characters, and a fifth of them (blanks aside), are U+FFFD. Such text was decoded with the wrong
 * encoding (GBK read as UTF-8, say) before it reached yuqing, and what jieba makes of the pieces
 * left (stray Latin letters, CJK characters at random) would only be noise on the hot-word board.
 * On a real Weibo stream of 129,713 posts, 117,713 hold no U+FFFD and 11,998 (four whole days
 * exported in the wrong encoding) are a fifth or more U+FFFD; 2 lie between.
 */
export function garbledText(text: string): string | undefined {
  if (!text.includes('\ufffd')) return undefined
  let replaced = 0
  let characters = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === REPLACEMENT) replaced++
    // Blanks do not count; the low half of a surrogate pair is the same character as the high half.
    else if (code <= 0x20 || code === 0x3000 || (code >= 0xdc00 && code <= 0xdfff)) continue
    characters++
  }
  if (replaced < 3 || replaced * 5 < characters) return undefined
  return `garbled: ${replaced} of ${characters} characters are U+FFFD, left where bytes were not text in the encoding they were read with (GBK read as UTF-8?)`
}
