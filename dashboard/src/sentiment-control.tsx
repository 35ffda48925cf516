import { useState } from 'react'
import { client, messageOf, unwrap, type PostItem } from './api.ts'
import { formatTime } from './format.ts'
import { useT, type Translate } from './i18n.tsx'
import { useSession } from './session.ts'

const LABELS = ['negative', 'neutral', 'positive'] as const

/** The badge's hover text: who relabelled the post and what the analyzer had said, or nothing. */
export function correctionNote(t: Translate, sentiment: PostItem['sentiment']): string | undefined {
  const c = sentiment.corrected
  return c ? `${t(c.of ? 'followedOriginal' : 'relabelledBy')}${c.by} · ${formatTime(c.at)} · ${t('modelSaid')} ${t(c.was)}` : undefined
}

/**
 * A post's sentiment label, which staff who may relabel posts change in one click when the
 * analyzer got it wrong: the board's negative shares and negative-share rules follow. On a repost
 * (`copy`) that has no label of a person's own, its current label can be clicked too: it confirms
 * that label as the person's, and the repost no longer follows its original.
 */
export function SentimentControl({ postId, sentiment, copy, onChange }: { postId: string; sentiment: PostItem['sentiment']; copy: boolean; onChange: () => void }) {
  const t = useT()
  const { can } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  // How many reposts of the wave followed the last relabel.
  const [wave, setWave] = useState(0)
  const relabel = (label: (typeof LABELS)[number]) => {
    setBusy(true)
    setError(undefined)
    unwrap(client.api.posts[':id'].sentiment.$post({ param: { id: postId }, json: { label } })).then(
      (post) => {
        setBusy(false)
        setWave(post.wave)
        onChange()
      },
      (err: unknown) => {
        setBusy(false)
        setError(messageOf(err))
      },
    )
  }
  const note = correctionNote(t, sentiment)
  const confirmable = copy && !(sentiment.corrected && !sentiment.corrected.of)
  return (
    <div className="sentiment-control" data-testid="sentiment-control">
      {can('posts:label') ? (
        <span role="group" aria-label={t('relabel')} className="segmented">
          <span className="muted">{t('relabel')}</span>
          {LABELS.map((label) => {
            const current = label === sentiment.label
            return (
              <button
                key={label}
                type="button"
                className={`small ${current ? `on ${label}` : ''}`}
                aria-pressed={current}
                disabled={busy || (current && !confirmable)}
                title={current && confirmable ? t('confirmLabel') : undefined}
                onClick={() => relabel(label)}
              >
                {t(label)}
              </button>
            )
          })}
        </span>
      ) : null}
      {note ? (
        <span className="muted" data-testid="correction-note">
          {note}
        </span>
      ) : null}
      {wave > 0 ? (
        <span className="muted" data-testid="wave-relabelled">
          {t('waveRelabelled')}
          {wave}
        </span>
      ) : null}
      {error ? <span className="error">{error}</span> : null}
    </div>
  )
}
