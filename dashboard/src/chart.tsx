import { useEffect, useRef } from 'react'
import type { EChartsCoreOption } from 'echarts/core'

/**
 * An ECharts canvas for `option`. ECharts is imported on first use (a separate chunk), so pages
 * without a chart never download it.
 */
export function Chart({ option, height = 260, testId }: { option: EChartsCoreOption; height?: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<{ setOption: (o: EChartsCoreOption, notMerge: boolean) => void; resize: () => void; dispose: () => void } | undefined>(undefined)
  const latest = useRef(option)
  latest.current = option

  useEffect(() => {
    let disposed = false
    const resize = () => chart.current?.resize()
    void import('./echarts-setup.ts').then(({ echarts }) => {
      if (disposed || !element.current) return
      chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' })
      chart.current.setOption(latest.current, true)
      window.addEventListener('resize', resize)
    })
    return () => {
      disposed = true
      window.removeEventListener('resize', resize)
      chart.current?.dispose()
      chart.current = undefined
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  return <div ref={element} className="chart" style={{ height }} data-testid={testId} />
}
