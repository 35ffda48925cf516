/**
 * What a post is made of besides its author's words: links, the `//@name:` chain of a repost,
 * bracketed emoticons (`[抓狂]`) and emoji. They are kept as signals and taken out of the text that
 * is segmented, so none of them becomes a hot word.
 */
export interface PostParts {
  /** The poster's own words (no links, emoticons or emoji); '' for a bare repost. */
  own: string
  /** The quoted chain after the first `//@`, without the `@name:` markers; '' when none. */
  repostChain: string
  urls: string[]
  emoticons: string[]
  emoji: string[]
}

const URL_PATTERN = /\bhttps?:\/\/[^\s\u3000-\u303f\uff00-\uffef<>"']+/gi
const EMOTICON = /\[[\p{Script=Han}A-Za-z]{1,8}\]/gu
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu
const REPOST = '//@'
const AT_NAME = /\/\/@[^:：\s]{1,30}[:：]?/g

/**
 * Can `text` hold an emoji? Any astral character, or one of the few pictographs in the BMP (©, ™,
 * ☀…). A plain character class is much cheaper than the Unicode property in EMOJI, and most posts
 * have no emoji at all.
 */
let mayHoldEmoji: RegExp | undefined

/** Builds the emoji screen now (about 10 ms) rather than on the first post; see prepareNormalizer. */
export function prepareSplitter(): void {
  emojiScreen()
}

function emojiScreen(): RegExp {
  if (!mayHoldEmoji) {
    // None lies above the surrogates (U+E000–U+FFFF), so the scan stops at them.
    const bmp: string[] = []
    for (let code = 0; code < 0xd800; code++) if (/\p{Extended_Pictographic}/u.test(String.fromCharCode(code))) bmp.push(`\\u${code.toString(16).padStart(4, '0')}`)
    mayHoldEmoji = new RegExp(`[${bmp.join('')}\\ud800-\\udbff]`)
  }
  return mayHoldEmoji
}

export function splitPost(text: string): PostParts {
  const urls = (text.includes('//') && text.match(URL_PATTERN)) || []
  const emoticons = (text.includes('[') && text.match(EMOTICON)) || []
  const emoji = (emojiScreen().test(text) && text.match(EMOJI)) || []
  let rest = urls.length > 0 ? text.replace(URL_PATTERN, ' ') : text
  if (emoticons.length > 0) rest = rest.replace(EMOTICON, ' ')
  if (emoji.length > 0) rest = rest.replace(EMOJI, ' ')
  const chainAt = rest.indexOf(REPOST)
  const own = (chainAt === -1 ? rest : rest.slice(0, chainAt)).replace(/[ \t]+/g, ' ').trim()
  const repostChain = chainAt === -1 ? '' : rest.slice(chainAt).replace(AT_NAME, ' ').replace(/\s+/g, ' ').trim()
  return { own, repostChain, urls, emoticons, emoji }
}
