/**
 * Hostile post bodies: long runs of what looks like markup, addresses or numbers, each analysed
 * once (each a text the analyzer has not seen), against an ordinary post of the same length in the
 * same run. An expression that tries every start of a run takes time as the square of its length;
 * here every body should cost about what an ordinary one does. Needs nothing beside the project.
 */
import { createAnalyzer } from '@yuqing/analyzer'
import type { RawPost } from '@yuqing/core'

const LENGTH = 200_000

const BODIES: Record<string, (n: number) => string> = {
  'letters before an @': (n) => `${'a'.repeat(n - 1)}@`,
  'dotted letters before an @': (n) => `${'a.'.repeat(n / 2 - 1)}@x`,
  'addresses run together': (n) => 'a@'.repeat(n / 2),
  '< without >': (n) => '<'.repeat(n),
  'tags never closed': (n) => '<a'.repeat(n / 2),
  'scripts never closed': (n) => '<script>'.repeat(n / 8),
  'entities never closed': (n) => '&a'.repeat(n / 2),
  'digits and blanks': (n) => '1 '.repeat(n / 2),
  'repost markers': (n) => `//@${'名'.repeat(n - 3)}`,
  'emoticon brackets': (n) => '[哈'.repeat(n / 2),
  'lone surrogates': (n) => '\ud800'.repeat(n),
}

export function benchHostile(): void {
  const analyzer = createAnalyzer({ timezone: 'Asia/Shanghai' })
  const post = (content: string): RawPost => ({ id: 'hostile', source: 'bench', content, fetchedAt: new Date().toISOString() })
  const time = (content: string) => {
    const started = performance.now()
    analyzer.analyze(post(content))
    return performance.now() - started
  }
  const sentence = '青溪大桥封闭施工，公交绕行，居民反映出行不便。'
  const ordinary = sentence.repeat(Math.ceil(LENGTH / sentence.length)).slice(0, LENGTH)
  // Warmed on another text: the analyzer reuses the analysis of a text it has just seen.
  time(`${ordinary.slice(1)}。`)
  const baseline = time(ordinary)
  console.log(`hostile posts: ${LENGTH.toLocaleString('en')} characters each, against an ordinary post of that length (${baseline.toFixed(0)} ms)`)
  let worst = 0
  for (const [name, body] of Object.entries(BODIES)) {
    const ms = time(body(LENGTH))
    worst = Math.max(worst, ms / baseline)
    console.log(`  ${name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / baseline).toFixed(2)}× ordinary)`)
  }
  console.log(`  worst                        ${worst.toFixed(2)}× ordinary`)
}
