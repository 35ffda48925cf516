import { BarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { HotWordItem } from './api.ts'
import { negativeColor, rankChangeText } from './format.ts'

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer])

interface Props {
  items: readonly HotWordItem[]
  selected: string | undefined
  onSelect: (term: string) => void
}

/** The board as a ranked horizontal bar chart: longest bar on top, colour = share of negative posts. */
export function HotWordChart({ items, selected, onSelect }: Props) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | undefined>(undefined)
  const select = useRef(onSelect)
  select.current = onSelect

  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' })
    chart.current = instance
    instance.on('click', (params) => {
      if (typeof params.name === 'string') select.current(params.name)
    })
    const resize = () => instance.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      instance.dispose()
    }
  }, [])

  useEffect(() => {
    const rows = [...items].reverse()
    chart.current?.setOption(
      {
        animationDuration: 400,
        grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'item',
          formatter: (p: { dataIndex: number }) => {
            const w = rows[p.dataIndex]
            if (!w) return ''
            return `<b>${escapeHtml(w.term)}</b><br/>热度 ${w.score} · 帖子 ${w.count} · 负面 ${Math.round(w.negativeShare * 100)}%<br/>排名变化 ${rankChangeText(w.rankChange)}`
          },
        },
        xAxis: { type: 'value', name: '热度', splitLine: { lineStyle: { color: '#eef0f3' } } },
        yAxis: {
          type: 'category',
          data: rows.map((w) => w.term),
          axisTick: { show: false },
          axisLabel: { color: '#1f2937', fontSize: 13, fontWeight: (value: string) => (value === selected ? 700 : 400) },
        },
        series: [
          {
            type: 'bar',
            barMaxWidth: 18,
            cursor: 'pointer',
            // Bar length is the ranking score, so the bars fall in rank order; the tooltip has the post count.
            data: rows.map((w) => ({
              value: w.score,
              itemStyle: {
                color: negativeColor(w.negativeShare),
                borderRadius: [0, 4, 4, 0],
                opacity: selected && selected !== w.term ? 0.55 : 1,
              },
            })),
            label: {
              show: true,
              position: 'right',
              color: '#6b7280',
              formatter: (p: { dataIndex: number }) => rankChangeText(rows[p.dataIndex]?.rankChange ?? null),
            },
          },
        ],
      },
      true,
    )
  }, [items, selected])

  return <div ref={element} className="chart" style={{ height: Math.max(240, items.length * 26 + 24) }} data-testid="hot-word-chart" />
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
