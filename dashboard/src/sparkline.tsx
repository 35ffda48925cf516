/** A week of counts as a tiny SVG line: cheap enough for every row of the board. */
export function Sparkline({ values, color, label }: { values: readonly number[]; color: string; label: string }) {
  const width = 84
  const height = 24
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : width
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
  const last = points.at(-1)?.split(',')
  return (
    <svg className="spark" width={width} height={height} viewBox={`-2 0 ${width + 4} ${height}`} role="img" aria-label={label}>
      <polyline points={points.join(' ')} fill="none" stroke={color} strokeWidth="1.6" strokeLinejoin="round" />
      {last ? <circle cx={last[0]} cy={last[1]} r="2.4" fill={color} /> : null}
    </svg>
  )
}
