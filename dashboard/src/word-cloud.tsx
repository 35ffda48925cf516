import { useMemo } from 'react'
import { negativeColor } from './format.ts'

interface Word {
  term: string
  weight: number
  negativeShare: number
}

interface Placed extends Word {
  x: number
  y: number
  size: number
}

const WIDTH = 560
const HEIGHT = 300

/**
 * Words laid out on an Archimedean spiral from the centre, biggest first, each put at the first
 * spot where its box overlaps no placed word. Text is SVG <text>, so a word is data, never markup.
 */
function layout(words: readonly Word[]): Placed[] {
  const max = Math.max(1, ...words.map((w) => w.weight))
  const min = Math.min(max, ...words.map((w) => w.weight))
  const placed: (Placed & { w: number; h: number })[] = []
  for (const word of [...words].sort((a, b) => b.weight - a.weight)) {
    const size = Math.round(14 + (max === min ? 0.5 : (word.weight - min) / (max - min)) * 30)
    // CJK glyphs are about square; Latin letters about half as wide.
    const w = [...word.term].reduce((n, ch) => n + (ch.charCodeAt(0) > 255 ? size : size * 0.6), 0) + 4
    const h = size + 2
    for (let t = 0; t < 900; t += 1) {
      const angle = t * 0.35
      const radius = 2.2 * angle
      const x = WIDTH / 2 + radius * Math.cos(angle) * 1.6 - w / 2
      const y = HEIGHT / 2 + radius * Math.sin(angle) - h / 2
      if (x < 0 || y < 0 || x + w > WIDTH || y + h > HEIGHT) continue
      if (placed.some((p) => x < p.x + p.w && p.x < x + w && y < p.y + p.h && p.y < y + h)) continue
      placed.push({ ...word, x, y, size, w, h })
      break
    }
  }
  return placed
}

export function WordCloud({ words, onSelect }: { words: readonly Word[]; onSelect: (term: string) => void }) {
  const placed = useMemo(() => layout(words), [words])
  return (
    <svg className="cloud" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="list" data-testid="word-cloud">
      {placed.map((p) => (
        <text
          key={p.term}
          role="listitem"
          x={p.x + 2}
          y={p.y + p.size}
          fontSize={p.size}
          fill={negativeColor(p.negativeShare)}
          className="cloud-word"
          onClick={() => onSelect(p.term)}
        >
          {p.term}
        </text>
      ))}
    </svg>
  )
}
