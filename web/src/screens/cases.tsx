import { Fragment, type JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type {
  Case,
  CaseRevisionReason,
  CaseWarnings,
  Dossier,
  ElementLink,
  Evidence,
  EvidenceChart as EvidenceChartData,
  Incident
} from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { ApiError, get, patch, post } from '../api.ts'
import {
  Alert,
  Badge,
  DateText,
  ErrorBox,
  Field,
  Instant,
  Link,
  LoadError,
  Loading,
  Mono,
  Num,
  PageTitle,
  ProgressBar
} from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import { ConsentNoticeTask } from '../components/consent-notice-task.tsx'
import { CONNECTED_CRIME_ELEMENTS, IncidentConnectedCrimes } from '../components/connected-crimes.tsx'
import { IncidentFilters, IncidentRowSummary, emptyFilters, useIncidentSearch, type Filters } from './incident-list.tsx'
import type { MessageKey } from '../i18n/index.ts'
import { validate, type FieldErrors } from '../validation.ts'
import { formatBytes } from '../lib/format.ts'
import { LANG_NAME, type Lang } from '../i18n/index.ts'
import { can } from '../permissions.ts'
import { categoryLabel } from '../labels.ts'
import { DateInput } from '../components/date-input.tsx'
import { RecipientReferences } from '../components/recipient-references.tsx'
import { useFormDraft } from '../lib/form-draft.ts'
import { anyCalendarToIso } from '../lib/dates.ts'

/** A word of a dossier's redacted text that may be a name (the server's names review). */
type PossibleName = { field: string; excerpt: string }

const RECIPIENTS = ['icc-otp', 'un-iima', 'national', 'public'] as const
const PROFILES = ['full', 'restricted', 'public'] as const
type Recipient = (typeof RECIPIENTS)[number]
type Profile = (typeof PROFILES)[number]

const REASONS: readonly CaseRevisionReason[] = [
  'correction',
  'new-information',
  'legal-review',
  'recipient-request',
  'scope-change',
  'consent-change',
  'other'
]

const DELIVERY_METHODS = ['otplink', 'secure-upload', 'encrypted-email', 'courier', 'in-person', 'other'] as const

/**
 * Loads one server answer for a screen, again on `retry()`. The server is the only source: while it
 * fails the screen shows the error, never a copy kept from before.
 */
function useServer<T>(path: string): { data: T | null; error: unknown; retry: () => void; set: (data: T) => void } {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    setData(null)
    setError(null)
    get<T>(path)
      .then((d) => {
        if (live) setData(d)
      })
      .catch((err: unknown) => {
        if (live) setError(err)
      })
    return () => {
      live = false
    }
  }, [path, attempt])
  return { data, error, retry: () => setAttempt((n) => n + 1), set: setData }
}

/** The legal liaison's cases and their exports. */
export function CasesPage(): JSX.Element {
  const { t, session } = useApp()
  const { data, error, retry } = useServer<{ items: Case[] }>('/api/v1/cases')
  const cases = data?.items ?? null
  return (
    <section>
      <PageTitle>{t('cases.title')}</PageTitle>
      <p class="lead">{t('cases.lead')}</p>
      {can(session?.role, 'case:write') ? (
        <p>
          <Link class="button primary" href="/cases/new">
            {t('cases.new')}
          </Link>
        </p>
      ) : null}
      {error !== null ? (
        <LoadError what={t('cases.loadFailed')} error={error} onRetry={retry} />
      ) : !cases ? (
        <Loading />
      ) : cases.length === 0 ? (
        <p class="empty">{t('cases.none')}</p>
      ) : (
        <ul class="case-list">
          {cases.map((c) => (
            <li key={c.id} class="card">
              <h2>
                <Link href={`/cases/${c.id}`}>
                  <span dir="auto">{c.title}</span>
                </Link>{' '}
                {c.reference ? (
                  <span class="reference" dir="ltr">
                    {c.reference}
                  </span>
                ) : null}
              </h2>
              <p class="meta">
                {t(`recipient.${c.recipient}` as MessageKey)} · {t(`profile.${c.profile}` as MessageKey)} ·{' '}
                {t('cases.incidentCount', { n: c.incidentIds.length })} · <Instant value={c.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Profiles a recipient may get: a public recipient never gets identities. */
const allowedProfiles = (r: Recipient): readonly Profile[] => (r === 'public' ? ['restricted', 'public'] : PROFILES)

/** Pick incidents from search, choose recipient and disclosure profile, create the case. */
export function CaseBuilder(): JSX.Element {
  const { t, navigate, announce } = useApp()
  const [filters, setFilters] = useState<Filters>(emptyFilters)
  const [offset, setOffset] = useState(0)
  const { data, error: searchError, loading } = useIncidentSearch(filters, offset)
  // The case being built is kept as a draft (per account): an expired session or a reload loses nothing.
  const form = useFormDraft<{ picked: Incident[]; title: string; purpose: string; recipient: Recipient; profile: Profile }>(
    'case',
    undefined,
    () => ({ picked: [], title: '', purpose: '', recipient: 'icc-otp', profile: 'restricted' })
  )
  const { picked, title, purpose, recipient, profile } = form.draft
  const [errors, setErrors] = useState<FieldErrors>({})
  // A changed field's error goes at once.
  const change = (k: keyof typeof form.draft, v: unknown, path: string = k): void => {
    form.setDraft((d) => ({ ...d, [k]: v }))
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([p]) => p !== path && !p.startsWith(`${path}.`))))
  }
  const setPicked = (v: Incident[]): void => change('picked', v, 'incidentIds')
  const setTitle = (v: string): void => change('title', v)
  const setPurpose = (v: string): void => change('purpose', v)
  const setRecipient = (v: Recipient): void => change('recipient', v)
  const setProfile = (v: Profile): void => change('profile', v)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  // Warnings are previewed before the case is saved (the server decides them; they never refuse it).
  const warnings = useWarningsPreview(
    picked.map((p) => p.id),
    recipient
  )
  const isPicked = (id: string): boolean => picked.some((p) => p.id === id)
  const toggle = (i: Incident): void => setPicked(isPicked(i.id) ? picked.filter((p) => p.id !== i.id) : [...picked, i])

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    const input = {
      title: title.trim(),
      ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      incidentIds: picked.map((p) => p.id),
      recipient,
      profile
    }
    const errs = validate('caseInput', input, t)
    if (picked.length === 0) errs.incidentIds = t('cases.pickOne')
    setErrors(errs)
    if (Object.keys(errs).length > 0) {
      document.getElementById('case-errors')?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const created = await post<{ id: string }>('/api/v1/cases', input)
      form.clear()
      announce(t('cases.created'))
      navigate(`/cases/${created.id}`)
    } catch (err) {
      setError(err)
      document.getElementById('case-errors')?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section>
      <PageTitle>{t('cases.new')}</PageTitle>
      <p class="lead">{t('cases.builderLead')}</p>
      <div class="case-builder">
        <div class="case-search">
          <h2>{t('cases.step1')}</h2>
          <IncidentFilters
            initial={filters}
            idPrefix="case"
            onSearch={(f) => {
              setFilters(f)
              setOffset(0)
            }}
          />
          <ErrorBox error={searchError} />
          {loading && !data ? <Loading /> : null}
          {data ? (
            <>
              <p role="status">{t('list.count', { n: data.total })}</p>
              <ul class="pick-list">
                {data.items.map((i) => (
                  <li key={i.id} class={`card pick${isPicked(i.id) ? ' picked' : ''}`}>
                    <h3>
                      <span dir="auto">{i.title}</span>{' '}
                      <span class="reference" dir="ltr">
                        {i.reference}
                      </span>
                    </h3>
                    <IncidentRowSummary incident={i} />
                    <button
                      type="button"
                      class={`button ${isPicked(i.id) ? 'secondary' : 'primary'} small`}
                      aria-pressed={isPicked(i.id)}
                      onClick={() => toggle(i)}
                    >
                      {isPicked(i.id) ? t('cases.remove') : t('cases.add')}
                      <span class="visually-hidden"> {i.reference}</span>
                    </button>
                  </li>
                ))}
              </ul>
              <nav class="pager" aria-label={t('list.pages')}>
                <button type="button" class="button secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 25))}>
                  {t('list.prev')}
                </button>
                <button type="button" class="button secondary" disabled={offset + 25 >= data.total} onClick={() => setOffset(offset + 25)}>
                  {t('list.next')}
                </button>
              </nav>
            </>
          ) : null}
        </div>
        <form class="case-form card" noValidate onSubmit={submit}>
          <h2>{t('cases.step2')}</h2>
          <div id="case-errors" tabIndex={-1}>
            {Object.keys(errors).length > 0 ? (
              <Alert kind="error">
                <ul>
                  {Object.entries(errors).map(([k, v]) => (
                    <li key={k}>
                      <span dir="ltr">{k}</span>: {v}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
            <ErrorBox error={error} />
          </div>
          <h3>{t('cases.selected', { n: picked.length })}</h3>
          {picked.length === 0 ? (
            <p class="empty">{t('cases.noneSelected')}</p>
          ) : (
            <ol class="basket">
              {picked.map((p, n) => (
                <li key={p.id}>
                  <span dir="auto">{p.title}</span>{' '}
                  <span class="reference" dir="ltr">
                    {p.reference}
                  </span>
                  <span class="basket-actions">
                    <button
                      type="button"
                      class="link-button"
                      disabled={n === 0}
                      onClick={() => {
                        const x = [...picked]
                        ;[x[n - 1], x[n]] = [x[n]!, x[n - 1]!]
                        setPicked(x)
                      }}
                    >
                      {t('cases.up')}
                      <span class="visually-hidden"> {p.reference}</span>
                    </button>
                    <button type="button" class="link-button" onClick={() => setPicked(picked.filter((x) => x.id !== p.id))}>
                      {t('cases.remove')}
                      <span class="visually-hidden"> {p.reference}</span>
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          )}
          <Field label={t('cases.caseTitle')} error={errors.title} required>
            {({ id, invalid }) => (
              <input
                id={id}
                name="case-title"
                dir="auto"
                value={title}
                aria-invalid={invalid ? 'true' : undefined}
                onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t('cases.purpose')} hint={t('cases.purposeHint')} error={errors.purpose}>
            {({ id, describedBy }) => (
              <textarea
                id={id}
                dir="auto"
                rows={2}
                aria-describedby={describedBy}
                value={purpose}
                onInput={(e) => setPurpose((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <fieldset class="choice-group">
            <legend>{t('cases.recipient')}</legend>
            {RECIPIENTS.map((r) => (
              <label key={r} class="choice">
                <input
                  type="radio"
                  name="recipient"
                  value={r}
                  checked={recipient === r}
                  onChange={() => {
                    setRecipient(r)
                    if (!allowedProfiles(r).includes(profile)) setProfile('restricted')
                  }}
                />
                <span>
                  <strong>{t(`recipient.${r}` as MessageKey)}</strong>
                  <span class="hint">{t(`recipient.${r}.explain` as MessageKey)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset class="choice-group">
            <legend>{t('cases.profile')}</legend>
            <p class="hint">{t('cases.profileLead')}</p>
            {PROFILES.map((p) => {
              const allowed = allowedProfiles(recipient).includes(p)
              return (
                <label key={p} class={`choice${allowed ? '' : ' disabled'}`}>
                  <input type="radio" name="profile" value={p} checked={profile === p} disabled={!allowed} onChange={() => setProfile(p)} />
                  <span>
                    <strong>{t(`profile.${p}` as MessageKey)}</strong>
                    <span class="hint">{t(`profile.${p}.explain` as MessageKey)}</span>
                    {allowed ? null : <span class="hint">{t('cases.notForPublic')}</span>}
                  </span>
                </label>
              )
            })}
          </fieldset>
          <CaseWarningsList warnings={warnings} />
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t('common.working') : t('cases.create')}
          </button>
        </form>
      </div>
    </section>
  )
}

/** A case: its incidents, dossier generation with progress, downloads, and the history of exports. */
export function CaseView(props: { id: string }): JSX.Element {
  const { t, lang, session } = useApp()
  const { data: info, error: loadError, retry } = useServer<Case>(`/api/v1/cases/${props.id}`)
  // The export history as the server last gave it, with the answers of this page's own requests on top.
  const [dossiers, setDossiers] = useState<Dossier[]>([])
  const [error, setError] = useState<unknown>(null)
  const [language, setLanguage] = useState<Lang>(lang)
  // The recipient's OpenPGP public key: a full-profile package is only built encrypted to it.
  const [recipientKey, setRecipientKey] = useState('')
  const [current, setCurrent] = useState<Dossier | null>(null)
  const [busy, setBusy] = useState(false)
  const timer = useRef<number | null>(null)

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current)
    },
    []
  )

  useEffect(() => {
    setDossiers(info?.dossiers ?? [])
  }, [info])
  const alerts = info?.alerts ?? []

  const [possibleNames, setPossibleNames] = useState<PossibleName[] | null>(null)

  function poll(id: string): void {
    timer.current = window.setTimeout(async () => {
      try {
        const d = await get<Dossier>(`/api/v1/dossiers/${id}`)
        setCurrent(d)
        setDossiers((list) => [d, ...list.filter((x) => x.id !== id)])
        if (d.status === 'queued' || d.status === 'running') poll(id)
      } catch (err) {
        setError(err)
      }
    }, 700)
  }

  async function generate(namesReviewed = false): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const key = recipientKey.trim()
      const body = { language, ...(namesReviewed ? { namesReviewed: true } : {}), ...(key === '' ? {} : { recipientKey: key }) }
      const errs = validate('dossierInput', body, t)
      if (Object.keys(errs).length > 0) throw new Error(Object.values(errs).join('; '))
      const d = await post<{ id: string; status: Dossier['status'] }>(`/api/v1/cases/${props.id}/dossiers`, body)
      // Shown as queued until the first poll brings the server's own record of it.
      const queued: Dossier = {
        id: d.id,
        caseId: props.id,
        status: d.status,
        progress: 0,
        language,
        requestedAt: new Date().toISOString(),
        requestedBy: ''
      }
      setDossiers((list) => [queued, ...list.filter((x) => x.id !== d.id)])
      setCurrent(queued)
      setPossibleNames(null)
      poll(d.id)
    } catch (err) {
      // A restricted or public dossier whose text may still name people: show the words, ask to confirm.
      if (err instanceof ApiError && err.code === 'SANAD_ERR_NAMES_REVIEW_REQUIRED')
        setPossibleNames((err.details?.possibleNames ?? []) as PossibleName[])
      else setError(err)
    } finally {
      setBusy(false)
    }
  }

  const running = current !== null && (current.status === 'queued' || current.status === 'running')
  const canWrite = can(session?.role, 'case:write')
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/cases">{t('cases.title')}</Link>
      </p>
      <PageTitle>{info ? <span dir="auto">{info.title}</span> : t('cases.case')}</PageTitle>
      {loadError !== null ? <LoadError what={t('cases.caseLoadFailed')} error={loadError} onRetry={retry} /> : !info ? <Loading /> : null}
      <ErrorBox error={error} />
      {alerts.map((a, i) => (
        <ConsentNoticeTask
          key={`${a.dossierId}-${a.personId ?? i}-${a.consent}`}
          caseId={props.id}
          task={a}
          canWrite={canWrite}
          onSent={retry}
        />
      ))}
      {info ? (
        <dl class="facts card">
          {info.reference ? (
            <>
              <dt>{t('cases.reference')}</dt>
              <dd dir="ltr">{info.reference}</dd>
            </>
          ) : null}
          <dt>{t('cases.revision')}</dt>
          <dd>
            <Num n={info.revision} />
          </dd>
          <dt>{t('cases.recipient')}</dt>
          <dd>{t(`recipient.${info.recipient}` as MessageKey)}</dd>
          <dt>{t('cases.profile')}</dt>
          <dd>
            {t(`profile.${info.profile}` as MessageKey)} — <span class="hint">{t(`profile.${info.profile}.explain` as MessageKey)}</span>
          </dd>
          <dt>{t('cases.incidents')}</dt>
          <dd>
            {info.incidentIds.map((id) => (
              <IncidentRef key={id} id={id} />
            ))}
          </dd>
          <dt>{t('cases.createdAt')}</dt>
          <dd>
            <Instant value={info.createdAt} /> · <Actor actor={info.createdBy} />
          </dd>
        </dl>
      ) : null}
      {info ? <CaseWarningsList warnings={info.warnings ?? []} /> : null}
      {info ? <ElementLinksList links={info.elementLinks} /> : null}
      {info ? <EvidenceChart caseId={info.id} /> : null}
      {info && canWrite ? <RecipientReferences caseId={info.id} /> : null}
      {info && canWrite ? <CaseEditor key={`${info.id}-${info.revision}`} info={info} onSaved={() => retry()} onReload={retry} /> : null}
      {info ? (
        <>
          <section class="card">
            <h2>{t('cases.dossier')}</h2>
            <p class="hint">{t('cases.dossierHint')}</p>
            {canWrite ? (
              <div class="inline-form">
                <Field label={t('cases.dossierLanguage')}>
                  {({ id }) => (
                    <select id={id} value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Lang)}>
                      {(['en', 'fa', 'ps'] as const).map((l) => (
                        <option key={l} value={l}>
                          {LANG_NAME[l]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  label={t('cases.recipientKey')}
                  required={info.profile === 'full'}
                  hint={t(info.profile === 'full' ? 'cases.recipientKeyHintFull' : 'cases.recipientKeyHint')}
                >
                  {({ id, describedBy }) => (
                    <textarea
                      id={id}
                      name="recipientKey"
                      dir="ltr"
                      rows={4}
                      spellcheck={false}
                      aria-describedby={describedBy}
                      required={info.profile === 'full'}
                      placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----"
                      value={recipientKey}
                      onInput={(e) => setRecipientKey((e.currentTarget as HTMLTextAreaElement).value)}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  class="button primary"
                  disabled={busy || running || (info.profile === 'full' && recipientKey.trim() === '')}
                  onClick={() => {
                    void generate()
                  }}
                >
                  {t('cases.generate')}
                </button>
              </div>
            ) : null}
            {canWrite && possibleNames !== null ? (
              <div class="names-review" role="region" aria-label={t('cases.namesReview')}>
                <Alert kind="warning">{t('cases.namesReviewHint')}</Alert>
                <ul>
                  {possibleNames.map((n, i) => (
                    <li key={i}>
                      <span class="hint" dir="ltr">
                        {n.field}
                      </span>
                      : <span dir="auto">{n.excerpt}</span>
                    </li>
                  ))}
                </ul>
                <button
                  type="button"
                  class="button"
                  disabled={busy || running}
                  onClick={() => {
                    void generate(true)
                  }}
                >
                  {t('cases.namesReviewedGenerate')}
                </button>
              </div>
            ) : null}
            {current ? (
              <div class="dossier-progress" data-status={current.status}>
                <ProgressBar label={t('cases.progress')} value={current.progress ?? 0} max={1} />
                <p role="status">
                  {t(`jobStatus.${current.status}` as MessageKey)}
                  {current.message ? (
                    <>
                      {' '}
                      — <span dir="auto">{current.message}</span>
                    </>
                  ) : null}
                </p>
                {current.status === 'failed' ? <Alert kind="error">{current.error ?? t('cases.failed')}</Alert> : null}
                {current.status === 'ready' ? <DossierDownloads dossier={current} files={canWrite} /> : null}
                {current.status === 'ready' && current.summary ? <DossierSummary dossier={current} /> : null}
              </div>
            ) : null}
          </section>
          {canWrite && dossiers.some((d) => d.status === 'ready') ? (
            <DeliveryForm
              dossiers={dossiers.filter((d) => d.status === 'ready')}
              onDone={(d) => setDossiers((list) => list.map((x) => (x.id === d.id ? d : x)))}
            />
          ) : null}
          <section class="card">
            <h2>{t('cases.history')}</h2>
            {dossiers.length === 0 ? (
              <p class="empty">{t('cases.noExports')}</p>
            ) : (
              <table>
                <caption>{t('cases.historyCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cases.requested')}</th>
                    <th scope="col">{t('cases.dossierLanguage')}</th>
                    <th scope="col">{t('cases.status')}</th>
                    <th scope="col">SHA-256</th>
                    <th scope="col">{t('cases.downloads')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dossiers.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Instant value={d.requestedAt} />
                        {d.requestedBy ? (
                          <>
                            {' '}
                            · <Actor actor={d.requestedBy} />
                          </>
                        ) : null}
                        {(d.deliveries ?? []).map((x, i) => (
                          <div key={i} class="hint">
                            {t('cases.deliveredOn', { method: t(`deliveryMethod.${x.method}` as MessageKey) })}{' '}
                            <DateText iso={x.deliveredOn} />
                            {x.reference ? (
                              <>
                                {' '}
                                · <span dir="ltr">{x.reference}</span>
                              </>
                            ) : null}
                          </div>
                        ))}
                      </td>
                      <td>
                        {LANG_NAME[d.language as Lang] ?? d.language}
                        {d.caseRevision === undefined ? null : <div class="hint">{t('cases.builtFrom', { n: d.caseRevision })}</div>}
                      </td>
                      <td>
                        {d.status ? (
                          <Badge kind={d.status === 'ready' ? 'ok' : d.status === 'failed' ? 'error' : 'info'}>
                            {t(`jobStatus.${d.status}` as MessageKey)}
                          </Badge>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>{d.sha256 ? <Mono>{d.sha256.slice(0, 16)}…</Mono> : '—'}</td>
                      <td>{d.status === 'ready' ? <DossierDownloads dossier={d} files={canWrite} compact /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      ) : null}
    </section>
  )
}

/** Asks the server which warnings a case of these incidents for this recipient would carry. */
function useWarningsPreview(incidentIds: string[], recipient: Recipient): CaseWarnings {
  const [warnings, setWarnings] = useState<CaseWarnings>([])
  const key = `${recipient}:${incidentIds.join(',')}`
  useEffect(() => {
    if (incidentIds.length === 0) {
      setWarnings([])
      return
    }
    let live = true
    const timer = window.setTimeout(() => {
      post<{ warnings: CaseWarnings }>('/api/v1/cases/warnings', { incidentIds, recipient })
        .then((r) => {
          if (live) setWarnings(r.warnings)
        })
        .catch(() => {
          if (live) setWarnings([])
        })
    }, 300)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [key])
  return warnings
}

/** What should be known before the case goes out, incident by incident; never a refusal. */
function CaseWarningsList(props: { warnings: CaseWarnings }): JSX.Element | null {
  const { t } = useApp()
  if (props.warnings.length === 0) return null
  return (
    <section class="case-warnings" aria-label={t('cases.warnings')}>
      <Alert kind="warning">
        <strong>{t('cases.warnings')}</strong> <span class="hint">{t('cases.warningsLead')}</span>
        <ul>
          {props.warnings.map((w, i) => (
            <li key={i} data-code={w.code}>
              {w.incidentId === undefined ? null : <IncidentRef id={w.incidentId} />}
              {t(`cases.warning.${w.code}` as MessageKey)}
            </li>
          ))}
        </ul>
      </Alert>
    </section>
  )
}

/** The element checklist links of a case: which exhibits support which element. */
function ElementLinksList(props: { links: ElementLink[]; onRemove?: (index: number) => void }): JSX.Element {
  const { t, ref, lang } = useApp()
  return (
    <section class="card">
      <h2>{t('cases.links')}</h2>
      {props.links.length === 0 ? (
        <p class="empty">{t('cases.noLinks')}</p>
      ) : (
        <ul class="element-links">
          {props.links.map((l, i) => {
            const element = ref?.categoryById.get(l.category)?.elements.find((e) => e.id === l.element)
            return (
              <li key={`${l.incidentId}-${l.category}-${l.element}-${i}`}>
                <IncidentRef id={l.incidentId} />
                <strong>{ref ? categoryLabel(ref, l.category, lang) : l.category}</strong>:{' '}
                <span dir="ltr">{element?.labels.en ?? l.element}</span>{' '}
                <span class="hint">
                  ({t('cases.linkEvidence')}: <Num n={l.evidenceIds.length} />)
                </span>
                {l.note === undefined ? null : (
                  <div class="hint" dir="auto">
                    {l.note}
                  </div>
                )}
                {CONNECTED_CRIME_ELEMENTS.has(l.element) ? (
                  <IncidentConnectedCrimes incidentId={l.incidentId} category={l.category} />
                ) : null}
                {props.onRemove ? (
                  <button type="button" class="link-button" onClick={() => props.onRemove?.(i)}>
                    {t('cases.linkRemove')}
                  </button>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

/**
 * Revising a case: title, purpose, recipient and profile, incidents taken out, element links added or
 * removed, with a reason from the closed list. The edit starts from the revision shown; when someone
 * else revised the case meanwhile the server answers 409 and the editor says so and offers a reload.
 */
function CaseEditor(props: { info: Case; onSaved: (c: Case) => void; onReload: () => void }): JSX.Element {
  const { t, ref, lang, announce } = useApp()
  const info = props.info
  const [title, setTitle] = useState(info.title)
  const [purpose, setPurpose] = useState(info.purpose ?? '')
  const [recipient, setRecipient] = useState<Recipient>(info.recipient)
  const [profile, setProfile] = useState<Profile>(info.profile)
  const [incidentIds, setIncidentIds] = useState<string[]>(info.incidentIds)
  const [links, setLinks] = useState<ElementLink[]>(info.elementLinks)
  const [reason, setReason] = useState<CaseRevisionReason>('correction')
  const [conflict, setConflict] = useState<number | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState<Case | null>(null)
  // Nothing is asked of the server until the editor is opened.
  const [open, setOpen] = useState(false)
  const warnings = useWarningsPreview(open ? incidentIds : [], recipient)

  // The link being added: incident, then one of its categories, an element of it, and its exhibits.
  const [linkIncident, setLinkIncident] = useState(incidentIds[0] ?? '')
  const [incident, setIncident] = useState<Incident | null>(null)
  const [evidence, setEvidence] = useState<Evidence[]>([])
  const [category, setCategory] = useState('')
  const [element, setElement] = useState('')
  const [picked, setPicked] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [linkError, setLinkError] = useState<string | null>(null)
  useEffect(() => {
    setIncident(null)
    setEvidence([])
    setCategory('')
    setElement('')
    setPicked([])
    if (linkIncident === '' || !open) return
    get<Incident>(`/api/v1/incidents/${linkIncident}`)
      .then((i) => {
        setIncident(i)
        setCategory(i.categories[0] ?? '')
      })
      .catch(() => setIncident(null))
    get<{ items: Evidence[] }>(`/api/v1/incidents/${linkIncident}/evidence`)
      .then((r) => setEvidence(r.items))
      .catch(() => setEvidence([]))
  }, [linkIncident, open])
  const elements = ref?.categoryById.get(category)?.elements ?? []

  function addLink(): void {
    if (category === '' || element === '' || picked.length === 0) {
      setLinkError(t('cases.linkPickEvidence'))
      return
    }
    setLinkError(null)
    setLinks([
      ...links,
      { incidentId: linkIncident, category, element, evidenceIds: picked, ...(note.trim() ? { note: note.trim() } : {}) }
    ])
    setPicked([])
    setNote('')
  }

  async function save(e: Event): Promise<void> {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setConflict(null)
    const body: Record<string, unknown> = { baseRevision: info.revision, reason }
    if (title.trim() !== info.title) body.title = title.trim()
    if (purpose.trim() !== (info.purpose ?? '') && purpose.trim() !== '') body.purpose = purpose.trim()
    if (recipient !== info.recipient) body.recipient = recipient
    if (profile !== info.profile) body.profile = profile
    if (incidentIds.join() !== info.incidentIds.join()) body.incidentIds = incidentIds
    if (JSON.stringify(links) !== JSON.stringify(info.elementLinks)) body.elementLinks = links
    try {
      const c = await patch<Case>(`/api/v1/cases/${info.id}`, body)
      setSaved(c)
      announce(c.revision === info.revision ? t('cases.unchanged') : t('cases.saved', { n: c.revision }))
      if (c.revision !== info.revision) props.onSaved(c)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SANAD_ERR_REVISION_CONFLICT') {
        const current = err.details?.current
        setConflict(typeof current === 'number' ? current : info.revision + 1)
      } else setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details class="card case-editor" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <h2>{t('cases.edit')}</h2>
      </summary>
      <p class="hint">{t('cases.editLead')}</p>
      <form noValidate onSubmit={save}>
        {conflict !== null ? (
          <Alert kind="error">
            {t('cases.conflict', { n: conflict })}{' '}
            <button type="button" class="button secondary small" onClick={props.onReload}>
              {t('cases.reload')}
            </button>
          </Alert>
        ) : null}
        <ErrorBox error={error} />
        {saved !== null && saved.revision === info.revision ? <Alert kind="info">{t('cases.unchanged')}</Alert> : null}
        <Field label={t('cases.caseTitle')} required>
          {({ id }) => <input id={id} dir="auto" value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field label={t('cases.purpose')}>
          {({ id }) => (
            <textarea
              id={id}
              dir="auto"
              rows={2}
              value={purpose}
              onInput={(e) => setPurpose((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <Field label={t('cases.recipient')}>
          {({ id }) => (
            <select
              id={id}
              value={recipient}
              onChange={(e) => {
                const r = (e.currentTarget as HTMLSelectElement).value as Recipient
                setRecipient(r)
                if (!allowedProfiles(r).includes(profile)) setProfile('restricted')
              }}
            >
              {RECIPIENTS.map((r) => (
                <option key={r} value={r}>
                  {t(`recipient.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cases.profile')}>
          {({ id }) => (
            <select id={id} value={profile} onChange={(e) => setProfile((e.currentTarget as HTMLSelectElement).value as Profile)}>
              {allowedProfiles(recipient).map((p) => (
                <option key={p} value={p}>
                  {t(`profile.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <h3>{t('cases.incidents')}</h3>
        <ol class="basket">
          {incidentIds.map((id) => (
            <li key={id}>
              <IncidentRef id={id} />
              <button
                type="button"
                class="link-button"
                disabled={incidentIds.length === 1}
                onClick={() => {
                  setIncidentIds(incidentIds.filter((x) => x !== id))
                  setLinks(links.filter((l) => l.incidentId !== id))
                }}
              >
                {t('cases.takeOut')}
              </button>
            </li>
          ))}
        </ol>
        <ElementLinksList links={links} onRemove={(i) => setLinks(links.filter((_, k) => k !== i))} />
        <fieldset class="link-form">
          <legend>{t('cases.addLink')}</legend>
          <Field label={t('cases.linkIncident')}>
            {({ id }) => (
              <select id={id} value={linkIncident} onChange={(e) => setLinkIncident((e.currentTarget as HTMLSelectElement).value)}>
                {incidentIds.map((x) => (
                  <option key={x} value={x}>
                    {x === incident?.id ? `${incident.reference} ${incident.title ?? ''}` : x}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('cases.linkCategory')}>
            {({ id }) => (
              <select id={id} value={category} onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value)}>
                {(incident?.categories ?? []).map((c) => (
                  <option key={c} value={c}>
                    {ref ? categoryLabel(ref, c, lang) : c}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('cases.linkElement')}>
            {({ id }) => (
              <select id={id} value={element} onChange={(e) => setElement((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">—</option>
                {elements.map((el) => (
                  <option key={el.id} value={el.id} dir="ltr">
                    {el.labels.en}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset class="choice-group">
            <legend>{t('cases.linkEvidence')}</legend>
            {evidence.map((ev) => (
              <label key={ev.id} class="choice">
                <input
                  type="checkbox"
                  checked={picked.includes(ev.id)}
                  onChange={() => setPicked(picked.includes(ev.id) ? picked.filter((x) => x !== ev.id) : [...picked, ev.id])}
                />
                <span dir="auto">{ev.name}</span> <Mono>{ev.sha256.slice(0, 12)}…</Mono>
              </label>
            ))}
          </fieldset>
          <Field label={t('cases.linkNote')}>
            {({ id }) => (
              <textarea id={id} dir="auto" rows={2} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
            )}
          </Field>
          {linkError === null ? null : <Alert kind="error">{linkError}</Alert>}
          <button type="button" class="button secondary" onClick={addLink}>
            {t('cases.linkAdd')}
          </button>
        </fieldset>
        <CaseWarningsList warnings={warnings} />
        <Field label={t('cases.reason')} required>
          {({ id }) => (
            <select id={id} value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value as CaseRevisionReason)}>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`cases.reason.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t('common.working') : t('cases.save')}
        </button>
      </form>
    </details>
  )
}

/** The files (for those who may download them) and the receipt (for anyone who may read the case: it holds no personal data). */
function DossierDownloads(props: {
  dossier: { id: string; sha256?: string; size?: number; packageSha256?: string; packageSize?: number }
  files: boolean
  compact?: boolean
}): JSX.Element {
  const { t, lang } = useApp()
  const d = props.dossier
  const small = props.compact ? ' small' : ''
  return (
    <div class="downloads">
      {props.files ? (
        <>
          <a
            class={`button ${props.compact ? 'secondary small' : 'primary'}`}
            href={`/api/v1/dossiers/${d.id}/pdf`}
            download
            data-testid="download-pdf"
          >
            {t('cases.downloadPdf')}
          </a>{' '}
          <a class={`button secondary${small}`} href={`/api/v1/dossiers/${d.id}/package`} download data-testid="download-package">
            {t('cases.downloadPackage')}
          </a>{' '}
        </>
      ) : null}
      <a
        class={`button secondary${small}`}
        href={`/api/v1/dossiers/${d.id}/receipt`}
        download
        data-testid="download-receipt"
        title={t('cases.receiptHint')}
      >
        {t('cases.downloadReceipt')}
      </a>
      {!props.compact && d.sha256 ? (
        <p>
          {t('cases.pdfHash')} <Mono>{d.sha256}</Mono>
          {d.size ? ` (${formatBytes(d.size, lang)})` : ''}
        </p>
      ) : null}
      {!props.compact && d.packageSha256 ? (
        <p>
          {t('cases.packageHash')} <Mono>{d.packageSha256}</Mono>
          {d.packageSize ? ` (${formatBytes(d.packageSize, lang)})` : ''}
        </p>
      ) : null}
    </div>
  )
}

/** What the dossier carries, in numbers (from the server's summary). */
function DossierSummary(props: { dossier: Dossier }): JSX.Element | null {
  const { t } = useApp()
  const s = props.dossier.summary
  if (!s) return null
  const rows: [MessageKey, number | undefined][] = [
    ['cases.sumIncidents', s.incidents],
    ['cases.sumExhibits', s.exhibits],
    ['cases.sumNamed', s.personsNamed],
    ['cases.sumPseudonymised', s.personsPseudonymised],
    ['cases.sumLeftOut', s.personsLeftOut],
    ['cases.sumPages', s.pages]
  ]
  return (
    <dl class="facts">
      {rows
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => (
          <Fragment key={k}>
            <dt>{t(k)}</dt>
            <dd>
              <Num n={v ?? 0} />
            </dd>
          </Fragment>
        ))}
    </dl>
  )
}

/** Records that a dossier was handed to the recipient: a custody entry for it and for each exhibit. */
function DeliveryForm(props: { dossiers: Dossier[]; onDone: (d: Dossier) => void }): JSX.Element {
  const { t, announce } = useApp()
  const [dossierId, setDossierId] = useState(props.dossiers[0]?.id ?? '')
  const [artefact, setArtefact] = useState<'package' | 'pdf'>('package')
  const [method, setMethod] = useState<(typeof DELIVERY_METHODS)[number]>('otplink')
  const [reference, setReference] = useState('')
  const [deliveredOn, setDeliveredOn] = useState('')
  const [error, setError] = useState<unknown>(null)
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        try {
          const body = {
            artefact,
            method,
            ...(reference.trim() ? { reference: reference.trim() } : {}),
            // Typed in either calendar; sent as the Gregorian ISO date (or as typed, for the server to refuse).
            ...(deliveredOn.trim() ? { deliveredOn: anyCalendarToIso(deliveredOn) ?? deliveredOn.trim() } : {})
          }
          const d = await post<Dossier>(`/api/v1/dossiers/${dossierId}/deliveries`, body)
          // The next delivery starts from the defaults, not from this one's choices.
          setArtefact('package')
          setMethod('otplink')
          setReference('')
          setDeliveredOn('')
          announce(t('cases.delivered'))
          props.onDone(d)
        } catch (err) {
          setError(err)
        }
      }}
    >
      <h2>{t('cases.deliveryTitle')}</h2>
      <p class="hint">{t('cases.deliveryHint')}</p>
      <ErrorBox error={error} />
      <div class="grid">
        <Field label={t('cases.dossier')}>
          {({ id }) => (
            <select id={id} value={dossierId} onChange={(e) => setDossierId((e.currentTarget as HTMLSelectElement).value)}>
              {props.dossiers.map((d) => (
                <option key={d.id} value={d.id}>
                  {new Date(d.requestedAt).toISOString().slice(0, 16).replace('T', ' ')} · {LANG_NAME[d.language as Lang] ?? d.language}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cases.artefact')}>
          {({ id }) => (
            <select
              id={id}
              value={artefact}
              onChange={(e) => setArtefact((e.currentTarget as HTMLSelectElement).value as 'package' | 'pdf')}
            >
              <option value="package">{t('cases.downloadPackage')}</option>
              <option value="pdf">{t('cases.downloadPdf')}</option>
            </select>
          )}
        </Field>
        <Field label={t('cases.method')}>
          {({ id }) => (
            <select
              id={id}
              value={method}
              onChange={(e) => setMethod((e.currentTarget as HTMLSelectElement).value as (typeof DELIVERY_METHODS)[number])}
            >
              {DELIVERY_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`deliveryMethod.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cases.deliveryReference')} hint={t('cases.deliveryReferenceHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              dir="ltr"
              aria-describedby={describedBy}
              value={reference}
              onInput={(e) => setReference((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <DateInput name="deliveredOn" label={t('cases.deliveredOnLabel')} value={deliveredOn} calendar="any" onInput={setDeliveredOn} />
      </div>
      <button type="submit" class="button primary">
        {t('cases.recordDelivery')}
      </button>
    </form>
  )
}

/** An incident of the case by reference and title (readers without incident access see its id). */
function IncidentRef(props: { id: string }): JSX.Element {
  const { session } = useApp()
  const readable = can(session?.role, 'incident:read')
  const [incident, setIncident] = useState<Incident | null>(null)
  useEffect(() => {
    if (readable)
      get<Incident>(`/api/v1/incidents/${props.id}`)
        .then(setIncident)
        .catch(() => setIncident(null))
  }, [props.id])
  if (!readable)
    return (
      <div>
        <Mono>{props.id}</Mono>
      </div>
    )
  return (
    <div>
      <Link href={`/incidents/${props.id}`}>
        {incident ? (
          <>
            <span class="reference" dir="ltr">
              {incident.reference}
            </span>{' '}
            <span dir="auto">{incident.title}</span>
          </>
        ) : (
          <Mono>{props.id}</Mono>
        )}
      </Link>
    </div>
  )
}

/** The case's evidence chart (#18 item 7): element × exhibit × source grades × verification, with the admiralty legend. */
export function EvidenceChart(props: { caseId: string }): JSX.Element {
  const { t, ref, lang } = useApp()
  const { data, error, retry } = useServer<EvidenceChartData>(`/api/v1/cases/${props.caseId}/evidence-chart`)
  const elementName = (category: string, element: string): string => {
    const el = ref?.categoryById.get(category)?.elements.find((e) => e.id === element) as { labels?: Record<string, string> } | undefined
    return el?.labels?.[lang] ?? el?.labels?.en ?? element
  }
  return (
    <section class="evidence-chart">
      <h2>{t('chart.title')}</h2>
      <p class="hint">{t('chart.explain')}</p>
      {error !== null ? (
        <LoadError what={t('chart.loadFailed')} error={error} onRetry={retry} />
      ) : data === null ? (
        <Loading />
      ) : data.rows.length === 0 ? (
        <p>{t('chart.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="chart-table">
            <thead>
              <tr>
                <th scope="col">{t('chart.incident')}</th>
                <th scope="col">{t('chart.element')}</th>
                <th scope="col">{t('chart.exhibit')}</th>
                <th scope="col">{t('chart.sources')}</th>
                <th scope="col">{t('chart.verification')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => (
                <tr key={`${r.incidentId}-${r.category}-${r.element}-${r.exhibit?.id ?? i}`}>
                  <td dir="ltr">{r.incidentReference}</td>
                  <td dir="auto">
                    {ref ? categoryLabel(ref, r.category, lang) : r.category}: {elementName(r.category, r.element)}
                  </td>
                  <td dir="ltr">{r.exhibit ? <Link href={`/evidence/${r.exhibit.id}`}>{r.exhibit.stableId}</Link> : '—'}</td>
                  <td dir="ltr">{r.admiralty.length === 0 ? '—' : r.admiralty.join(', ')}</td>
                  <td>{r.withheld ? t('chart.withheld') : t(`chart.status.${r.verification ?? 'none'}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('chart.legend')}</h3>
      <ul class="admiralty-legend">
        {(['A', 'B', 'C', 'D', 'E', 'F', '1', '2', '3', '4', '5', '6'] as const).map((k) => (
          <li key={k}>{t(`admiralty.${k}` as MessageKey)}</li>
        ))}
      </ul>
    </section>
  )
}
