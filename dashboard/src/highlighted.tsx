/** Text with every match wrapped in <mark>; built from React nodes, so a post's HTML is never interpreted. */
export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  const usable = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length)
  if (usable.length === 0) return <>{text}</>
  const pattern = new RegExp(`(${usable.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g')
  return (
    <>
      {text.split(pattern).map((part, i) => (usable.includes(part) ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}
    </>
  )
}

/** Text with the given [start, end) stretches marked (an alert's evidence carries offsets, not words). */
export function Spans({ text, spans }: { text: string; spans: readonly (readonly [number, number])[] }) {
  const parts: { text: string; marked: boolean }[] = []
  let at = 0
  for (const [start, end] of spans) {
    if (start < at || end > text.length) continue
    if (start > at) parts.push({ text: text.slice(at, start), marked: false })
    parts.push({ text: text.slice(start, end), marked: true })
    at = end
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false })
  return <>{parts.map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>
}
