import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useId, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { api, get } from '../api.ts'
import { ErrorBox } from './ui.tsx'

type Prefs = { keepGraphicBlurred: boolean }

// The signed-in account's preference, fetched once per page load and shared by every graphic item.
let prefs: Promise<Prefs> | null = null
function mediaPreferences(): Promise<Prefs> {
  prefs ??= get<Prefs>('/api/v1/auth/preferences/media', { quietAuth: true }).catch(() => {
    prefs = null
    return { keepGraphicBlurred: true }
  })
  return prefs
}

/**
 * Graphic media behind a veil: blurred, greyscale and with a translated warning until revealed (unless
 * the account chose to see graphic media at once); videos inside are muted by their caller. Revealing
 * is per item and per visit: "Blur again" puts the veil back.
 */
export function GraphicVeil(props: { graphic: boolean; children: ComponentChildren }): JSX.Element {
  const { t } = useApp()
  const [revealed, setRevealed] = useState(false)
  const [keep, setKeep] = useState(true)
  useEffect(() => {
    if (!props.graphic) return
    void mediaPreferences().then((p) => setKeep(p.keepGraphicBlurred))
  }, [props.graphic])
  if (!props.graphic) return <>{props.children}</>
  const veiled = keep && !revealed
  return (
    <div class={`graphic-media${veiled ? ' veiled' : ''}`} data-graphic={veiled ? 'veiled' : 'revealed'}>
      <div class="graphic-content" aria-hidden={veiled ? 'true' : undefined} inert={veiled}>
        {props.children}
      </div>
      {veiled ? (
        <div class="graphic-warning" role="group" aria-label={t('graphic.warningTitle')}>
          <p>
            <strong>{t('graphic.warningTitle')}</strong> {t('graphic.warning')}
          </p>
          <button type="button" class="button secondary graphic-reveal" onClick={() => setRevealed(true)}>
            {t('graphic.reveal')}
          </button>
        </div>
      ) : keep ? (
        <button type="button" class="button secondary graphic-hide" onClick={() => setRevealed(false)}>
          {t('graphic.hide')}
        </button>
      ) : null}
    </div>
  )
}

/** A checkbox that marks an exhibit graphic (or not); the change is recorded in the ledger by the server. */
export function GraphicToggle(props: { evidenceId: string; graphic: boolean; onChange: (graphic: boolean) => void }): JSX.Element {
  const { t } = useApp()
  const id = useId()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return (
    <div class="field field-checkbox graphic-toggle">
      <input
        id={id}
        type="checkbox"
        name="graphic"
        checked={props.graphic}
        disabled={busy}
        onChange={async (e) => {
          const graphic = (e.currentTarget as HTMLInputElement).checked
          setBusy(true)
          setError(null)
          try {
            const r = await api<{ graphic: boolean }>('PUT', `/api/v1/evidence/${props.evidenceId}/graphic`, { graphic })
            props.onChange(r.graphic)
          } catch (err) {
            setError(err)
          } finally {
            setBusy(false)
          }
        }}
      />
      <label for={id}>{t('graphic.mark')}</label>
      <p class="hint">{t('graphic.markHint')}</p>
      <ErrorBox error={error} />
    </div>
  )
}

/** The account's own choice: keep graphic media blurred until revealed (default), or show it at once. */
export function MediaPreferenceSetting(): JSX.Element {
  const { t } = useApp()
  const id = useId()
  const [value, setValue] = useState<boolean | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    void mediaPreferences().then((p) => setValue(p.keepGraphicBlurred))
  }, [])
  return (
    <section class="card media-preferences" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('graphic.prefTitle')}</h2>
      <div class="field field-checkbox">
        <input
          id={id}
          type="checkbox"
          name="keepGraphicBlurred"
          checked={value ?? true}
          disabled={value === null}
          onChange={async (e) => {
            const keep = (e.currentTarget as HTMLInputElement).checked
            setError(null)
            setSaved(false)
            try {
              const r = await api<Prefs>('PUT', '/api/v1/auth/preferences/media', { keepGraphicBlurred: keep })
              prefs = Promise.resolve(r)
              setValue(r.keepGraphicBlurred)
              setSaved(true)
            } catch (err) {
              setError(err)
            }
          }}
        />
        <label for={id}>{t('graphic.prefKeep')}</label>
        <p class="hint">{t('graphic.prefHint')}</p>
      </div>
      {saved ? <p role="status">{t('graphic.prefSaved')}</p> : null}
      <ErrorBox error={error} />
    </section>
  )
}
