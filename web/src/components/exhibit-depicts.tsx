import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Evidence } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { del, get, post } from '../api.ts'
import { ErrorBox, Field, Mono } from './ui.tsx'

type Depicted = { personId: string; pseudonym: string }
type IncidentPerson = { id: string; pseudonym: string; role: string }

/** Images and videos: what a blurred copy can concern. */
export const isVisualExhibit = (mediaType: string): boolean => mediaType.startsWith('image/') || mediaType.startsWith('video/')

/** Consent to the use of a person's image or voice is decided per exhibit for images, videos and recordings (#17 item 9). */
export const isConsentExhibit = (mediaType: string): boolean => isVisualExhibit(mediaType) || mediaType.startsWith('audio/')

/**
 * "Depicts" on the exhibit view (#17 item 9): who this image or video shows, by pseudonym only, so a
 * dossier carries it only to recipients every one of them consented to. Those who may add evidence
 * (and read the incident) link persons of the incident and remove links; the server checks both.
 */
export function ExhibitDepicts(props: { ev: Evidence; canWrite: boolean }): JSX.Element | null {
  const { t, announce } = useApp()
  const [depicted, setDepicted] = useState<Depicted[]>(props.ev.depicts ?? [])
  const [persons, setPersons] = useState<IncidentPerson[] | null>(null)
  const [choice, setChoice] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const shown = props.ev.depicts !== undefined && isConsentExhibit(props.ev.mediaType)
  useEffect(() => {
    if (!shown || !props.canWrite) return
    get<{ items: IncidentPerson[] }>(`/api/v1/incidents/${props.ev.incidentId}/persons`)
      .then((r) => setPersons(r.items))
      .catch(setError)
  }, [props.ev.incidentId, shown, props.canWrite])
  // The integrity view (auditors, readers barred by need-to-know) has no depicts list: nothing to show.
  if (!shown) return null

  const linked = new Set(depicted.map((d) => d.personId))
  const offered = (persons ?? []).filter((p, i, all) => !linked.has(p.id) && all.findIndex((q) => q.id === p.id) === i)

  async function link(e: Event): Promise<void> {
    e.preventDefault()
    if (choice === '') return
    setBusy(true)
    setError(null)
    try {
      const r = await post<Depicted>(`/api/v1/evidence/${props.ev.id}/depicts`, { personId: choice })
      setDepicted([...depicted, { personId: r.personId, pseudonym: r.pseudonym }])
      setChoice('')
      announce(t('depicts.linked', { pseudonym: r.pseudonym }))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  async function unlink(d: Depicted): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      await del(`/api/v1/evidence/${props.ev.id}/depicts/${d.personId}`)
      setDepicted(depicted.filter((x) => x.personId !== d.personId))
      announce(t('depicts.removed', { pseudonym: d.pseudonym }))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card exhibit-depicts">
      <h2>{t('depicts.title')}</h2>
      <p class="secondary">{t('depicts.explain')}</p>
      {depicted.length === 0 ? (
        <p class="depicts-none">{t('depicts.none')}</p>
      ) : (
        <ul class="depicts-list">
          {depicted.map((d) => (
            <li key={d.personId}>
              <Mono>{d.pseudonym}</Mono>{' '}
              {props.canWrite ? (
                <button type="button" class="secondary" disabled={busy} onClick={() => void unlink(d)}>
                  {t('depicts.remove', { pseudonym: d.pseudonym })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
      {props.canWrite && persons !== null ? (
        offered.length === 0 ? (
          <p class="secondary">{t('depicts.noneToAdd')}</p>
        ) : (
          <form class="depicts-form" onSubmit={(e) => void link(e)}>
            <Field label={t('depicts.person')}>
              {({ id, describedBy }) => (
                <select
                  id={id}
                  name="personId"
                  aria-describedby={describedBy}
                  value={choice}
                  onChange={(e) => setChoice((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">{t('depicts.choose')}</option>
                  {offered.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.pseudonym}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" disabled={busy || choice === ''}>
              {t('depicts.add')}
            </button>
          </form>
        )
      ) : null}
    </section>
  )
}
