import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAnalyzer } from '@yuqing/analyzer'
import type { RawPost } from '@yuqing/core'
import { readGzipLines } from './read-lines.ts'
const root = fileURLToPath(new URL('../..', import.meta.url))
const file = path.resolve(root, '../shared/data/weibo-stream-2020/posts-dev.jsonl.gz')
const posts: RawPost[] = []
for await (const line of readGzipLines(file, 50_000)) {
  const j = JSON.parse(line) as { id: string; day: string; text: string }
  if (j.text?.trim()) posts.push({ id: j.id, source: 'w', content: j.text.trim(), day: j.day, fetchedAt: new Date().toISOString() } as RawPost)
}
const mode = process.argv[2] ?? 'both'
const seg = createAnalyzer({ timezone: 'Asia/Shanghai' })
seg.cut('预热')
const a = createAnalyzer({ timezone: 'Asia/Shanghai' })
let segMs = 0, anMs = 0
for (let rep = 0; rep < 2; rep++)
for (let i = 0; i < posts.length; i += 1000) {
  const chunk = posts.slice(i, i + 1000)
  let t = performance.now()
  if (mode !== 'an') for (const p of chunk) seg.cut(p.content)
  segMs += performance.now() - t
  t = performance.now()
  if (mode !== 'seg') a.analyzeBatch(chunk)
  anMs += performance.now() - t
}
console.log(`posts ${posts.length} seg ${segMs.toFixed(0)} ms analyze ${anMs.toFixed(0)} ms ratio ${(segMs / anMs).toFixed(3)}`)
