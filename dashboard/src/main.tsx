import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { SessionGate } from './session-gate.tsx'
import './styles.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SessionGate>{(session, signOut) => <App user={session.user} onSignOut={signOut} />}</SessionGate>
    </StrictMode>,
  )
}
