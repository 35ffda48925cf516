import type { AlertView, EvidenceView, SnippetPart } from './alert-view.ts'
import { escapeHtml, plainLine } from './escape.ts'

export interface EmailAlert {
  subject: string
  text: string
  html: string
}

/** An alert as an e-mail: the same facts as the robots' markdown, as HTML and as plain text. */
export function renderEmail(view: AlertView): EmailAlert {
  return { subject: plainLine(`[舆情告警] ${view.title}`), text: textOf(view), html: htmlOf(view) }
}

function facts(view: AlertView): [string, string][] {
  return [
    ['规则', `${view.ruleName}（${view.severity}）`],
    ['摘要', view.summary],
    ['数量', `${view.counts}${view.negativeShare === undefined ? '' : `，负面占比 ${view.negativeShare}`}`],
    ['窗口', view.window],
    ...(view.matchedTerms.length > 0 ? [['命中词', view.matchedTerms.join('、')] as [string, string]] : []),
    view.resolved && view.endedAt !== undefined
      ? ['时间', `${view.startedAt} 开始，${view.endedAt} 恢复，持续 ${view.firedFor ?? ''}`]
      : ['开始', view.startedAt],
  ]
}

function evidenceFacts(e: EvidenceView): string {
  return [e.source, e.publishedAt, e.sentiment].filter((f) => f !== undefined).join(' · ')
}

function textOf(view: AlertView): string {
  const lines = [view.resolved ? `${view.title}：规则不再触发` : view.title, '']
  for (const [label, value] of facts(view)) lines.push(`${label}：${plainLine(value)}`)
  if (view.evidence.length > 0) {
    lines.push('', `证据（${view.evidence.length} 篇）：`)
    view.evidence.forEach((e, i) => {
      lines.push(`${i + 1}. ${plainLine(e.title ?? '原帖')}（${plainLine(evidenceFacts(e))}）`)
      // 【】 marks the matched words where no bold exists.
      lines.push(`   ${e.parts.map((p) => (p.hit ? `【${plainLine(p.text)}】` : plainLine(p.text))).join('')}`)
      if (e.url !== undefined) lines.push(`   ${e.url}`)
    })
  }
  lines.push('')
  if (view.link !== undefined) lines.push(`在看板中查看此告警：${view.link}`)
  lines.push(`时间均为 ${view.timezone}`)
  return `${lines.join('\n')}\n`
}

function snippetHtml(parts: readonly SnippetPart[]): string {
  return parts.map((p) => (p.hit ? `<mark>${escapeHtml(plainLine(p.text))}</mark>` : escapeHtml(plainLine(p.text)))).join('')
}

function htmlOf(view: AlertView): string {
  const color = view.resolved ? '#2e7d32' : view.severity === '严重' ? '#c62828' : view.severity === '警告' ? '#ef6c00' : '#1565c0'
  const rows = facts(view)
    .map(([label, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('')
  const items = view.evidence
    .map((e) => {
      const title = escapeHtml(plainLine(e.title ?? '原帖'))
      const name = e.url === undefined ? title : `<a href="${escapeHtml(e.url)}">${title}</a>`
      return `<li style="margin-bottom:8px">${name} <small>（${escapeHtml(evidenceFacts(e))}）</small><br>${snippetHtml(e.parts)}</li>`
    })
    .join('')
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body style="font-family:sans-serif">',
    `<h2 style="color:${color}">${escapeHtml(view.title)}</h2>`,
    `<table>${rows}</table>`,
    items === '' ? '' : `<h3>证据（${view.evidence.length} 篇）</h3><ol>${items}</ol>`,
    view.link === undefined ? '' : `<p><a href="${escapeHtml(view.link)}">在看板中查看此告警</a></p>`,
    `<p><small>时间均为 ${escapeHtml(view.timezone)}</small></p>`,
    '</body></html>',
  ].join('')
}
