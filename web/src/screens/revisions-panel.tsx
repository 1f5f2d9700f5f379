import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { ErrorBox, Instant, Loading } from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import { diffRecords, type Change } from '../lib/diff.ts'
import type { MessageKey } from '../i18n/index.ts'
import { formatNumber } from '../lib/format.ts'

type Revision = { revision: number; kind: 'created' | 'edited' | 'retracted'; actor: string; reason: string | null; createdAt: string }

/** Fields the server computes for display; they follow from the others and would only repeat them. */
const DERIVED = [
  'updatedAt',
  'createdAt',
  'revision',
  'occurred.fromSolarHijri',
  'occurred.toSolarHijri',
  'location.provinceName',
  'flags',
  'id',
  'reference'
]

const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'form.title',
  narrative: 'form.narrative',
  narrativeLanguage: 'form.narrativeLanguage',
  status: 'form.status',
  occurred: 'form.when',
  location: 'form.where',
  categories: 'form.categories',
  qualifications: 'form.elements',
  victims: 'form.victims',
  perpetrators: 'form.perpetrators',
  sources: 'form.sources',
  patternIds: 'form.patterns',
  tags: 'revisions.tags',
  retracted: 'revisions.retraction'
}

function show(v: unknown): string {
  if (v === undefined) return '—'
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}

/** Every revision of the incident, and what changed from one to the next, field by field. */
export function RevisionsPanel(props: { incident: Incident }): JSX.Element {
  const { t, lang } = useApp()
  const [revisions, setRevisions] = useState<Revision[] | null>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const [changes, setChanges] = useState<Change[] | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    get<{ items: Revision[] }>(`/api/v1/incidents/${props.incident.id}/revisions`)
      .then((r) => {
        setRevisions(r.items)
        const latest = r.items.reduce((m, x) => Math.max(m, x.revision), 0)
        setSelected(latest)
      })
      .catch(setError)
  }, [props.incident.id])

  useEffect(() => {
    if (selected === null) return
    setChanges(null)
    const load = async (): Promise<void> => {
      const after = await get<Incident>(`/api/v1/incidents/${props.incident.id}/revisions/${selected}`)
      const before = selected > 1 ? await get<Incident>(`/api/v1/incidents/${props.incident.id}/revisions/${selected - 1}`) : {}
      setChanges(diffRecords(before, after, DERIVED))
    }
    load().catch(setError)
  }, [selected])

  const label = (path: string): string => {
    const [head, ...rest] = path.split('.')
    const key = FIELD_LABELS[head ?? '']
    return `${key ? t(key) : head}${rest.length ? ` › ${rest.join(' › ')}` : ''}`
  }

  return (
    <section aria-labelledby="rev-h">
      <h2 id="rev-h">{t('revisions.title')}</h2>
      <ErrorBox error={error} />
      {!revisions ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <div class="revisions">
          <ol class="revision-list">
            {[...revisions]
              .sort((a, b) => b.revision - a.revision)
              .map((r) => (
                <li key={r.revision}>
                  <button
                    type="button"
                    class={`revision-button${selected === r.revision ? ' selected' : ''}`}
                    aria-pressed={selected === r.revision}
                    onClick={() => setSelected(r.revision)}
                  >
                    <strong>{t('incident.revision', { n: formatNumber(r.revision, lang) })}</strong> —{' '}
                    {t(`revisionKind.${r.kind}` as MessageKey)}
                    <span class="secondary">
                      {' '}
                      · <Instant value={r.createdAt} /> · <Actor actor={r.actor} />
                    </span>
                    {r.reason ? (
                      <span class="reason" dir="auto">
                        {r.reason}
                      </span>
                    ) : null}
                  </button>
                </li>
              ))}
          </ol>
          <div class="diff" aria-live="polite">
            <h3>{selected === 1 ? t('revisions.firstVersion') : t('revisions.changesIn', { n: formatNumber(selected ?? 0, lang) })}</h3>
            {!changes ? (
              <Loading />
            ) : changes.length === 0 ? (
              <p class="empty">{t('revisions.noChanges')}</p>
            ) : (
              <table class="diff-table">
                <thead>
                  <tr>
                    <th scope="col">{t('revisions.field')}</th>
                    <th scope="col">{t('revisions.before')}</th>
                    <th scope="col">{t('revisions.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.path} class={`diff-${c.kind}`}>
                      <th scope="row">
                        {label(c.path)} <span class="secondary">({t(`revisions.${c.kind}` as MessageKey)})</span>
                      </th>
                      <td>
                        <del dir="auto">{c.kind === 'added' ? '—' : show(c.before)}</del>
                      </td>
                      <td>
                        <ins dir="auto">{c.kind === 'removed' ? '—' : show(c.after)}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
    </section>
  )
}
