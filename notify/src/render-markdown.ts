import type { AlertView, EvidenceView, SnippetPart } from './alert-view.ts'
import { escapeMarkdown } from './escape.ts'

/**
 * An alert as robot markdown, in three runs of blocks so a channel with a size limit can drop
 * evidence from the end and still keep what the alert is and where to read the rest.
 * Blocks use only what DingTalk, WeCom and Feishu's `lark_md` all render: bold, links, lists.
 */
export interface MarkdownAlert {
  /** Plain text for a notification preview or a card header (not markdown). */
  title: string
  head: string[]
  evidence: string[]
  tail: string[]
}

export function renderMarkdown(view: AlertView, options: { heading: boolean }): MarkdownAlert {
  const head: string[] = []
  if (options.heading) head.push(`### ${escapeMarkdown(view.title)}`)
  head.push(
    [
      view.resolved ? `**已恢复**：规则「${escapeMarkdown(view.ruleName)}」不再触发` : `**规则**：${escapeMarkdown(view.ruleName)}（${view.severity}）`,
      `**摘要**：${escapeMarkdown(view.summary)}`,
      `**数量**：${view.counts}${view.negativeShare === undefined ? '' : `，负面占比 ${view.negativeShare}`}`,
      `**窗口**：${view.window}`,
      ...(view.matchedTerms.length > 0 ? [`**命中词**：${view.matchedTerms.map((t) => `**${escapeMarkdown(t)}**`).join('、')}`] : []),
      view.resolved && view.endedAt !== undefined
        ? `**时间**：${view.startedAt} 开始，${view.endedAt} 恢复，持续 ${view.firedFor ?? ''}`
        : `**开始**：${view.startedAt}`,
    ].join('\n\n'),
  )
  if (view.evidence.length > 0) head.push(`**证据**（${view.evidence.length} 篇）：`)
  const tail: string[] = []
  if (view.link !== undefined) tail.push(`[在看板中查看此告警](${view.link})`)
  tail.push(`时间均为 ${view.timezone}`)
  return { title: view.title, head, evidence: view.evidence.map(evidenceBlock), tail }
}

function evidenceBlock(evidence: EvidenceView, index: number): string {
  const title = escapeMarkdown(evidence.title ?? '原帖')
  const name = evidence.url === undefined ? title : `[${title}](${evidence.url})`
  const facts = [escapeMarkdown(evidence.source), evidence.publishedAt, evidence.sentiment].filter((f) => f !== undefined)
  return `${index + 1}. ${name}（${facts.join(' · ')}）：${snippetMarkdown(evidence.parts)}`
}

/** Matched stretches in bold; everything else is escaped text. */
export function snippetMarkdown(parts: readonly SnippetPart[]): string {
  return parts
    .map((p) => {
      const text = escapeMarkdown(p.text)
      return p.hit && text.trim() !== '' ? `**${text}**` : text
    })
    .join('')
}

/** The whole alert as one markdown text, blocks apart by a blank line (DingTalk needs the blank). */
export function joinMarkdown(alert: Pick<MarkdownAlert, 'head' | 'evidence' | 'tail'>): string {
  return [...alert.head, ...alert.evidence, ...alert.tail].join('\n\n')
}
