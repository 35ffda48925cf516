import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type { AlertMessage } from './api.ts'
import { useSummary } from './i18n.tsx'

export type LiveAlert = Omit<AlertMessage, 'suppressed'>

interface Live {
  connected: boolean
  /** Alert messages received since the page opened, newest first. */
  alerts: LiveAlert[]
  /** Grows with every task event: pages showing tasks reload on it. */
  taskVersion: number
  sound: boolean
  desktop: boolean
  setSound: (on: boolean) => void
  setDesktop: (on: boolean) => void
}

const LiveContext = createContext<Live | undefined>(undefined)
const KEPT = 50

function stored(key: string): boolean {
  return localStorage.getItem(key) === 'on'
}

/** A short two-tone chime made on the spot: no sound file to ship. */
function chime(): void {
  const audio = new AudioContext()
  for (const [i, freq] of [880, 660].entries()) {
    const osc = audio.createOscillator()
    const gain = audio.createGain()
    osc.frequency.value = freq
    gain.gain.setValueAtTime(0.15, audio.currentTime + i * 0.18)
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.18 + 0.16)
    osc.connect(gain).connect(audio.destination)
    osc.start(audio.currentTime + i * 0.18)
    osc.stop(audio.currentTime + i * 0.18 + 0.17)
  }
  setTimeout(() => void audio.close(), 600)
}

/** One `/api/live` stream for the whole app (EventSource reconnects and resumes by itself). */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [connected, setConnected] = useState(false)
  const [alerts, setAlerts] = useState<LiveAlert[]>([])
  const [taskVersion, setTaskVersion] = useState(0)
  const [sound, setSoundState] = useState(() => stored('yuqing.sound'))
  const [desktop, setDesktopState] = useState(() => stored('yuqing.desktop') && typeof Notification !== 'undefined' && Notification.permission === 'granted')
  const summaryOf = useSummary()
  const options = useRef({ sound, desktop, summaryOf })
  options.current = { sound, desktop, summaryOf }

  useEffect(() => {
    const source = new EventSource('/api/live')
    source.onopen = () => setConnected(true)
    source.onerror = () => setConnected(false)
    source.addEventListener('alert', (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as LiveAlert
      setAlerts((list) => [message, ...list.filter((m) => !(m.alertId === message.alertId && m.sequence === message.sequence))].slice(0, KEPT))
      if (options.current.sound) chime()
      if (options.current.desktop && message.event === 'firing') {
        // The notification body is plain text: the browser never renders it as markup.
        const note = new Notification(`${message.ruleName}`, { body: options.current.summaryOf(message), tag: message.alertId })
        note.onclick = () => {
          window.focus()
          window.location.hash = `#/alerts/${encodeURIComponent(message.alertId)}`
        }
      }
    })
    source.addEventListener('task', () => setTaskVersion((v) => v + 1))
    source.addEventListener('reset', () => setTaskVersion((v) => v + 1))
    return () => source.close()
  }, [])

  const setSound = (on: boolean) => {
    localStorage.setItem('yuqing.sound', on ? 'on' : 'off')
    setSoundState(on)
    if (on) chime()
  }
  const setDesktop = (on: boolean) => {
    localStorage.setItem('yuqing.desktop', on ? 'on' : 'off')
    if (!on || typeof Notification === 'undefined') return setDesktopState(false)
    void Notification.requestPermission().then((p) => setDesktopState(p === 'granted'))
  }
  return <LiveContext.Provider value={{ connected, alerts, taskVersion, sound, desktop, setSound, setDesktop }}>{children}</LiveContext.Provider>
}

export function useLive(): Live {
  const live = useContext(LiveContext)
  if (!live) throw new Error('useLive outside LiveProvider')
  return live
}
