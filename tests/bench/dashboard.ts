/**
 * The dashboard's bench: API time of the home page's requests (`/api/me`, `/api/home`) and of the
 * term page's (a word's 30 days, its spread that day, its posts), for the day's top word, over
 * 1,000,000 posts spread across 30 days in SQLite, and the gzipped size of what the first page
 * downloads (the ECharts chunk comes later, with the first chart).
 *
 * The posts are built directly as analysed posts (a vocabulary of 3,000 made-up words, Zipf-like
 * frequencies, 6 words a post, a fifth negative) and stored through `store.savePosts` in batches of
 * 20,000: analysing a million posts would measure the analyzer, not the home page.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { createApp, createUser } from '@yuqing/api'
import { addDays, loadConfig, type AnalyzedPost } from '@yuqing/core'
import { dashboardDir, openRuntime } from '@yuqing/cli'

const POSTS = Number(process.env.YUQING_BENCH_DASHBOARD_POSTS ?? 1_000_000)
const DAYS = 30
const BATCH = 20_000
const VOCABULARY = 3_000
const WORDS_A_POST = 6
const RUNS = 30
const LAST_DAY = '2026-11-26'
const SYLLABLES = [...'溪口桥镇水电路街村河山林田湖湾港城乡坝岭沟塘庄堡店铺园场站楼院区县市省厂矿校医药车船']

/** A deterministic generator: the same posts every run. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function vocabulary(next: () => number): string[] {
  const words = new Set<string>()
  while (words.size < VOCABULARY) {
    const length = 2 + Math.floor(next() * 3)
    words.add(Array.from({ length }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)] ?? '溪').join(''))
  }
  return [...words]
}

function buildPosts(from: number, count: number, words: readonly string[], next: () => number): AnalyzedPost[] {
  const posts: AnalyzedPost[] = []
  for (let i = from; i < from + count; i++) {
    const postDay = addDays(LAST_DAY, -Math.floor(next() * DAYS))
    const hour = String(Math.floor(next() * 24)).padStart(2, '0')
    // Zipf-like: a few words very common, most rare, as on a real board.
    const terms = [...new Set(Array.from({ length: WORDS_A_POST }, () => words[Math.floor(words.length * next() ** 2.5)] ?? '溪口'))]
    const negative = next() < 0.2
    const text = `${terms.join('，')}。第${i}帖`
    posts.push({
      id: `bench-${i}`,
      source: `forum-${i % 7}`,
      url: `https://bbs.example.cn/thread-${i}-1-1.html`,
      title: terms.slice(0, 2).join(''),
      content: text,
      publishedAt: `${postDay}T${hour}:00:00+08:00`,
      fetchedAt: `${postDay}T${hour}:05:00+08:00`,
      text,
      tokens: terms,
      terms,
      keywords: terms.map((term, k) => ({ term, weight: 1 - k / 10 })),
      sentiment: negative ? { score: -0.7, label: 'negative' } : { score: 0.2, label: 'neutral' },
      simhash: Array.from({ length: 16 }, () => Math.floor(next() * 16).toString(16)).join(''),
      signals: { urls: [], emoticons: [], emoji: [], reposted: false },
      hour: `${postDay}T${hour}`,
      day: postDay,
    })
  }
  return posts
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** What the first page downloads: index.html, its entry script and CSS, and the chunks they preload. */
function firstPageBytes(): { files: { name: string; gzip: number }[]; lazy: { name: string; gzip: number }[] } | undefined {
  const index = path.join(dashboardDir, 'index.html')
  if (!existsSync(index)) return undefined
  const html = readFileSync(index, 'utf8')
  const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].flatMap((m) => (m[1] ? [m[1]] : []))
  const gz = (file: string) => gzipSync(readFileSync(path.join(dashboardDir, file))).length
  const files = [{ name: 'index.html', gzip: gzipSync(html).length }, ...referenced.map((name) => ({ name, gzip: gz(name) }))]
  // Every other chunk is fetched only when its page or the first chart opens.
  const lazy = readdirSync(path.join(dashboardDir, 'assets'))
    .filter((name) => /^echarts-setup-.*\.js$/.test(name))
    .map((name) => ({ name: `assets/${name}`, gzip: gz(`assets/${name}`) }))
  return { files, lazy }
}

export async function benchDashboard(): Promise<void> {
  console.log(`bench dashboard: ${POSTS.toLocaleString('en')} posts over ${DAYS} days into SQLite…`)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yuqing-bench-dashboard-'))
  const runtime = openRuntime(loadConfig({ dataDir, demo: false }, {}))
  try {
    const next = random(7)
    const words = vocabulary(next)
    const loadStart = performance.now()
    for (let i = 0; i < POSTS; i += BATCH) await runtime.store.savePosts(buildPosts(i, Math.min(BATCH, POSTS - i), words, next))
    const loadSeconds = (performance.now() - loadStart) / 1000

    const now = new Date(`${LAST_DAY}T10:00:00+08:00`)
    const app = createApp({ store: runtime.store, analyzer: runtime.analyzer, timezone: runtime.config.timezone, now: () => now })
    await createUser(runtime.store, { name: 'bench', role: 'viewer', password: 'bench password 123' }, now)
    const login = await app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', password: 'bench password 123' }) })
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const timed = async (url: string) => {
      const start = performance.now()
      const res = await app.request(url, { headers: { cookie } })
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
      return performance.now() - start
    }
    await timed(`/api/home?day=${LAST_DAY}`)
    const me: number[] = []
    const home: number[] = []
    const both: number[] = []
    for (let i = 0; i < RUNS; i++) {
      // A different day each run, as staff page back through the week.
      const day = addDays(LAST_DAY, -(i % 7))
      const a = await timed('/api/me')
      const b = await timed(`/api/home?day=${day}`)
      me.push(a)
      home.push(b)
      both.push(a + b)
    }
    // The term page of the day's top word, the most posts of any: its three requests, and the
    // event report that page links (the same reads, printed as HTML).
    const series: number[] = []
    const profile: number[] = []
    const posts: number[] = []
    const termPage: number[] = []
    const report: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const day = addDays(LAST_DAY, -(i % 7))
      const top = (await (await app.request(`/api/hotwords?day=${day}&top=1`, { headers: { cookie } })).json()) as { items: { term: string }[] }
      const term = encodeURIComponent(top.items[0]?.term ?? '')
      // One after another: each alone, and their sum (one process answers them in turn anyway).
      const times = [await timed(`/api/terms/${term}?day=${day}`), await timed(`/api/terms/${term}/profile?day=${day}`), await timed(`/api/posts?term=${term}&day=${day}&fold=true&limit=50`)]
      series.push(times[0] ?? 0)
      profile.push(times[1] ?? 0)
      posts.push(times[2] ?? 0)
      termPage.push(times.reduce((a, b) => a + b, 0))
      report.push(await timed(`/api/terms/${term}/report?day=${day}`))
    }
    for (const list of [me, home, both, series, profile, posts, termPage, report]) list.sort((a, b) => a - b)
    const ms = (list: number[]) => `p50 ${percentile(list, 50).toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms, max ${(list.at(-1) ?? 0).toFixed(1)} ms`
    const rows: [string, string][] = [
      ['load (savePosts)', `${Math.round(POSTS / loadSeconds)} posts/s, ${loadSeconds.toFixed(0)} s`],
      ['GET /api/me', ms(me)],
      ['GET /api/home (board, sparklines, topics, rising, alerts, tasks)', ms(home)],
      [`home page's requests (${RUNS} runs; target p95 ≤ 150 ms)`, ms(both)],
      ['GET /api/terms/{top word} (30 days)', ms(series)],
      ['GET /api/terms/{top word}/profile (spread that day)', ms(profile)],
      ['GET /api/posts?term={top word}&day= (its posts)', ms(posts)],
      [`term page's requests, summed (${RUNS} runs)`, ms(termPage)],
      ['GET /api/terms/{top word}/report (event report, HTML)', ms(report)],
    ]
    const bundle = firstPageBytes()
    if (bundle) {
      const total = bundle.files.reduce((n, f) => n + f.gzip, 0)
      rows.push([`first page, gzipped (target ≤ 400 KB)`, `${(total / 1024).toFixed(1)} KB (${bundle.files.map((f) => `${path.basename(f.name)} ${(f.gzip / 1024).toFixed(1)}`).join(', ')})`])
      for (const f of bundle.lazy) rows.push(['charts, loaded with the first chart', `${(f.gzip / 1024).toFixed(1)} KB gzipped (${path.basename(f.name)})`])
    } else rows.push(['first page, gzipped', 'dashboard not built: run `pnpm build` first'])
    const width = Math.max(...rows.map(([k]) => k.length))
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
  } finally {
    await runtime.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
