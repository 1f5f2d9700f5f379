import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Evidence } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, query } from '../api.ts'
import { Alert } from './ui.tsx'
import { GraphicToggle, GraphicVeil } from './graphic-media.tsx'
import { MediaPreview, type PreviewKind } from './media-preview.tsx'

// Images get the shared copy (embedded metadata removed); video, audio and PDF the original.
const IMAGES = new Set(['image/jpeg', 'image/png'])
const VIDEO = /^video\/(mp4|webm|ogg|quicktime)$/
const AUDIO = /^audio\/(mpeg|mp4|ogg|wav|x-wav|webm|aac|flac)$/

export function previewKind(mediaType: string): PreviewKind | null {
  if (IMAGES.has(mediaType)) return 'image'
  if (mediaType === 'application/pdf') return 'pdf'
  if (VIDEO.test(mediaType)) return 'video'
  if (AUDIO.test(mediaType)) return 'audio'
  return null
}

/**
 * An exhibit's preview: opened on request (each opening is recorded in the custody ledger), images as the
 * copy without metadata, video with a frame as poster and muted, audio as a player, PDF pages drawn in the
 * browser (components/media-preview.tsx). A graphic exhibit stays behind its veil until revealed; who may upload may mark it graphic.
 */
export function ExhibitPreview(props: { ev: Evidence; canMark: boolean; onOpened?: () => void }): JSX.Element {
  const { t } = useApp()
  const ev = props.ev
  const [open, setOpen] = useState(false)
  const [failed, setFailed] = useState(false)
  const [graphic, setGraphic] = useState(false)
  useEffect(() => {
    get<{ graphic: boolean }>(`/api/v1/evidence/${ev.id}/graphic`)
      .then((g) => setGraphic(g.graphic))
      .catch(() => undefined)
  }, [ev.id])
  const kind = previewKind(ev.mediaType)
  const src = `/api/v1/evidence/${ev.id}/content${query(kind === 'image' ? { variant: 'shared', purpose: 'exhibit-preview' } : { purpose: 'exhibit-preview' })}`
  const media = kind ? (
    <MediaPreview kind={kind} src={src} name={ev.name} onOpened={props.onOpened} onFailed={() => setFailed(true)} />
  ) : null
  return (
    <section class="card exhibit-preview">
      <h2>{t('exhibit.preview')}</h2>
      {props.canMark ? (
        <GraphicToggle evidenceId={ev.id} graphic={graphic} onChange={setGraphic} />
      ) : graphic ? (
        <p class="hint">{t('graphic.marked')}</p>
      ) : null}
      {kind ? (
        open ? (
          failed ? (
            <Alert kind="error">{t('exhibit.previewFailed')}</Alert>
          ) : (
            <GraphicVeil graphic={graphic}>{media}</GraphicVeil>
          )
        ) : (
          <>
            <p class="hint">
              {t(kind === 'image' ? 'exhibit.previewHint' : kind === 'pdf' ? 'pdf.previewHint' : 'exhibit.previewHintMedia')}
            </p>
            <button type="button" class="button secondary" onClick={() => setOpen(true)}>
              {t('exhibit.showPreview')}
            </button>
          </>
        )
      ) : (
        <p class="hint">{t('exhibit.noPreview')}</p>
      )}
      <p>
        <a class="button secondary" href={`/api/v1/evidence/${ev.id}/content${query({ purpose: 'exhibit-download' })}`} download>
          {t('exhibit.downloadOriginal')}
        </a>{' '}
        <span class="hint">{t('exhibit.downloadHint')}</span>
      </p>
    </section>
  )
}
