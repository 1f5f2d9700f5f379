import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident, IncidentLink } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { del, get, post } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { categoryLabel } from '../labels.ts'
import { LINK_TYPES, type LinkType } from '../lib/analysis-vocab.ts'
import { can } from '../permissions.ts'
import { IncidentPicker } from './incident-picker.tsx'
import { LabelledError } from './labelled-error.tsx'
import { Alert, Badge, ErrorBox, Field, Link } from './ui.tsx'

/**
 * "Linked incidents" on the incident view: connected crimes (persecution's connection to another
 * crime), the same event, related incidents and duplicates, both directions; a form to add a link
 * (the other incident chosen by reference and title) and a way to remove one (marked, never deleted).
 */
export function IncidentLinksSection(props: { incident: Incident }): JSX.Element {
  const { t, session } = useApp()
  const i = props.incident
  const [items, setItems] = useState<IncidentLink[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    setError(null)
    get<{ items: IncidentLink[] }>(`/api/v1/incidents/${i.id}/links`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [i.id, version])
  const canWrite = can(session?.role, 'incident:write') && !i.retracted
  return (
    <section class="card incident-links" aria-labelledby="links-title">
      <h2 id="links-title">{t('links.title')}</h2>
      <p class="hint">{t('links.explain')}</p>
      <ErrorBox error={error} />
      {items === null ? null : items.length === 0 ? (
        <p class="empty">{t('links.none')}</p>
      ) : (
        <ul class="link-list">
          {items.map((l) => (
            <LinkItem key={l.id} incidentId={i.id} link={l} canWrite={canWrite} onChanged={() => setVersion((n) => n + 1)} />
          ))}
        </ul>
      )}
      {canWrite ? <LinkForm incident={i} onSaved={() => setVersion((n) => n + 1)} /> : null}
    </section>
  )
}

/** What the link says, read from the incident on screen: "is connected to", "was merged into", "is the survivor of". */
function relation(l: IncidentLink): MessageKey {
  return `links.${l.type}.${l.direction}` as MessageKey
}

function LinkItem(props: { incidentId: string; link: IncidentLink; canWrite: boolean; onChanged: () => void }): JSX.Element {
  const { t, lang, ref, announce } = useApp()
  const l = props.link
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const cat = (c: string): string => (ref ? categoryLabel(ref, c, lang) : c)
  return (
    <li class={`incident-link${l.removed ? ' removed' : ''}`} data-type={l.type}>
      <p class="link-head">
        <span class="relation">{t(relation(l))}</span>{' '}
        <Link href={`/incidents/${l.other.id}`}>
          <span dir="ltr">{l.other.reference}</span>
          {l.other.title ? (
            <>
              {' — '}
              <span dir="auto">{l.other.title}</span>
            </>
          ) : null}
        </Link>{' '}
        {l.removed ? <Badge kind="status-retracted">{t('links.removed')}</Badge> : null}
      </p>
      {l.withheld ? <p class="hint">{t('analysis.withheld')}</p> : null}
      {l.type === 'connected-to' && l.category ? (
        <p class="link-category">
          {t('links.connectedCrime')}: <strong>{cat(l.category)}</strong>
          {l.fromCategory ? (
            <>
              {' · '}
              {t('links.serves')}: {cat(l.fromCategory)}
            </>
          ) : null}
        </p>
      ) : null}
      {l.type === 'duplicate-of' && !l.removed ? <p class="hint">{t('links.duplicateExplain')}</p> : null}
      {props.canWrite && !l.removed && !l.withheld ? (
        confirming ? (
          <div class="confirm-remove">
            <p>{t('links.removeConfirmText')}</p>
            <ErrorBox error={error} />
            <div class="actions">
              <button
                type="button"
                class="button danger"
                disabled={busy}
                onClick={async () => {
                  setBusy(true)
                  try {
                    await del(`/api/v1/incidents/${props.incidentId}/links/${l.id}`)
                    announce(t('links.removedDone'))
                    props.onChanged()
                  } catch (err) {
                    setError(err)
                  } finally {
                    setBusy(false)
                  }
                }}
              >
                {t('links.removeConfirm')}
              </button>
              <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="button secondary small" onClick={() => setConfirming(true)}>
            {t('links.remove')}
          </button>
        )
      ) : null}
    </li>
  )
}

function LinkForm(props: { incident: Incident; onSaved: () => void }): JSX.Element {
  const { t, lang, ref, announce } = useApp()
  const i = props.incident
  const [open, setOpen] = useState(false)
  const [other, setOther] = useState<Incident | null>(null)
  const [type, setType] = useState<LinkType | ''>('')
  const [category, setCategory] = useState('')
  const [fromCategory, setFromCategory] = useState('')
  const [invalid, setInvalid] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const labels = {
    to: t('links.other'),
    type: t('links.type'),
    category: t('links.category'),
    fromCategory: t('links.fromCategory')
  }
  const cat = (c: string): string => (ref ? categoryLabel(ref, c, lang) : c)
  if (!open)
    return (
      <p>
        <button type="button" class="button primary" onClick={() => setOpen(true)}>
          {t('links.add')}
        </button>
      </p>
    )

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    const missing: Record<string, string> = {}
    if (!other) missing.to = t('validation.required')
    if (!type) missing.type = t('validation.required')
    if (type === 'connected-to' && !category) missing.category = t('validation.required')
    setInvalid(missing)
    if (Object.keys(missing).length > 0 || !other) return
    const body: Record<string, string> = { to: other.id, type }
    if (type === 'connected-to') {
      body.category = category
      if (fromCategory) body.fromCategory = fromCategory
    }
    setBusy(true)
    try {
      await post(`/api/v1/incidents/${i.id}/links`, body)
      announce(t('links.saved'))
      setOpen(false)
      setOther(null)
      setType('')
      setCategory('')
      setFromCategory('')
      props.onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="link-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>{t('links.add')}</h3>
      <IncidentPicker
        label={labels.to}
        value={other?.id ?? ''}
        exclude={i.id}
        required
        error={invalid.to}
        onChange={(x) => {
          setOther(x)
          setCategory('')
        }}
      />
      <Field label={labels.type} required error={invalid.type}>
        {({ id, describedBy, invalid: bad }) => (
          <select
            id={id}
            name="type"
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={type}
            onChange={(e) => setType(e.currentTarget.value as LinkType | '')}
          >
            <option value="">{t('analysis.choose')}</option>
            {LINK_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`links.type.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {type === 'connected-to' ? (
        <>
          <Field label={labels.category} required error={invalid.category} hint={t('links.categoryHint')}>
            {({ id, describedBy, invalid: bad }) => (
              <select
                id={id}
                name="category"
                aria-describedby={describedBy}
                aria-invalid={bad ? 'true' : undefined}
                value={category}
                disabled={!other}
                onChange={(e) => setCategory(e.currentTarget.value)}
              >
                <option value="">{other ? t('analysis.choose') : t('links.chooseOtherFirst')}</option>
                {(other?.categories ?? []).map((c) => (
                  <option key={c} value={c}>
                    {cat(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={labels.fromCategory}>
            {({ id, describedBy }) => (
              <select
                id={id}
                name="fromCategory"
                aria-describedby={describedBy}
                value={fromCategory}
                onChange={(e) => setFromCategory(e.currentTarget.value)}
              >
                <option value="">{t('analysis.none')}</option>
                {i.categories.map((c) => (
                  <option key={c} value={c}>
                    {cat(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : null}
      {type === 'duplicate-of' ? <Alert kind="info">{t('links.duplicateExplain')}</Alert> : null}
      <LabelledError error={error} labels={labels} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('links.save')}
        </button>
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
