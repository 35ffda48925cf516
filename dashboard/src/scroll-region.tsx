import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { useT } from './i18n.tsx'

/**
 * A wide table that scrolls sideways in its card (on a phone), with a line under it saying so
 * while columns are out of sight: a table cut at the screen's edge looks complete otherwise.
 * The edges that hide columns also fade (styles.css, `.table-scroll`).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const t = useT()
  const hintId = useId()
  const box = useRef<HTMLDivElement>(null)
  const [hidden, setHidden] = useState({ left: false, right: false })
  // Measured before the first paint, so the hint does not appear a frame late.
  useLayoutEffect(() => {
    const element = box.current
    if (!element) return
    const measure = () => {
      const left = element.scrollLeft > 1
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1
      setHidden((was) => (was.left === left && was.right === right ? was : { left, right }))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    if (element.firstElementChild) observer.observe(element.firstElementChild)
    element.addEventListener('scroll', measure, { passive: true })
    return () => {
      observer.disconnect()
      element.removeEventListener('scroll', measure)
    }
  }, [])
  const hinted = hidden.left || hidden.right
  return (
    <>
      <div
        ref={box}
        className={`table-scroll${hidden.left ? ' more-left' : ''}${hidden.right ? ' more-right' : ''}`}
        tabIndex={0}
        role="region"
        aria-label={label}
        aria-describedby={hinted ? hintId : undefined}
      >
        {children}
      </div>
      {hinted ? (
        <p id={hintId} className="muted scroll-hint" data-testid="scroll-hint">
          {hidden.right ? t('moreColumnsRight') : t('moreColumnsLeft')}
        </p>
      ) : null}
    </>
  )
}
