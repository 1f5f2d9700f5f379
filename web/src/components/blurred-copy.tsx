import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { Derivative, Evidence } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { post } from '../api.ts'
import { ErrorBox, Link, Mono } from './ui.tsx'
import { isVisualExhibit } from './exhibit-depicts.tsx'

const BLURRABLE = new Set(['image/jpeg', 'image/png'])

/**
 * Blurred copies on the exhibit view (#17 item 9): for a copy, where it comes from and how it was
 * made (its lineage); for an image, its copy, or — for those who may add evidence — "Make a blurred
 * copy", which the server keeps as an exhibit of its own. A dossier carries the copy where a person the
 * image shows has not consented to images. A video cannot be blurred here: a plain sentence says so.
 */
export function BlurredCopy(props: { ev: Evidence; canWrite: boolean }): JSX.Element | null {
  const { t, announce } = useApp()
  const [made, setMade] = useState<Derivative | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const ev = props.ev
  // Auditors and barred readers get the integrity view: no lineage, no action.
  if (ev.withheld !== undefined || !isVisualExhibit(ev.mediaType)) return null
  const copy = made ?? ev.derivatives?.find((d) => d.kind === 'blurred') ?? null

  async function make(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const r = await post<{ lineage: Derivative }>(`/api/v1/evidence/${ev.id}/derivatives`, { kind: 'blurred' })
      setMade(r.lineage)
      announce(t('blurredCopy.made'))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const lineage = (l: Derivative): JSX.Element => (
    <dl class="lineage">
      <dt>{t('blurredCopy.sourceSha256')}</dt>
      <dd>
        <Mono>{l.sourceSha256}</Mono>
      </dd>
      <dt>{t('blurredCopy.copySha256')}</dt>
      <dd>
        <Mono>{l.derivativeSha256}</Mono>
      </dd>
      <dt>{t('blurredCopy.method')}</dt>
      <dd>{t('blurredCopy.methodText', { block: l.parameters.block ?? 0, passes: l.parameters.boxPasses ?? 0 })}</dd>
      <dt>{t('blurredCopy.entry')}</dt>
      <dd>
        <Mono>{String(l.ledgerIndex)}</Mono>
      </dd>
    </dl>
  )

  return (
    <section class="card blurred-copy">
      <h2>{t('blurredCopy.title')}</h2>
      {ev.derivedFrom ? (
        <>
          <p class="blurred-copy-of">
            {t('blurredCopy.isCopyOf')} <Link href={`/evidence/${ev.derivedFrom.sourceId}`}>{t('blurredCopy.source')}</Link>
          </p>
          {lineage(ev.derivedFrom)}
        </>
      ) : copy ? (
        <>
          <p class="blurred-copy-made">
            {t('blurredCopy.has')} <Link href={`/evidence/${copy.derivativeId}`}>{t('blurredCopy.open')}</Link>
          </p>
          {lineage(copy)}
        </>
      ) : ev.mediaType.startsWith('video/') ? (
        <p class="blurred-copy-video">{t('blurredCopy.video')}</p>
      ) : BLURRABLE.has(ev.mediaType) ? (
        <>
          <p class="secondary">{t('blurredCopy.explain')}</p>
          {props.canWrite ? (
            <button type="button" disabled={busy} onClick={() => void make()}>
              {busy ? t('blurredCopy.making') : t('blurredCopy.make')}
            </button>
          ) : null}
        </>
      ) : (
        <p class="secondary">{t('blurredCopy.unsupported')}</p>
      )}
      <ErrorBox error={error} />
    </section>
  )
}
