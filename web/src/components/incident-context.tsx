import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ContextAssessment, ContextAssessmentInput } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { api, get } from '../api.ts'
import { Badge, ErrorBox, Field, Instant, Link } from './ui.tsx'
import { Actor } from './actor.tsx'
import { ErrorSummary, type FieldLabels } from './form-errors.tsx'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'
import { ELEMENT_STATUSES } from '../schema-enums.ts'
import { serverFieldErrors } from '../lib/server-field-error.ts'
import contextInputSchema from '../../../schemas/context-assessment-input.json'

type Element = ContextAssessment['element']
type PatternContext = { pattern: { id: string; reference?: string }; elements: ContextAssessment[] }

export const OVERRIDE_REASONS = contextInputSchema.properties.reason.enum as readonly NonNullable<ContextAssessmentInput['reason']>[]

const LABELS: FieldLabels = { status: 'incidentContext.status', reason: 'incidentContext.reason' }

/**
 * The contextual elements of crimes against humanity an incident inherits from each of its patterns
 * (with the pattern's assessor and date), and the incident's own overrides, each with its reason.
 * Shown only when the incident belongs to a pattern.
 */
export function IncidentContext(props: { incidentId: string; canWrite: boolean }): JSX.Element | null {
  const { t } = useApp()
  const [items, setItems] = useState<PatternContext[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  const [notice, setNotice] = useState('')

  useEffect(() => {
    get<{ items: PatternContext[] }>(`/api/v1/incidents/${props.incidentId}/context`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [props.incidentId, version])

  if (error) return <ErrorBox error={error} />
  if (!items || items.length === 0) return null
  return (
    <section class="card incident-context" aria-labelledby="incident-context-h">
      <h2 id="incident-context-h">{t('incidentContext.title')}</h2>
      <p class="hint">{t('incidentContext.lead')}</p>
      {notice ? (
        <p class="alert alert-success" role="status">
          {notice}
        </p>
      ) : null}
      {items.map((pc) => (
        <div key={pc.pattern.id} class="incident-context-pattern" data-pattern={pc.pattern.id}>
          <h3>
            {t('incidentContext.pattern')}{' '}
            <Link href={`/patterns/${pc.pattern.id}`}>
              <span dir="ltr">{pc.pattern.reference ?? pc.pattern.id}</span>
            </Link>
          </h3>
          <ul class="context-elements">
            {pc.elements.map((el) => (
              <ContextElementRow
                key={el.element}
                incidentId={props.incidentId}
                patternId={pc.pattern.id}
                patternRef={pc.pattern.reference ?? ''}
                item={el}
                canWrite={props.canWrite}
                onSaved={() => {
                  setNotice(t('incidentContext.overridden'))
                  setVersion((n) => n + 1)
                }}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}

function ContextElementRow(props: {
  incidentId: string
  patternId: string
  patternRef: string
  item: ContextAssessment
  canWrite: boolean
  onSaved: () => void
}): JSX.Element {
  const { t } = useApp()
  const el = props.item
  const overridden = el.basis === 'overridden'
  const [open, setOpen] = useState(false)
  return (
    <li class="context-element" data-element={el.element} data-basis={el.basis ?? 'inherited'}>
      <h4>{t(`context.${el.element}` as MessageKey)}</h4>
      <p class="context-status">
        <Badge kind={`element-${el.status}`}>{t(`element.${el.status}` as MessageKey)}</Badge>{' '}
        <Badge kind={overridden ? 'warning' : 'info'}>
          {t(overridden ? 'incidentContext.basisOverridden' : 'incidentContext.basisInherited')}
        </Badge>
      </p>
      <p class="hint context-origin">
        {overridden ? (
          <>
            {t('incidentContext.reason')}: {el.reason ? t(`contextReason.${el.reason}` as MessageKey) : '—'}
            {el.assessor ? (
              <>
                {' '}
                · <Actor actor={el.assessor} />
              </>
            ) : null}
            {el.assessedAt ? (
              <>
                {' '}
                · <Instant value={el.assessedAt} />
              </>
            ) : null}
          </>
        ) : el.assessor && el.assessedAt ? (
          <>
            {t('incidentContext.fromPattern')} <span dir="ltr">{props.patternRef}</span> · <Actor actor={el.assessor} /> ·{' '}
            <Instant value={el.assessedAt} />
          </>
        ) : (
          t('patterns.notAssessedYet')
        )}
      </p>
      {props.canWrite ? (
        open ? (
          <OverrideForm {...props} onCancel={() => setOpen(false)} />
        ) : (
          <button type="button" class="button secondary small" onClick={() => setOpen(true)}>
            {t('incidentContext.override')}
            <span class="visually-hidden">: {t(`context.${el.element}` as MessageKey)}</span>
          </button>
        )
      ) : null}
    </li>
  )
}

function OverrideForm(props: {
  incidentId: string
  patternId: string
  item: ContextAssessment
  onSaved: () => void
  onCancel: () => void
}): JSX.Element {
  const { t, announce } = useApp()
  const element: Element = props.item.element
  const [status, setStatus] = useState<string>(props.item.status)
  const [reason, setReason] = useState<string>(props.item.basis === 'overridden' ? (props.item.reason ?? '') : '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  async function save(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    if (!reason) {
      setErrors({ reason: t('validation.required') })
      return
    }
    setBusy(true)
    try {
      await api('PUT', `/api/v1/incidents/${props.incidentId}/patterns/${props.patternId}/context/${element}`, {
        status,
        reason,
        evidenceIds: props.item.evidenceIds
      })
      announce(t('incidentContext.overridden'))
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
    <form class="override-form" noValidate onSubmit={(e) => void save(e)}>
      <ErrorSummary errors={errors} labels={LABELS} />
      <ErrorBox error={error} />
      <Field label={t('incidentContext.status')} error={errors.status}>
        {({ id }) => (
          <select id={id} name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {ELEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`element.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('incidentContext.reason')} hint={t('incidentContext.reasonHint')} required error={errors.reason}>
        {({ id, describedBy, invalid }) => (
          <select
            id={id}
            name="reason"
            value={reason}
            aria-describedby={describedBy}
            aria-invalid={invalid ? 'true' : undefined}
            onChange={(e) => {
              setReason(e.currentTarget.value)
              setErrors({})
            }}
          >
            <option value="">{t('verification.choose')}</option>
            {OVERRIDE_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`contextReason.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('incidentContext.saveOverride')}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
