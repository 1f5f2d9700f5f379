import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Evidence } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { Alert, Badge, DateText, ErrorBox, Link, Loading, Mono, Num, PageTitle } from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import { CustodyTimeline } from '../components/custody.tsx'
import { CustodyEvents } from '../components/custody-events.tsx'
import { TranslationLink } from '../components/translation-link.tsx'
import { can } from '../permissions.ts'
import type { MessageKey } from '../i18n/index.ts'
import { flagDetail, flagVars } from '../lib/flag-detail.ts'
import { formatBytes } from '../lib/format.ts'
import { formatInstant, formatRecorded } from '../lib/dates.ts'
import { checkCustody, type CustodyAnswer, type CustodyCheck } from '../lib/custody-check.ts'
import { ledgerKey, type KeyChoice } from '../ledger-key.ts'
import { VerificationRecords } from '../components/verification-records.tsx'

import { ExhibitPreview } from '../components/exhibit-preview.tsx'
import { CommentsFeed } from '../components/comments-feed.tsx'
import { ExhibitDepicts } from '../components/exhibit-depicts.tsx'
import { BlurredCopy } from '../components/blurred-copy.tsx'
import { EvidenceDetailsForm } from '../components/evidence-details-form.tsx'

/** One exhibit: hashes, type, capture metadata, consistency flags, a preview and the custody timeline. */
export function ExhibitView(props: { id: string }): JSX.Element {
  const { t, lang, session } = useApp()
  const [ev, setEv] = useState<Evidence | null>(null)
  const [custody, setCustody] = useState<CustodyAnswer | null>(null)
  const [check, setCheck] = useState<CustodyCheck | null>(null)
  const [key, setKey] = useState<KeyChoice | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)

  useEffect(() => {
    setError(null)
    get<Evidence>(`/api/v1/evidence/${props.id}`).then(setEv).catch(setError)
  }, [props.id])

  useEffect(() => {
    const load = async (): Promise<void> => {
      const c = await get<CustodyAnswer>(`/api/v1/evidence/${props.id}/custody`)
      setCustody(c)
      const k = await ledgerKey()
      setKey(k)
      setCheck(await checkCustody(c, k.key))
    }
    load().catch(setError)
  }, [props.id, version])

  if (error) return <ErrorBox error={error} />
  if (!ev) return <Loading />
  const role = session?.role
  const md = ev.metadata
  const canContent = can(role, 'evidence:content')
  const flagDetails: { code?: string; message?: string; params?: Record<string, string | number | undefined> }[] =
    ev.flagDetails ?? ev.flags.map((code) => ({ code, message: '' }))

  return (
    <article class="exhibit">
      {can(role, 'incident:read') ? (
        <p class="breadcrumb">
          <Link href={`/incidents/${ev.incidentId}/evidence`}>{t('exhibit.backToIncident')}</Link>
        </p>
      ) : null}
      <PageTitle>
        <span dir="auto">{ev.name}</span>
      </PageTitle>
      <div class="exhibit-grid">
        <section class="card">
          <h2>{t('exhibit.integrity')}</h2>
          <dl class="facts">
            <dt>{t('exhibit.stableId')}</dt>
            <dd>
              <Mono>{ev.stableId}</Mono>
            </dd>
            <dt>SHA-256</dt>
            <dd>
              <Mono>{ev.sha256}</Mono>
            </dd>
            <dt>SHA-512</dt>
            <dd>
              <Mono>{ev.sha512}</Mono>
            </dd>
            <dt>{t('evidence.type')}</dt>
            <dd dir="ltr">{ev.mediaType}</dd>
            <dt>{t('evidence.size')}</dt>
            <dd>
              {formatBytes(ev.size, lang)} (<Num n={ev.size} /> {t('exhibit.bytes')})
            </dd>
            {ev.originalName ? (
              <>
                <dt>{t('exhibit.originalName')}</dt>
                <dd dir="auto">{ev.originalName}</dd>
              </>
            ) : null}
            <dt>{t('exhibit.ingestEntry')}</dt>
            <dd dir="ltr">#{ev.ingestIndex}</dd>
            <dt>{t('evidence.added')}</dt>
            <dd>
              {formatInstant(ev.createdAt, lang)} · <Actor actor={ev.createdBy} />
            </dd>
          </dl>
          <p class="hint">{t('exhibit.typeHint')}</p>
        </section>
        <section class="card">
          <h2>{t('exhibit.capture')}</h2>
          {md.status === 'withheld' ? (
            <p class="hint">{t('exhibit.withheld')}</p>
          ) : md.status !== 'ok' ? (
            <p class="empty">{t(`exhibit.metadata.${md.status}` as MessageKey)}</p>
          ) : (
            <dl class="facts">
              <dt>{t('exhibit.capturedAt')}</dt>
              <dd>
                {md.capturedAt ? (
                  formatRecorded(md.capturedAt, lang)
                ) : md.capturedAtLocal ? (
                  <>
                    {formatRecorded(md.capturedAtLocal, lang)} <span class="secondary">({t('exhibit.localTime')})</span>
                  </>
                ) : (
                  '—'
                )}
              </dd>
              <dt>{t('exhibit.place')}</dt>
              <dd>
                {md.gps ? (
                  <span dir="ltr">
                    {md.gps.lat.toFixed(6)}, {md.gps.lon.toFixed(6)}
                    {md.gps.alt !== undefined ? ` (${md.gps.alt.toFixed(0)} m)` : ''}
                  </span>
                ) : (
                  t('exhibit.noGps')
                )}
              </dd>
              {md.make || md.model ? (
                <>
                  <dt>{t('exhibit.device')}</dt>
                  <dd dir="auto">{[md.make, md.model].filter(Boolean).join(' ')}</dd>
                </>
              ) : null}
              {md.software ? (
                <>
                  <dt>{t('exhibit.software')}</dt>
                  <dd dir="auto">{md.software}</dd>
                </>
              ) : null}
              {md.width && md.height ? (
                <>
                  <dt>{t('exhibit.dimensions')}</dt>
                  <dd dir="ltr">
                    {md.width} × {md.height}
                  </dd>
                </>
              ) : null}
              {md.durationSeconds !== undefined ? (
                <>
                  <dt>{t('exhibit.duration')}</dt>
                  <dd>
                    <Num n={Math.round(md.durationSeconds)} /> {t('exhibit.seconds')}
                  </dd>
                </>
              ) : null}
              {md.modifiedAt || md.modifiedAtLocal ? (
                <>
                  <dt>{t('exhibit.modifiedAt')}</dt>
                  <dd>{formatRecorded(md.modifiedAt ?? md.modifiedAtLocal ?? '', lang)}</dd>
                </>
              ) : null}
            </dl>
          )}
          {ev.source?.type ? (
            <p>
              {t('upload.source')}: {t(`evidenceSource.${ev.source.type}` as MessageKey)}
              {ev.source.url ? (
                <>
                  {' '}
                  — <span dir="ltr">{ev.source.url}</span>
                </>
              ) : null}
            </p>
          ) : null}
          {ev.collectedBy || ev.collectedAt ? (
            <p>
              {t('upload.collectedBy')}: <Mono>{ev.collectedBy ?? '—'}</Mono>
              {ev.collectedAt ? (
                <> · {ev.collectedAt.length === 10 ? <DateText iso={ev.collectedAt} /> : formatInstant(ev.collectedAt, lang)}</>
              ) : null}
            </p>
          ) : null}
          {ev.description ? (
            <p dir="auto" class="narrative">
              {ev.description}
            </p>
          ) : null}
        </section>
      </div>

      <EvidenceDetailsForm evidence={ev} onSaved={setEv} />
      <VerificationRecords evidenceId={props.id} canWrite={can(role, 'evidence:write')} />

      <section class="card">
        <h2>{t('exhibit.flags')}</h2>
        {flagDetails.length === 0 ? (
          <p>
            <Badge kind="ok">{t('evidence.noFlags')}</Badge> {t('exhibit.noFlagsText')}
          </p>
        ) : (
          <ul class="flag-list">
            {flagDetails.map((f) => (
              <li key={f.code}>
                <Badge kind="warning">{t(`mediaFlag.${f.code ?? ''}` as MessageKey)}</Badge>
                <p>{t(`mediaFlag.${f.code ?? ''}.explain` as MessageKey)}</p>
                {f.params && flagDetail(f.code, f.params) ? (
                  <p class="server-detail">{t(flagDetail(f.code, f.params)!, flagVars(f.params, lang))}</p>
                ) : f.message ? (
                  <p class="server-detail">
                    {lang !== 'en' ? <span class="secondary">{t('exhibit.serverDetail')} </span> : null}
                    <span lang="en" dir="ltr">
                      {f.message}
                    </span>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <ExhibitDepicts key={`depicts-${ev.id}`} ev={ev} canWrite={can(role, 'evidence:write')} />
      <BlurredCopy key={`blurred-${ev.id}`} ev={ev} canWrite={can(role, 'evidence:write')} />
      {canContent ? <ExhibitPreview ev={ev} canMark={can(role, 'evidence:write')} onOpened={() => setVersion((v) => v + 1)} /> : null}

      <section class="card">
        <h2>{t('exhibit.custody')}</h2>
        {key?.mismatch ? <Alert kind="error">{t('ledger.keyMismatch')}</Alert> : null}
        {check ? (
          check.ok ? (
            <Alert kind="success">{t('exhibit.custodyOk', { n: check.items.length, size: check.checkpoint?.size ?? 0 })}</Alert>
          ) : (
            <Alert kind="error">
              {t('exhibit.custodyBad')} {check.checkpointProblem ? <span dir="ltr">{check.checkpointProblem}</span> : null}
            </Alert>
          )
        ) : null}
        {custody ? <CustodyTimeline custody={custody} check={check} /> : <Loading />}
      </section>
      <TranslationLink
        evidenceId={props.id}
        incidentId={ev.incidentId}
        canRecord={can(role, 'incident:write')}
        onRecorded={() => setVersion((n) => n + 1)}
      />
      <CustodyEvents evidenceId={props.id} canRecord={can(role, 'incident:write')} onRecorded={() => setVersion((n) => n + 1)} />
      {can(role, 'incident:read') ? <CommentsFeed incidentId={ev.incidentId} evidenceId={ev.id} /> : null}
    </article>
  )
}
