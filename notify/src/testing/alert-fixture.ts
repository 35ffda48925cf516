import type { AlertEvidence, AlertMessage } from '@yuqing/core'

/** Marks every occurrence of `terms` in `snippet`, as the rules stage does. */
function marked(snippet: string, terms: readonly string[]): [number, number][] {
  const spans: [number, number][] = []
  for (const term of terms) {
    for (let at = snippet.indexOf(term); at >= 0; at = snippet.indexOf(term, at + term.length)) spans.push([at, at + term.length])
  }
  return spans.sort((a, b) => a[0] - b[0])
}

/** A post written to break out of an alert: script, event handler, markdown link, mass mention. */
export const HOSTILE_SNIPPET =
  '群里有人发<script>alert(1)</script><img src=x onerror=alert(2)>，说点[x](http://evil.example/a)领取补贴，@all 快转发，我被骗走八千元'

export function evidence(overrides: Partial<AlertEvidence> = {}): AlertEvidence {
  const snippet = overrides.snippet ?? '今天在青溪镇菜市场门口有人冒充社保局工作人员，说可以代办补贴，已有老人被骗。'
  return {
    postId: 'qingxi-1001',
    source: 'qingxi-forum',
    url: 'http://127.0.0.1/thread-1001-1-1.html',
    title: '菜市场门口有人冒充社保局',
    publishedAt: '2026-03-02T01:30:00Z',
    sentiment: 'negative',
    snippet,
    highlights: marked(snippet, ['冒充', '被骗', '补贴']),
    ...overrides,
  }
}

export function hostileEvidence(): AlertEvidence {
  return evidence({
    postId: 'qingxi-666',
    url: 'http://127.0.0.1/thread-666-1-1.html',
    title: '<b>[点我](http://evil.example)</b> @所有人',
    snippet: HOSTILE_SNIPPET,
    highlights: marked(HOSTILE_SNIPPET, ['补贴', '被骗']),
  })
}

/** A firing fraud alert with two posts, one of them hostile. */
export function alertMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    alertId: 'fraud-1',
    sequence: 1,
    event: 'firing',
    ruleId: 'fraud',
    ruleName: '诈骗与冒充',
    severity: 'critical',
    summary: '近 1 小时 12 篇帖子提到冒充、被骗，基线 3 篇',
    matchedTerms: ['冒充', '被骗', '补贴'],
    evidence: [evidence(), hostileEvidence()],
    stats: { count: 12, baseline: 3, negativeShare: 0.75, from: '2026-03-02T01:00:00Z', to: '2026-03-02T02:00:00Z' },
    startsAt: '2026-03-02T02:00:00Z',
    timezone: 'Asia/Shanghai',
    link: 'http://127.0.0.1:8080/alerts/fraud-1',
    ...overrides,
  }
}
