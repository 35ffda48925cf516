import { chromium } from 'playwright-core'
const token = process.argv[2]
const base = 'http://localhost:8080'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' })
const ctx = await b.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' })
const p = await ctx.newPage()
await p.goto(base)
const h = { origin: base, 'content-type': 'application/json' }
let r = token === '-' ? { status: () => 0 } : await p.request.post(base + '/api/setup', { data: { token, name: 'admin', password: 'correct-horse-9' }, headers: h })
console.log('setup', r.status())
r = await p.request.post(base + '/api/login', { data: { name: 'admin', password: 'correct-horse-9' }, headers: h })
console.log('login', r.status())
for (const [name, path] of (process.argv[3] ?? 'home:/').split(',').map(s => s.split(':'))) {
  await p.goto(base + '/#' + path); await p.reload()
  await p.waitForTimeout(2500)
  await p.screenshot({ path: `/tmp/demo/${name}.png`, fullPage: true })
}
await b.close()
