import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { client, SIGNED_OUT, unwrap, type MeResponse } from './api.ts'
import { setTimeZone } from './format.ts'
import { useT } from './i18n.tsx'

type State = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; session: MeResponse }

/** Shows the sign-in form (or, at /setup?token=…, the first admin's form) until there is a session. */
export function SessionGate({ children }: { children: (session: MeResponse, signOut: () => void) => ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const load = useCallback(() => {
    client.api.me.$get().then(
      async (res) => {
        if (!res.ok) return setState({ kind: 'signed-out' })
        const session = await res.json()
        // Before anything renders a time: every time shown is on the configured zone's clock.
        setTimeZone(session.timezone)
        setState({ kind: 'signed-in', session })
      },
      () => setState({ kind: 'signed-out' }),
    )
  }, [])
  useEffect(() => {
    load()
    const onSignedOut = () => setState({ kind: 'signed-out' })
    window.addEventListener(SIGNED_OUT, onSignedOut)
    return () => window.removeEventListener(SIGNED_OUT, onSignedOut)
  }, [load])

  const signOut = () => {
    void client.api.logout.$post().finally(() => setState({ kind: 'signed-out' }))
  }

  switch (state.kind) {
    case 'loading':
      return <p className="muted page">加载中…</p>
    case 'signed-out': {
      const token = new URLSearchParams(window.location.search).get('token')
      return window.location.pathname === '/setup' && token ? <SetupForm token={token} onDone={load} /> : <SignInForm onDone={load} />
    }
    case 'signed-in':
      return <>{children(state.session, signOut)}</>
  }
}

function SignInForm({ onDone }: { onDone: () => void }) {
  const t = useT()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    unwrap(client.api.login.$post({ json: { name, password } })).then(onDone, (err: unknown) => setError(err instanceof Error ? err.message : String(err)))
  }
  return (
    <form className="card sign-in" onSubmit={submit} aria-label="登录">
      <h1>
        {t('appName')} · {t('signIn')}
      </h1>
      <label>
        {t('userName')}
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" required />
      </label>
      <label>
        {t('password')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
      </label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit">{t('signIn')}</button>
    </form>
  )
}

function SetupForm({ token, onDone }: { token: string; onDone: () => void }) {
  const [name, setName] = useState('admin')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    unwrap(client.api.setup.$post({ json: { token, name, password } })).then(
      () => {
        window.history.replaceState(null, '', '/')
        onDone()
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    )
  }
  return (
    <form className="card sign-in" onSubmit={submit} aria-label="创建管理员">
      <h1>创建管理员账号</h1>
      <p className="muted">首次启动：设置管理员的用户名和密码（至少 10 位）。</p>
      <label>
        用户名
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" required />
      </label>
      <label>
        密码
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={10} required />
      </label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit">创建并登录</button>
    </form>
  )
}
