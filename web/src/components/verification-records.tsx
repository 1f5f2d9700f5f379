import type { JSX } from 'preact'
import { useEffect, useId, useState } from 'preact/hooks'
import type { Verification, VerificationInput } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import { Badge, ErrorBox, Field, Instant, Loading, Mono } from './ui.tsx'
import { directoryEntry, Actor } from './actor.tsx'
import { ErrorSummary, type FieldLabels } from './form-errors.tsx'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'
import { serverFieldErrors } from '../lib/server-field-error.ts'
import verificationInputSchema from '../../../schemas/verification-input.json'

type Phase = VerificationInput['phase']
type Status = VerificationInput['status']

export const VERIFICATION_PHASES: readonly Phase[] = ['source', 'technical', 'content']
export const VERIFICATION_STATUSES = verificationInputSchema.properties.status.enum as readonly Status[]

/** The methods of each Berkeley Protocol phase (the server's closed list, server/lib/analysis/verification-records.ts). */
export const METHODS_BY_PHASE: Readonly<Record<Phase, readonly VerificationInput['method'][]>> = {
  source: ['source-interview', 'source-profile', 'source-history', 'account-analysis', 'chain-of-custody-review', 'other'],
  technical: [
    'geolocation',
    'chronolocation',
    'metadata-analysis',
    'reverse-image-search',
    'file-integrity-analysis',
    'audio-analysis',
    'satellite-imagery-comparison',
    'other'
  ],
  content: ['corroboration', 'consistency', 'expert-review', 'weapon-identification', 'language-and-dialect', 'other']
}

const LABELS: FieldLabels = {
  phase: 'verification.phase',
  method: 'verification.method',
  finding: 'verification.finding',
  status: 'verification.status'
}

const statusBadge = (s: Status): string => (s === 'verified' ? 'ok' : s === 'partly-verified' ? 'warning' : 'error')

/**
 * The exhibit's standing: the weakest of the latest status of each phase recorded (a phase still
 * "unverified" keeps the exhibit so), or none when nothing was recorded.
 */
export function exhibitStatus(items: readonly Verification[]): Status | null {
  if (items.length === 0) return null
  const latest = new Map<string, Status>()
  for (const v of items) latest.set(v.phase, v.status)
  const all = [...latest.values()]
  if (all.includes('unverified')) return 'unverified'
  if (all.includes('partly-verified')) return 'partly-verified'
  return 'verified'
}

/** The analyst as their staff code when the account has one (the dossier names analysts so), else the account. */
function Analyst(props: { actor: string }): JSX.Element {
  const entry = directoryEntry(props.actor)
  if (entry?.staffCode) return <Mono>{entry.staffCode}</Mono>
  return <Actor actor={props.actor} />
}

/** Verification records of one exhibit (Berkeley Protocol: source, technical, content analysis), and a form to add one. */
export function VerificationRecords(props: { evidenceId: string; canWrite: boolean }): JSX.Element {
  const { t } = useApp()
  const [items, setItems] = useState<Verification[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  const [open, setOpen] = useState(false)

  useEffect(() => {
    get<{ items: Verification[] }>(`/api/v1/evidence/${props.evidenceId}/verifications`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [props.evidenceId, version])

  const status = items ? exhibitStatus(items) : null
  return (
    <section class="card verification-records" aria-labelledby="verification-h">
      <h2 id="verification-h">{t('verification.title')}</h2>
      <p class="hint">{t('verification.lead')}</p>
      {items ? (
        <p class="verification-status">
          {t('verification.exhibitStatus')}:{' '}
          {status ? (
            <Badge kind={statusBadge(status)}>{t(`verification.status.${status}` as MessageKey)}</Badge>
          ) : (
            <Badge>{t('verification.status.none')}</Badge>
          )}
        </p>
      ) : null}
      <ErrorBox error={error} />
      {!items ? (
        error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <p class="empty">{t('verification.none')}</p>
      ) : (
        <ol class="verification-list">
          {items.map((v) => (
            <li key={v.id} class="verification-record" data-phase={v.phase}>
              <p>
                <strong>{t(`verification.phase.${v.phase}` as MessageKey)}</strong>
                {v.method ? <> · {t(`verification.method.${v.method}` as MessageKey)}</> : null}{' '}
                <Badge kind={statusBadge(v.status)}>{t(`verification.status.${v.status}` as MessageKey)}</Badge>
              </p>
              {v.finding !== undefined ? (
                <p dir="auto" class="narrative verification-finding">
                  {v.finding}
                </p>
              ) : null}
              {v.withheld ? <p class="hint">{t(`verification.withheld.${v.withheld}` as MessageKey)}</p> : null}
              <p class="hint">
                {v.analyst ? (
                  <>
                    {t('verification.analyst')}: <Analyst actor={v.analyst} /> ·{' '}
                  </>
                ) : null}
                <Instant value={v.createdAt} /> · {t('verification.ledgerIndex')}{' '}
                <span dir="ltr" class="ledger-index">
                  #{v.ledgerIndex}
                </span>
              </p>
            </li>
          ))}
        </ol>
      )}
      {props.canWrite ? (
        open ? (
          <AddVerification
            evidenceId={props.evidenceId}
            onCancel={() => setOpen(false)}
            onSaved={() => {
              setOpen(false)
              setVersion((n) => n + 1)
            }}
          />
        ) : (
          <p>
            <button type="button" class="button secondary" onClick={() => setOpen(true)}>
              {t('verification.add')}
            </button>
          </p>
        )
      ) : null}
    </section>
  )
}

function AddVerification(props: { evidenceId: string; onSaved: () => void; onCancel: () => void }): JSX.Element {
  const { t, announce } = useApp()
  const [phase, setPhase] = useState<Phase>('technical')
  const [method, setMethod] = useState<string>('')
  const [status, setStatus] = useState<Status | ''>('')
  const [finding, setFinding] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const submitId = useId()

  async function save(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    const errs: FieldErrors = {}
    if (!method) errs.method = t('validation.required')
    if (!finding.trim()) errs.finding = t('validation.required')
    else if (finding.trim().length > 10000) errs.finding = t('validation.maxLength', { n: 10000 })
    if (!status) errs.status = t('validation.required')
    setErrors(errs)
    if (Object.keys(errs).length > 0) return
    setBusy(true)
    try {
      const input = { phase, method, finding: finding.trim(), status } as VerificationInput
      const saved = await post<Verification>(`/api/v1/evidence/${props.evidenceId}/verifications`, input)
      announce(t('verification.saved', { n: saved.ledgerIndex }))
      props.onSaved()
    } catch (err) {
      const byField = serverFieldErrors(err, t)
      if (byField) setErrors(byField)
      else setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="card nested verification-form" noValidate onSubmit={(e) => void save(e)}>
      <h3>{t('verification.add')}</h3>
      <ErrorSummary errors={errors} labels={LABELS} />
      <ErrorBox error={error} />
      <div class="grid">
        <Field label={t('verification.phase')} required error={errors.phase}>
          {({ id }) => (
            <select
              id={id}
              name="phase"
              value={phase}
              onChange={(e) => {
                const next = e.currentTarget.value as Phase
                setPhase(next)
                // A method of another phase would be refused: choose again.
                if (!METHODS_BY_PHASE[next].includes(method as VerificationInput['method'])) setMethod('')
                setErrors(({ phase: _p, method: _m, ...rest }) => rest)
              }}
            >
              {VERIFICATION_PHASES.map((p) => (
                <option key={p} value={p}>
                  {t(`verification.phase.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('verification.method')} required error={errors.method}>
          {({ id, invalid }) => (
            <select
              id={id}
              name="method"
              value={method}
              aria-invalid={invalid ? 'true' : undefined}
              onChange={(e) => {
                setMethod(e.currentTarget.value)
                setErrors(({ method: _m, ...rest }) => rest)
              }}
            >
              <option value="">{t('verification.choose')}</option>
              {METHODS_BY_PHASE[phase].map((m) => (
                <option key={m} value={m}>
                  {t(`verification.method.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('verification.status')} required error={errors.status}>
          {({ id, invalid }) => (
            <select
              id={id}
              name="status"
              value={status}
              aria-invalid={invalid ? 'true' : undefined}
              onChange={(e) => {
                setStatus(e.currentTarget.value as Status)
                setErrors(({ status: _s, ...rest }) => rest)
              }}
            >
              <option value="">{t('verification.choose')}</option>
              {VERIFICATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`verification.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('verification.finding')} hint={t('verification.findingHint')} required error={errors.finding}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            name="finding"
            dir="auto"
            rows={3}
            value={finding}
            aria-describedby={describedBy}
            aria-invalid={invalid ? 'true' : undefined}
            onInput={(e) => {
              setFinding(e.currentTarget.value)
              setErrors(({ finding: _f, ...rest }) => rest)
            }}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" id={submitId} class="button primary" disabled={busy}>
          {t('verification.save')}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
