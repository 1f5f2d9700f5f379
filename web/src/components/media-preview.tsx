import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { request } from '../api.ts'
import { Loading } from './ui.tsx'
import type { PdfPages } from '../lib/pdf-pages.ts'

export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf'

type Props = { kind: PreviewKind; src: string; name: string; onOpened?: (() => void) | undefined; onFailed: () => void }

/**
 * The media of an exhibit's preview, drawn in the browser without any codec on the server:
 * - an image as it is;
 * - a video muted, with a frame as poster: the media fragment `#t=0.1` makes the browser fetch the
 *   metadata and show the frame at 0.1 s (the first frame is often black) without playing;
 * - audio as a player that fetches nothing until played (`preload="none"`: phones on slow networks);
 * - a PDF's pages drawn on a canvas by pdf.js, loaded only now (a chunk and a worker of its own).
 * Each opening of the file is one recorded access (`onOpened`), a PDF fetched once whole.
 */
export function MediaPreview(props: Props): JSX.Element {
  const { t } = useApp()
  // Images are the copy without embedded metadata; video and audio play the original.
  const label = t('exhibit.previewAltOriginal', { name: props.name })
  const [frame, setFrame] = useState(false)
  if (props.kind === 'image')
    return (
      <img
        class="thumbnail"
        src={props.src}
        alt={t('exhibit.previewAlt', { name: props.name })}
        onLoad={props.onOpened}
        onError={props.onFailed}
      />
    )
  if (props.kind === 'video')
    return (
      <video
        class="thumbnail"
        src={`${props.src}#t=0.1`}
        controls
        muted
        preload="metadata"
        playsInline
        aria-label={label}
        data-frame={frame ? 'shown' : undefined}
        onLoadedMetadata={props.onOpened}
        onLoadedData={() => setFrame(true)}
        onError={props.onFailed}
      />
    )
  if (props.kind === 'audio')
    return (
      // biome-ignore lint/a11y/useMediaCaption: exhibits are evidence as recorded; there are no captions to offer.
      <audio src={props.src} controls preload="none" aria-label={label} onLoadedMetadata={props.onOpened} onError={props.onFailed} />
    )
  return <PdfPreview {...props} />
}

/** A PDF's pages one at a time, as wide as the card allows (at most 720 CSS pixels). */
function PdfPreview(props: Props): JSX.Element {
  const { t } = useApp()
  const box = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [doc, setDoc] = useState<PdfPages | null>(null)
  const [page, setPage] = useState(1)
  const [drawn, setDrawn] = useState(0)
  const { onOpened, onFailed } = props

  useEffect(() => {
    let gone = false
    let opened: PdfPages | null = null
    const load = async (): Promise<void> => {
      const [pdf, res] = await Promise.all([
        import('../lib/pdf-pages.ts'),
        request('GET', props.src, undefined, { headers: { accept: 'application/pdf' } })
      ])
      const bytes = new Uint8Array(await res.arrayBuffer())
      onOpened?.()
      opened = await pdf.openPdf(bytes)
      if (gone) await opened.close()
      else setDoc(opened)
    }
    load().catch(() => {
      if (!gone) onFailed()
    })
    return () => {
      gone = true
      void opened?.close()
    }
  }, [props.src])

  useEffect(() => {
    if (!doc || !canvas.current) return
    const width = Math.min(box.current?.clientWidth || 720, 720)
    setDrawn(0)
    doc
      .render(page, canvas.current, width)
      .then(() => setDrawn(page))
      .catch(() => onFailed())
  }, [doc, page])

  const pages = doc?.pages ?? 0
  return (
    <div class="pdf-preview" ref={box} data-page={drawn || undefined}>
      {doc ? null : <Loading />}
      {/* ltr: pdf.js draws glyph by glyph, each anchored at its start; in a Dari page a canvas inherits
          rtl and every glyph would be drawn ending where it should begin. */}
      <canvas
        ref={canvas}
        dir="ltr"
        class={doc ? 'pdf-page' : 'pdf-page pending'}
        role="img"
        aria-label={t('pdf.pageAlt', { name: props.name, page, pages })}
      />
      {pages > 1 ? (
        <p class="pdf-nav">
          <button type="button" class="button secondary" disabled={page <= 1 || drawn !== page} onClick={() => setPage(page - 1)}>
            {t('pdf.previous')}
          </button>
          <span aria-live="polite">{t('pdf.pageOf', { page, pages })}</span>
          <button type="button" class="button secondary" disabled={page >= pages || drawn !== page} onClick={() => setPage(page + 1)}>
            {t('pdf.next')}
          </button>
        </p>
      ) : null}
    </div>
  )
}
