import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Evidence, Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, uploadForm } from '../api.ts'
import { Alert, Badge, ErrorBox, Field, Instant, Link, Loading, Mono, ProgressBar, useErrorText } from '../components/ui.tsx'
import { DropZone } from '../components/drop-zone.tsx'
import { CalendarSwitch, DateInput } from '../components/date-input.tsx'
import { toGregorianIso, type Calendar } from '../lib/dates.ts'
import { can } from '../permissions.ts'
import type { MessageKey } from '../i18n/index.ts'
import { sha256OfFile } from '../lib/sha256-stream.ts'
import { formatBytes } from '../lib/format.ts'
import { EVIDENCE_SOURCES } from '../schema-enums.ts'

type UploadState = {
  key: string
  file: File
  stage: 'waiting' | 'hashing' | 'uploading' | 'done' | 'failed'
  hashed: number
  sent: number
  sha256?: string
  result?: Evidence & { alreadyHeld?: boolean }
  error?: unknown
}

/** The incident's exhibits and, for documenters, the upload of new ones. */
export function EvidencePanel(props: { incident: Incident }): JSX.Element {
  const { t, lang, session } = useApp()
  const [items, setItems] = useState<Evidence[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<{ items: Evidence[] }>(`/api/v1/incidents/${props.incident.id}/evidence`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [props.incident.id, version])
  const canUpload = can(session?.role, 'evidence:write') && !props.incident.retracted
  return (
    <section aria-labelledby="evidence-h">
      <h2 id="evidence-h">{t('evidence.title')}</h2>
      {canUpload ? <Uploader incidentId={props.incident.id} onUploaded={() => setVersion((v) => v + 1)} /> : null}
      <ErrorBox error={error} />
      {!items ? (
        error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <p class="empty">{t('evidence.none')}</p>
      ) : (
        <table class="evidence-table stack-table">
          <caption>{t('evidence.listCaption', { n: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('evidence.name')}</th>
              <th scope="col">{t('evidence.type')}</th>
              <th scope="col">{t('evidence.size')}</th>
              <th scope="col">SHA-256</th>
              <th scope="col">{t('evidence.flags')}</th>
              <th scope="col">{t('evidence.added')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td data-label={t('evidence.name')}>
                  <Link href={`/evidence/${e.id}`}>
                    <span dir="auto">{e.name}</span>
                  </Link>
                </td>
                <td data-label={t('evidence.type')}>
                  <span dir="ltr">{e.mediaType}</span>
                </td>
                <td data-label={t('evidence.size')}>{formatBytes(e.size, lang)}</td>
                <td data-label="SHA-256">
                  <Mono>{e.sha256.slice(0, 16)}…</Mono>
                </td>
                <td data-label={t('evidence.flags')}>
                  {e.flags.length === 0 ? (
                    <Badge kind="ok">{t('evidence.noFlags')}</Badge>
                  ) : (
                    e.flags.map((f) => (
                      <Badge key={f} kind="warning">
                        {t(`mediaFlag.${f}` as MessageKey)}
                      </Badge>
                    ))
                  )}
                </td>
                <td data-label={t('evidence.added')}>
                  <Instant value={e.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/**
 * Several files at once: each is hashed here first (streamed; a 2 GB video never sits in memory),
 * then sent with that hash as `sha256`, so the server refuses it unless exactly those bytes arrived.
 */
function Uploader(props: { incidentId: string; onUploaded: () => void }): JSX.Element {
  const { t, lang, announce } = useApp()
  const errorText = useErrorText()
  const [uploads, setUploads] = useState<UploadState[]>([])
  const [source, setSource] = useState('')
  const [description, setDescription] = useState('')
  const [collectedBy, setCollectedBy] = useState('')
  const [collectedAt, setCollectedAt] = useState('')
  // The collection date is typed in either calendar and sent as ISO (the server takes Gregorian).
  const [calendar, setCalendar] = useState<Calendar>(lang === 'en' ? 'gregorian' : 'solar-hijri')
  const [sourceUrl, setSourceUrl] = useState('')
  const queue = useRef<Promise<void>>(Promise.resolve())
  const counter = useRef(0)

  const update = (key: string, patch: Partial<UploadState>): void =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)))

  async function run(u: UploadState, fields: Record<string, string>): Promise<void> {
    try {
      // A retry after a refused field keeps the hash: a 2 GB video is not read again.
      let sha256 = u.sha256
      if (!sha256) {
        update(u.key, { stage: 'hashing' })
        sha256 = await sha256OfFile(u.file, (done) => update(u.key, { hashed: done }))
      }
      update(u.key, { sha256, stage: 'uploading', sent: 0, error: undefined })
      const form = new FormData()
      form.append('sha256', sha256)
      for (const [k, v] of Object.entries(fields)) if (v) form.append(k, v)
      form.append('file', u.file, u.file.name)
      const result = await uploadForm<Evidence & { alreadyHeld?: boolean }>(
        `/api/v1/incidents/${props.incidentId}/evidence`,
        form,
        (sent) => update(u.key, { sent })
      )
      update(u.key, { stage: 'done', result, sent: u.file.size })
      announce(t('upload.doneOne', { name: u.file.name }))
      props.onUploaded()
    } catch (error) {
      update(u.key, { stage: 'failed', error })
      announce(t('upload.failedOne', { name: u.file.name }))
    }
  }

  const collectedIso = collectedAt.trim() ? toGregorianIso(collectedAt, calendar) : ''
  /** The details as they are now, or null while the collection date cannot be read. */
  function currentFields(): Record<string, string> | null {
    if (collectedIso === null) return null
    return {
      source,
      description: description.trim(),
      collectedBy: collectedBy.trim(),
      collectedAt: collectedIso,
      ...(source === 'url-download' ? { sourceUrl: sourceUrl.trim() } : {})
    }
  }

  function retry(u: UploadState): void {
    const fields = currentFields()
    if (!fields) return
    queue.current = queue.current.then(() => run(u, fields))
  }

  function add(files: File[]): void {
    const fields = currentFields()
    if (!fields) {
      announce(t('date.invalid'))
      return
    }
    const added = files.map((file) => ({ key: `u${counter.current++}`, file, stage: 'waiting' as const, hashed: 0, sent: 0 }))
    setUploads((list) => [...added, ...list])
    // One file at a time: on a weak connection parallel uploads only slow each other down.
    for (const u of added) queue.current = queue.current.then(() => run(u, fields))
  }

  return (
    <div class="uploader card">
      <h3>{t('upload.title')}</h3>
      <details class="upload-fields">
        <summary>{t('upload.details')}</summary>
        <div class="grid">
          <Field label={t('upload.source')}>
            {({ id }) => (
              <select id={id} value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('form.notSaid')}</option>
                {EVIDENCE_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {t(`evidenceSource.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {source === 'url-download' ? (
            <Field label={t('upload.sourceUrl')}>
              {({ id }) => (
                <input
                  id={id}
                  dir="ltr"
                  type="url"
                  value={sourceUrl}
                  onInput={(e) => setSourceUrl((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
          ) : null}
          <Field label={t('upload.collectedBy')} hint={t('upload.collectedByHint')}>
            {({ id, describedBy }) => (
              <input
                id={id}
                dir="ltr"
                aria-describedby={describedBy}
                value={collectedBy}
                onInput={(e) => setCollectedBy((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div class="upload-date">
            <CalendarSwitch value={calendar} onChange={setCalendar} name="upload-calendar" />
            <DateInput
              label={t('upload.collectedAt')}
              value={collectedAt}
              calendar={calendar}
              onInput={setCollectedAt}
              name="collectedAt"
            />
          </div>
        </div>
        <Field label={t('upload.description')}>
          {({ id }) => (
            <textarea
              id={id}
              dir="auto"
              rows={2}
              value={description}
              onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      </details>
      <DropZone label={t('upload.drop')} hint={t('upload.dropHint')} onFiles={add} testId="evidence-drop" />
      {uploads.length > 0 ? (
        <ul class="upload-list" aria-label={t('upload.listLabel')}>
          {uploads.map((u) => (
            <li key={u.key} class={`upload upload-${u.stage}`}>
              <p class="upload-name">
                <span dir="auto">{u.file.name}</span> <span class="secondary">({formatBytes(u.file.size, lang)})</span> —{' '}
                <strong>{t(`upload.stage.${u.stage}` as MessageKey)}</strong>
              </p>
              {u.stage === 'hashing' || u.stage === 'waiting' ? (
                <ProgressBar label={t('upload.hashing', { name: u.file.name })} value={u.hashed} max={Math.max(1, u.file.size)} />
              ) : null}
              {u.stage === 'uploading' || u.stage === 'done' ? (
                <ProgressBar label={t('upload.sending', { name: u.file.name })} value={u.sent} max={Math.max(1, u.file.size)} />
              ) : null}
              {u.sha256 ? (
                <p class="hash-line">
                  {t('upload.localHash')} <Mono>{u.sha256}</Mono>
                </p>
              ) : null}
              {u.result ? (
                <p>
                  {u.result.sha256 === u.sha256 ? (
                    <Badge kind="ok">{t('upload.hashMatched')}</Badge>
                  ) : (
                    <Badge kind="error">{t('upload.hashDiffers')}</Badge>
                  )}
                  {u.result.alreadyHeld ? (
                    <>
                      {' '}
                      <Badge kind="info">{t('upload.alreadyHeld')}</Badge>
                    </>
                  ) : null}{' '}
                  <Link href={`/evidence/${u.result.id}`}>{t('upload.openExhibit')}</Link>
                </p>
              ) : null}
              {u.stage === 'failed' ? (
                <>
                  <Alert kind="error">{errorText(u.error)}</Alert>
                  <p>
                    <button type="button" class="secondary" onClick={() => retry(u)} disabled={collectedIso === null}>
                      {u.sha256 ? t('upload.retryKeepHash') : t('upload.retry')}
                    </button>
                  </p>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
