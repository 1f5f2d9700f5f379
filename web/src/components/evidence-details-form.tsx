import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Evidence } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { patch } from '../api.ts'
import { can } from '../permissions.ts'
import { EVIDENCE_SOURCES } from '../schema-enums.ts'
import type { MessageKey } from '../i18n/index.ts'
import { useFormDraft } from '../lib/form-draft.ts'
import { typedToIso } from '../lib/dates.ts'
import { DateInput } from './date-input.tsx'
import { DraftNotice } from './form-errors.tsx'
import { Field, useErrorText } from './ui.tsx'

const REASONS = ['correction', 'new-information', 'translation', 'other'] as const

type Draft = { description: string; source: string; sourceUrl: string; collectedBy: string; collectedAt: string; reason: string }

const fromEvidence = (ev: Evidence): Draft => ({
  description: ev.description ?? '',
  source: ev.source?.type ?? '',
  sourceUrl: ev.source?.url ?? '',
  collectedBy: ev.collectedBy ?? '',
  collectedAt: ev.collectedAt ?? '',
  reason: ''
})

/**
 * "Edit details" of an exhibit (#19 item 5): its description, source, collector and collection date,
 * never its file, hashes or custody. Kept as a draft while typed; the collection date in either
 * calendar (sent as ISO); only what changed is sent, with the revision it started from and a reason.
 */
export function EvidenceDetailsForm(props: { evidence: Evidence; onSaved: (ev: Evidence) => void }): JSX.Element | null {
  const { t, session, announce } = useApp()
  const errorText = useErrorText()
  const ev = props.evidence
  const form = useFormDraft<Draft>('evidence-details', ev.id, () => fromEvidence(ev))
  const [open, setOpen] = useState(form.restored)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const revision = ev.detailsRevision ?? 0
  useEffect(() => form.setBaseline(fromEvidence(ev)), [ev.id, revision])
  useEffect(() => {
    if (form.restored) setOpen(true)
  }, [form.restored])
  if (ev.withheld || !can(session?.role, 'evidence:write')) return null

  const d = form.draft
  const set = (k: keyof Draft) => (v: string) => form.setDraft((x) => ({ ...x, [k]: v }))
  const base = fromEvidence(ev)
  const dateIso = d.collectedAt.trim() ? typedToIso(d.collectedAt, 'any') : null
  const dateInvalid = d.collectedAt.trim() !== '' && dateIso === null && d.collectedAt !== base.collectedAt

  /** What changed against the record as loaded (null to clear a field). */
  function changes(): Record<string, unknown> {
    const body: Record<string, unknown> = {}
    const text = (k: 'description' | 'collectedBy'): void => {
      if (d[k].trim() !== base[k]) body[k] = d[k].trim() || null
    }
    text('description')
    text('collectedBy')
    if (d.source !== base.source) body.source = d.source || null
    if (d.source === 'url-download' && d.sourceUrl.trim() !== base.sourceUrl) body.sourceUrl = d.sourceUrl.trim() || null
    if (d.collectedAt !== base.collectedAt) body.collectedAt = d.collectedAt.trim() ? dateIso : null
    return body
  }
  const changed = Object.keys(changes()).length > 0

  async function save(): Promise<void> {
    if (!d.reason || !changed || dateInvalid) return
    const body = { baseRevision: revision, reason: d.reason, ...changes() }
    setBusy(true)
    setError(null)
    try {
      const saved = await patch<Evidence>(`/api/v1/evidence/${ev.id}`, body)
      // Saved: the form starts clean from what the server now holds.
      form.clear(fromEvidence(saved))
      setOpen(false)
      announce(t('details.saved'))
      props.onSaved(saved)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card evidence-details" aria-labelledby="evidence-details-title">
      <h2 id="evidence-details-title">{t('details.title')}</h2>
      {!open ? (
        <button type="button" class="button secondary" onClick={() => setOpen(true)}>
          {t('details.edit')}
        </button>
      ) : (
        <form
          class="evidence-details-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <DraftNotice restored={form.restored} onDiscard={() => form.clear(fromEvidence(ev))} />
          <p class="hint">{t('details.hint')}</p>
          <Field label={t('upload.description')}>
            {({ id }) => (
              <textarea
                id={id}
                name="description"
                dir="auto"
                rows={3}
                maxLength={4000}
                value={d.description}
                onInput={(e) => set('description')((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <div class="grid">
            <Field label={t('upload.source')}>
              {({ id }) => (
                <select
                  id={id}
                  name="source"
                  value={d.source}
                  onChange={(e) => set('source')((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">{t('form.notSaid')}</option>
                  {EVIDENCE_SOURCES.map((s) => (
                    <option key={s} value={s}>
                      {t(`evidenceSource.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {d.source === 'url-download' ? (
              <Field label={t('upload.sourceUrl')}>
                {({ id }) => (
                  <input
                    id={id}
                    name="sourceUrl"
                    dir="ltr"
                    type="url"
                    value={d.sourceUrl}
                    onInput={(e) => set('sourceUrl')((e.currentTarget as HTMLInputElement).value)}
                  />
                )}
              </Field>
            ) : null}
            <Field label={t('upload.collectedBy')} hint={t('upload.collectedByHint')}>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  name="collectedBy"
                  dir="ltr"
                  aria-describedby={describedBy}
                  value={d.collectedBy}
                  onInput={(e) => set('collectedBy')((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
            <DateInput
              label={t('upload.collectedAt')}
              name="collectedAt"
              value={d.collectedAt}
              calendar="any"
              onInput={set('collectedAt')}
            />
          </div>
          <Field label={t('details.reason')} required>
            {({ id }) => (
              <select
                id={id}
                name="reason"
                required
                value={d.reason}
                onChange={(e) => set('reason')((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">{t('details.chooseReason')}</option>
                {REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`details.reason.${r}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {error ? (
            <p class="field-error" role="alert">
              {errorText(error)}
            </p>
          ) : null}
          <p class="actions">
            <button type="submit" class="button primary" disabled={busy || !d.reason || !changed || dateInvalid}>
              {t('details.save')}
            </button>{' '}
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                form.clear(fromEvidence(ev))
                setOpen(false)
              }}
            >
              {t('details.cancel')}
            </button>
          </p>
        </form>
      )}
    </section>
  )
}
