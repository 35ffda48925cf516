/**
 * How fast rules match posts: `pnpm exec tsx rules/src/bench-match.ts`. Reads real posts from
 * ../shared/data (beside the project on development machines; says so and exits when absent),
 * matches them against the starter rules and against 500 more generated rules, once through one
 * RuleSet (one automaton pass a post) and once rule by rule, and prints the numbers.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { compileExpression } from './expression.ts'
import { loadRuleFiles } from './rule-files.ts'
import { parseRule, type Rule } from './rule-schema.ts'
import { matchesPosts, RuleSet, type MatchablePost } from './rule-set.ts'

const data = fileURLToPath(new URL('../../../shared/data/', import.meta.url))
const streamFile = `${data}weibo-stream-2020/posts-dev.jsonl.gz`
const messagesFile = `${data}gov-messages/messages-dev.jsonl`
if (!existsSync(streamFile) || !existsSync(messagesFile)) {
  console.log(`bench-match: ${data} is absent (the shared data sets sit beside the project only on development machines); nothing measured.`)
  process.exit(0)
}

function lines(text: string): unknown[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown)
}

const texts = [
  ...lines(gunzipSync(readFileSync(streamFile)).toString('utf8')).slice(0, 50_000).map((r) => String((r as { text?: unknown }).text ?? '')),
  ...lines(readFileSync(messagesFile, 'utf8')).map((r) => `${String((r as { title?: unknown }).title ?? '')}\n${String((r as { content?: unknown }).content ?? '')}`),
].map((t) => t.normalize('NFKC'))
const posts: MatchablePost[] = texts.map((text, i) => ({ id: `p${i}`, source: 'bench', hour: '2020-01-19T10', text, sentiment: { label: 'neutral' } }))
const chars = texts.reduce((n, t) => n + t.length, 0)
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0)

const starter = (await loadRuleFiles(fileURLToPath(new URL('..', import.meta.url)))).rules.map((r) => r.rule)

/** 500 rules in the starter rules' shapes, over two-character words taken from the posts themselves. */
function generatedRules(n: number): Rule[] {
  const words: string[] = []
  for (let i = 0; words.length < n * 4 && i < texts.length; i += 37) {
    const t = texts[i] ?? ''
    const at = Math.floor(t.length / 2)
    const word = t.slice(at, at + 2)
    if (/^\p{Script=Han}{2}$/u.test(word)) words.push(word)
  }
  const w = (i: number) => words[i % words.length] ?? '词'
  return Array.from({ length: n }, (_, i) =>
    parseRule({
      id: `generated-${i}`,
      name: `generated ${i}`,
      kind: 'match',
      query: i % 3 === 0 ? `(${w(4 * i)} | ${w(4 * i + 1)}) ~10 ${w(4 * i + 2)}` : i % 3 === 1 ? `${w(4 * i)} + ${w(4 * i + 1)} -${w(4 * i + 2)}` : `"${w(4 * i)} ${w(4 * i + 3)}" | ${w(4 * i + 1)}`,
    }),
  )
}

function measure(label: string, rules: Rule[]): void {
  const compileStart = performance.now()
  const set = new RuleSet(rules)
  const compileMs = performance.now() - compileStart
  for (const post of posts.slice(0, 2_000)) set.matchPost(post) // warm-up
  const start = performance.now()
  let hits = 0
  let matchedPosts = 0
  for (const post of posts) {
    const found = set.matchPost(post)
    hits += found.length
    if (found.length > 0) matchedPosts++
  }
  const seconds = (performance.now() - start) / 1000
  console.log(
    `${label}: ${rules.length} rules compiled in ${compileMs.toFixed(1)} ms; ${posts.length} posts in ${seconds.toFixed(2)} s = ` +
      `${Math.round(posts.length / seconds).toLocaleString('en')} posts/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s (UTF-8), ` +
      `${(((seconds * 1e6) / posts.length)).toFixed(1)} µs/post; ${matchedPosts} posts matched, ${hits} hits`,
  )
}

/** The same rules each with its own automaton, over fewer posts (it is that much slower); hits must agree. */
function measureOneByOne(label: string, rules: Rule[], sample: number): void {
  const matching = rules.filter(matchesPosts)
  const expressions = matching.map((r) => compileExpression(r.query ?? ''))
  const some = posts.slice(0, sample)
  const start = performance.now()
  let hits = 0
  for (const post of some) for (const e of expressions) if (e.match(post.text)) hits++
  const seconds = (performance.now() - start) / 1000
  const set = new RuleSet(matching)
  const together = some.reduce((n, post) => n + set.matchPost(post).length, 0)
  console.log(
    `${label}: ${matching.length} rules one by one over ${some.length} posts: ${Math.round(some.length / seconds).toLocaleString('en')} posts/s, ` +
      `${((seconds * 1e6) / some.length).toFixed(1)} µs/post; ${hits} hits (one RuleSet: ${together})`,
  )
}

console.log(`bench-match: ${posts.length} posts, ${chars.toLocaleString('en')} characters (${(bytes / 1e6).toFixed(1)} MB UTF-8), mean ${Math.round(chars / posts.length)} characters a post`)
const many = [...starter, ...generatedRules(500)]
measure('starter rules', starter)
measure('starter + 500 generated', many)
measureOneByOne('starter + 500 generated', many, 2_000)
