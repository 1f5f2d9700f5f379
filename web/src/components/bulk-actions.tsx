import type { JSX } from 'preact'
import { useEffect, useId, useState } from 'preact/hooks'
import type { Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { api, get, patch, post } from '../api.ts'
import { useErrorText } from './ui.tsx'
import type { DirectoryEntry } from './actor.tsx'
import { can } from '../permissions.ts'
import type { MessageKey } from '../i18n/index.ts'

type Action = 'tag' | 'assign' | 'status' | 'case'
type Outcome = { id: string; reference: string; ok: boolean; reason?: string }
type CaseSummary = { id: string; title: string; revision: number; incidentIds: string[] }

const MOVES = ['submitted', 'under-review', 'verified', 'draft'] as const

/**
 * Bulk actions on a selection of the page's incidents (#19 item 10): tag, assign, change status, add to
 * a case. Each incident is its own request (a case gets one revision for the whole selection), so each
 * change is its own ledger entry and the server's review rules apply to each: the result lists which
 * succeeded and which were refused, with the reason in the reader's language.
 */
export function BulkActions(props: { items: Incident[]; onDone?: () => void }): JSX.Element | null {
  const { t, session, ref } = useApp()
  const errorText = useErrorText()
  const role = session?.role
  const uid = useId()
  const selectable = props.items.filter((i) => i.withheld === undefined && !i.retracted)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [action, setAction] = useState<Action>('tag')
  const [tag, setTag] = useState('')
  const [assignee, setAssignee] = useState('')
  const [move, setMove] = useState<(typeof MOVES)[number]>('submitted')
  const [caseId, setCaseId] = useState('')
  const [cases, setCases] = useState<CaseSummary[] | null>(null)
  const [reviewers, setReviewers] = useState<DirectoryEntry[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [results, setResults] = useState<Outcome[] | null>(null)
  // Assignees are read when an assignment is chosen, not for every list shown.
  useEffect(() => {
    if (action !== 'assign' || reviewers !== null || !can(role, 'incident:review')) return
    get<{ items: DirectoryEntry[] }>('/api/v1/users/directory', { quietAuth: true })
      .then((r) => setReviewers(r.items.filter((e) => e.role === 'reviewer' || e.role === 'legal')))
      .catch(() => setReviewers([]))
  }, [action, role])
  useEffect(() => {
    if (action !== 'case' || cases || !can(role, 'case:write')) return
    get<{ items: CaseSummary[] }>('/api/v1/cases')
      .then((r) => setCases(r.items))
      .catch(() => setCases([]))
  }, [action, role])
  if (selectable.length === 0 || !can(role, 'incident:read')) return null

  const actions: { value: Action; show: boolean }[] = [
    { value: 'tag', show: can(role, 'incident:write') },
    { value: 'assign', show: can(role, 'incident:review') },
    { value: 'status', show: true },
    { value: 'case', show: can(role, 'case:write') }
  ]
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(id)
    else next.delete(id)
    setSelected(next)
  }
  const chosen = selectable.filter((i) => selected.has(i.id))
  const each = async (fn: (i: Incident) => Promise<unknown>): Promise<Outcome[]> => {
    const out: Outcome[] = []
    for (const i of chosen) {
      try {
        await fn(i)
        out.push({ id: i.id, reference: i.reference, ok: true })
      } catch (err) {
        out.push({ id: i.id, reference: i.reference, ok: false, reason: errorText(err) })
      }
    }
    return out
  }
  const run = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (chosen.length === 0) return
    setBusy(true)
    setResults(null)
    try {
      if (action === 'tag') {
        const value = tag.trim()
        setResults(
          await each(async (i) => {
            const fresh = await get<Incident>(`/api/v1/incidents/${i.id}`)
            const tags = [...new Set([...(fresh.tags ?? []), value])]
            await patch(`/api/v1/incidents/${i.id}`, { tags, baseRevision: fresh.revision })
          })
        )
      } else if (action === 'assign') {
        setResults(await each(async (i) => await api('PUT', `/api/v1/incidents/${i.id}/assignee`, { assignee: assignee || null })))
      } else if (action === 'status') {
        setResults(
          await each(async (i) => {
            const fresh = await get<Incident>(`/api/v1/incidents/${i.id}`)
            await post(`/api/v1/incidents/${i.id}/transitions`, { to: move, baseRevision: fresh.revision })
          })
        )
      } else {
        // One revision of the case for the whole selection: either all are added or none (with the reason).
        try {
          const c = await get<CaseSummary>(`/api/v1/cases/${caseId}`)
          const incidentIds = [...new Set([...c.incidentIds, ...chosen.map((i) => i.id)])]
          await patch(`/api/v1/cases/${caseId}`, { baseRevision: c.revision, reason: 'scope-change', incidentIds })
          setResults(chosen.map((i) => ({ id: i.id, reference: i.reference, ok: true })))
        } catch (err) {
          setResults(chosen.map((i) => ({ id: i.id, reference: i.reference, ok: false, reason: errorText(err) })))
        }
      }
      props.onDone?.()
    } finally {
      setBusy(false)
    }
  }
  const themes = ref?.taxonomy.tags ?? []
  const done = results?.filter((r) => r.ok) ?? []
  const refused = results?.filter((r) => !r.ok) ?? []
  return (
    <details class="card bulk-actions">
      <summary>{t('bulk.title')}</summary>
      <form onSubmit={(e) => void run(e)}>
        <fieldset class="bulk-selection">
          <legend>{t('bulk.select', { n: chosen.length })}</legend>
          <p>
            <button type="button" class="button secondary" onClick={() => setSelected(new Set(selectable.map((i) => i.id)))}>
              {t('bulk.selectAll')}
            </button>{' '}
            <button type="button" class="button secondary" onClick={() => setSelected(new Set())}>
              {t('bulk.selectNone')}
            </button>
          </p>
          <ul class="bulk-items">
            {selectable.map((i) => (
              <li key={i.id}>
                <input
                  id={`${uid}-${i.id}`}
                  type="checkbox"
                  name="bulk-incident"
                  value={i.id}
                  checked={selected.has(i.id)}
                  onChange={(e) => toggle(i.id, (e.currentTarget as HTMLInputElement).checked)}
                />{' '}
                <label for={`${uid}-${i.id}`}>
                  <bdi dir="ltr">{i.reference}</bdi> <span dir="auto">{i.title}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="field">
          <label for={`${uid}-action`}>{t('bulk.action')}</label>
          <select
            id={`${uid}-action`}
            name="bulk-action"
            value={action}
            onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value as Action)}
          >
            {actions
              .filter((a) => a.show)
              .map((a) => (
                <option key={a.value} value={a.value}>
                  {t(`bulk.action.${a.value}` as MessageKey)}
                </option>
              ))}
          </select>
        </div>
        {action === 'tag' ? (
          <div class="field">
            <label for={`${uid}-tag`}>{t('bulk.tag')}</label>
            <input
              id={`${uid}-tag`}
              name="bulk-tag"
              dir="ltr"
              list={`${uid}-themes`}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              required
              value={tag}
              onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)}
            />
            <datalist id={`${uid}-themes`}>
              {themes.map((th) => (
                <option key={th.id} value={th.id} />
              ))}
            </datalist>
          </div>
        ) : null}
        {action === 'assign' ? (
          <div class="field">
            <label for={`${uid}-assignee`}>{t('bulk.assignee')}</label>
            <select
              id={`${uid}-assignee`}
              name="bulk-assignee"
              value={assignee}
              onChange={(e) => setAssignee((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t('review.unassigned')}</option>
              {(reviewers ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.staffCode ? `${r.username} (${r.staffCode})` : r.username}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {action === 'status' ? (
          <div class="field">
            <label for={`${uid}-move`}>{t('bulk.status')}</label>
            <select
              id={`${uid}-move`}
              name="bulk-status"
              value={move}
              onChange={(e) => setMove((e.currentTarget as HTMLSelectElement).value as (typeof MOVES)[number])}
            >
              {MOVES.map((m) => (
                <option key={m} value={m}>
                  {t(`status.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {action === 'case' ? (
          <div class="field">
            <label for={`${uid}-case`}>{t('bulk.case')}</label>
            <select
              id={`${uid}-case`}
              name="bulk-case"
              required
              value={caseId}
              onChange={(e) => setCaseId((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">—</option>
              {(cases ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy || chosen.length === 0}>
            {t('bulk.apply', { n: chosen.length })}
          </button>
        </div>
      </form>
      {results ? (
        <div class="bulk-results" role="status">
          <p>{t('bulk.summary', { ok: done.length, refused: refused.length })}</p>
          <ul>
            {results.map((r) => (
              <li key={r.id} class={r.ok ? 'bulk-ok' : 'bulk-refused'} data-result={r.ok ? 'ok' : 'refused'}>
                <bdi dir="ltr">{r.reference}</bdi>: {r.ok ? t('bulk.done') : `${t('bulk.refused')} — ${r.reason ?? ''}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </details>
  )
}
