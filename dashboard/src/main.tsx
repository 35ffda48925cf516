import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { LangProvider } from './i18n.tsx'
import { SessionGate } from './session-gate.tsx'
import './styles.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LangProvider>
        <SessionGate>{(me, signOut) => <App me={me} onSignOut={signOut} />}</SessionGate>
      </LangProvider>
    </StrictMode>,
  )
}
