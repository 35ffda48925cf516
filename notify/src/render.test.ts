import { describe, expect, it } from 'vitest'
import { snippetParts, viewOf } from './alert-view.ts'
import { escapeHtml, escapeMarkdown, safeUrl } from './escape.ts'
import { formatDuration, formatTime } from './format-time.ts'
import { renderEmail } from './render-email.ts'
import { joinMarkdown, renderMarkdown } from './render-markdown.ts'
import { alertMessage, evidence } from './testing/alert-fixture.ts'

const markdownOf = (message = alertMessage()) => joinMarkdown(renderMarkdown(viewOf(message), { heading: true }))

describe('alert rendering', () => {
  it('explains a firing alert: rule, severity, summary, counts against baseline, window, terms, posts, link', () => {
    const markdown = markdownOf()
    for (const part of [
      '### 【严重】诈骗与冒充',
      '**规则**：诈骗与冒充（严重）',
      '**摘要**：近 1 小时 12 篇帖子提到冒充、被骗，基线 3 篇',
      '**数量**：12 篇，基线 3（4.0 倍），负面占比 75%',
      '**窗口**：2026-03-02 09:00 至 10:00',
      '**命中词**：**冒充**、**被骗**、**补贴**',
      '**开始**：2026-03-02 10:00',
      '**证据**（2 篇）：',
      '1. [菜市场门口有人冒充社保局](http://127.0.0.1/thread-1001-1-1.html)（qingxi-forum · 2026-03-02 09:30 · 负面）：',
      '[在看板中查看此告警](http://127.0.0.1:8080/alerts/fraud-1)',
      '时间均为 Asia/Shanghai',
    ]) {
      expect(markdown).toContain(part)
    }
  })

  it('says a resolved alert has resolved and how long it fired', () => {
    const markdown = markdownOf(alertMessage({ event: 'resolved', endsAt: '2026-03-04T05:10:00Z' }))
    expect(markdown).toContain('### 【已恢复】诈骗与冒充')
    expect(markdown).toContain('**已恢复**：规则「诈骗与冒充」不再触发')
    expect(markdown).toContain('2026-03-02 10:00 开始，2026-03-04 13:10 恢复，持续 2 天 3 小时')
    expect(renderEmail(viewOf(alertMessage({ event: 'resolved', endsAt: '2026-03-02T02:00:45Z' }))).text).toContain('持续 45 秒')
  })

  it("shows every time in the rule's zone", () => {
    const markdown = markdownOf(alertMessage({ timezone: 'Europe/London' }))
    expect(markdown).toContain('**开始**：2026-03-02 02:00')
    expect(markdown).toContain('时间均为 Europe/London')
    expect(formatTime('2026-07-01T12:00:00Z', 'America/New_York')).toBe('2026-07-01 08:00')
  })

  it('falls back to Asia/Shanghai for a zone the runtime does not know, rather than losing the alert', () => {
    const markdown = markdownOf(alertMessage({ timezone: 'Mars/Olympus_Mons' }))
    expect(markdown).toContain('**开始**：2026-03-02 10:00')
    expect(markdown).toContain('时间均为 Asia/Shanghai')
  })

  it('gives the count alone when the rule has no baseline', () => {
    const markdown = markdownOf(alertMessage({ stats: { count: 4, baseline: null, from: '2026-03-02T01:00:00Z', to: '2026-03-02T02:00:00Z' } }))
    expect(markdown).toContain('**数量**：4 篇\n')
  })

  it('links only to http(s) addresses', () => {
    const markdown = markdownOf(alertMessage({ evidence: [evidence({ url: 'javascript:alert(1)' })], link: 'data:text/html,x' }))
    expect(markdown).toContain('1. 菜市场门口有人冒充社保局（')
    expect(markdown).not.toMatch(/javascript|data:/)
    expect(safeUrl('https://bbs.example.cn/a b(1)')).toBe('https://bbs.example.cn/a%20b%281%29')
  })

  it('marks the matched stretches: bold in markdown, <mark> in HTML', () => {
    const message = alertMessage({ evidence: [evidence({ snippet: '有人冒充<客服>', highlights: [[2, 4]] })] })
    expect(markdownOf(message)).toContain('：有人**冒充**＜客服＞')
    expect(renderEmail(viewOf(message)).html).toContain('有人<mark>冒充</mark>&lt;客服&gt;')
  })

  it('survives highlight offsets that overlap, run past the end or split a surrogate pair', () => {
    expect(snippetParts('ab😀cd', [[1, 3], [2, 4], [5, 99]])).toEqual([
      { text: 'a', hit: false },
      { text: 'b😀', hit: true },
      { text: 'c', hit: false },
      { text: 'd', hit: true },
    ])
  })

  it('escapes markdown to inert full-width text and HTML to entities', () => {
    expect(escapeMarkdown('**粗** [a](http://x) <@u> #1\n> q www.x.cn')).toBe('＊＊粗＊＊ ［a］（http：//x） ＜＠u＞ ＃1 ＞ q www．x.cn')
    expect(escapeMarkdown('a\u202eb\u0000c')).toBe('abc')
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;')
  })

  it('words durations with their two largest units', () => {
    expect([formatDuration(59_000), formatDuration(3_600_000), formatDuration(90_061_000)]).toEqual(['59 秒', '1 小时', '1 天 1 小时'])
  })
})
