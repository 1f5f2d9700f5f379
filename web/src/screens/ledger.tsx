import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import type { LedgerCheckpointList } from '../../../server/types/schemas.ts'
import { get, getText, post, query } from '../api.ts'
import { Alert, Badge, ErrorBox, Field, Instant, Loading, Mono, Num, PageTitle, ProgressBar } from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import { CalendarSwitch, DateInput } from '../components/date-input.tsx'
import { toGregorianIso, type Calendar } from '../lib/dates.ts'
import { checkCustody, type CustodyCheck, type CustodyItem } from '../lib/custody-check.ts'
import type { MessageKey } from '../i18n/index.ts'
import { can } from '../permissions.ts'
import { openCheckpoint, parseVerifierKey, type Checkpoint } from '../lib/signed-note.ts'
import { toHex } from '../lib/bytes.ts'
import { ledgerKey, pinKey, type KeyChoice } from '../ledger-key.ts'
import { formatBytes } from '../lib/format.ts'

type CheckpointRow = LedgerCheckpointList['items'][number]
type Job = {
  id: string
  status: 'queued' | 'running' | 'ready' | 'failed'
  progress: number
  message?: string | null
  createdAt?: string
  finishedAt?: string | null
  error?: string | null
  report?: {
    ok: boolean
    problems: { code: string; message: string }[]
    ledger: { entries: number; checkpoints: number; checkpointsVerified: number; root: string }
    blobs: { expected: number; hashed: number; bytes: number; orphans: number }
    evidence: { records: number; copies: number }
  } | null
}

/** The custody ledger: its signed checkpoint checked here, the checkpoint history, and full verification. */
export function LedgerPage(): JSX.Element {
  const { t, session } = useApp()
  const [note, setNote] = useState<string | null>(null)
  const [checkpoint, setCheckpoint] = useState<Checkpoint | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [key, setKey] = useState<KeyChoice | null>(null)
  const [history, setHistory] = useState<CheckpointRow[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)

  useEffect(() => {
    const load = async (): Promise<void> => {
      const text = await getText('/api/v1/ledger/checkpoint')
      setNote(text)
      const k = await ledgerKey()
      setKey(k)
      try {
        setCheckpoint(await openCheckpoint(text, k.key))
        setProblem(null)
      } catch (err) {
        setCheckpoint(null)
        setProblem((err as Error).message)
      }
      const h = await get<LedgerCheckpointList>('/api/v1/ledger/checkpoints')
      setHistory(h.items)
    }
    load().catch(setError)
  }, [version])

  return (
    <section>
      <PageTitle>{t('ledger.title')}</PageTitle>
      <p class="lead">{t('ledger.lead')}</p>
      <ErrorBox error={error} />
      <section class="card">
        <h2>{t('ledger.checkpoint')}</h2>
        {checkpoint ? (
          <>
            <Alert kind="success">{t('ledger.signatureOk')}</Alert>
            <dl class="facts">
              <dt>{t('ledger.size')}</dt>
              <dd class="ledger-size">
                <Num n={checkpoint.size} />
              </dd>
              <dt>{t('ledger.origin')}</dt>
              <dd>
                <Mono>{checkpoint.origin}</Mono>
              </dd>
              <dt>{t('ledger.root')}</dt>
              <dd>
                <Mono>{toHex(checkpoint.rootHash)}</Mono>
              </dd>
            </dl>
          </>
        ) : problem ? (
          <Alert kind="error">
            {t('ledger.signatureBad')} <span dir="ltr">{problem}</span>
          </Alert>
        ) : null}
        {note ? (
          <details>
            <summary>{t('ledger.noteText')}</summary>
            <pre dir="ltr" class="note">
              {note}
            </pre>
          </details>
        ) : null}
        <button type="button" class="button secondary" onClick={() => setVersion(version + 1)}>
          {t('ledger.refresh')}
        </button>
      </section>
      <KeyPanel choice={key} onChanged={() => setVersion(version + 1)} />
      <LedgerSearch />
      {can(session?.role, 'audit:read') ? <SensitiveActions /> : null}
      {can(session?.role, 'verify:run') ? <VerificationJob /> : null}
      <section class="card">
        <h2>{t('ledger.history')}</h2>
        {history ? (
          history.length === 0 ? (
            <p class="empty">{t('common.noData')}</p>
          ) : (
            <table>
              <caption>{t('ledger.historyCaption', { n: history.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ledger.size')}</th>
                  <th scope="col">{t('ledger.issued')}</th>
                  <th scope="col">{t('ledger.root')}</th>
                  <th scope="col">{t('ledger.timestamped')}</th>
                </tr>
              </thead>
              <tbody>
                {[...history]
                  .reverse()
                  .slice(0, 50)
                  .map((c) => (
                    <tr key={c.size}>
                      <td>
                        <Num n={c.size} />
                      </td>
                      <td>
                        <Instant value={c.issuedAt} />
                      </td>
                      <td>
                        <Mono>{c.rootHash.slice(0, 20)}…</Mono>
                      </td>
                      <td>{c.timestamped ? <Badge kind="ok">{t('common.yes')}</Badge> : <Badge>{t('common.no')}</Badge>}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )
        ) : null}
      </section>
    </section>
  )
}

function KeyPanel(props: { choice: KeyChoice | null; onChanged: () => void }): JSX.Element {
  const { t } = useApp()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const c = props.choice
  return (
    <section class="card">
      <h2>{t('ledger.key')}</h2>
      <p class="hint">{t('ledger.keyHint')}</p>
      {c ? (
        <>
          <dl class="facts">
            <dt>{t('ledger.keyServed')}</dt>
            <dd>
              <Mono>{c.served}</Mono>
            </dd>
            <dt>{t('ledger.keyPinned')}</dt>
            <dd>{c.pinned ? <Mono>{c.pinned}</Mono> : t('ledger.notPinned')}</dd>
          </dl>
          {c.mismatch ? <Alert kind="error">{t('ledger.keyMismatch')}</Alert> : null}
        </>
      ) : null}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          try {
            const k = parseVerifierKey(text.trim() || (c?.served ?? ''))
            pinKey(k.text)
            setError(null)
            setText('')
            props.onChanged()
          } catch (err) {
            setError((err as Error).message)
          }
        }}
      >
        <Field label={t('ledger.pinLabel')} hint={t('ledger.pinHint')} error={error ?? undefined}>
          {({ id, describedBy }) => (
            <input
              id={id}
              dir="ltr"
              class="wide"
              value={text}
              aria-describedby={describedBy}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <button type="submit" class="button secondary">
          {t('ledger.pin')}
        </button>
        {c?.pinned ? (
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              pinKey(null)
              props.onChanged()
            }}
          >
            {t('ledger.unpin')}
          </button>
        ) : null}
      </form>
    </section>
  )
}

function VerificationJob(): JSX.Element {
  const { t, lang, announce } = useApp()
  // The server reports "<phase> <done>/<total>"; say it in the reader's language.
  const phaseText = (message: string): string => {
    const m = /^(ledger|records|blobs) (\d+)\/(\d+)$/.exec(message)
    return m ? t(`jobPhase.${m[1] as 'ledger' | 'records' | 'blobs'}`, { done: Number(m[2]), total: Number(m[3]) }) : message
  }
  const [job, setJob] = useState<Job | null>(null)
  const [error, setError] = useState<unknown>(null)
  const timer = useRef<number | null>(null)

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current)
    },
    []
  )

  function poll(id: string): void {
    timer.current = window.setTimeout(async () => {
      try {
        const j = await get<Job>(`/api/v1/verification-jobs/${id}`)
        setJob(j)
        if (j.status === 'queued' || j.status === 'running') poll(id)
        else setPastVersion((v) => v + 1)
        if (j.status !== 'queued' && j.status !== 'running')
          announce(j.status === 'ready' && j.report?.ok ? t('ledger.jobOk') : t('ledger.jobProblems'))
      } catch (err) {
        setError(err)
      }
    }, 500)
  }

  // Past jobs (newest first): loaded at once and again when one ends, so an auditor sees earlier results.
  const [past, setPast] = useState<Job[] | null>(null)
  const [pastVersion, setPastVersion] = useState(0)
  useEffect(() => {
    get<{ items: Job[] }>('/api/v1/verification-jobs')
      .then((r) => setPast(r.items))
      .catch(setError)
  }, [pastVersion])

  const running = job !== null && (job.status === 'queued' || job.status === 'running')
  const r = job?.report
  return (
    <section class="card">
      <h2>{t('ledger.job')}</h2>
      <p class="hint">{t('ledger.jobHint')}</p>
      <ErrorBox error={error} />
      <button
        type="button"
        class="button primary"
        disabled={running}
        onClick={async () => {
          setError(null)
          try {
            const j = await post<Job>('/api/v1/verification-jobs')
            setJob(j)
            poll(j.id)
          } catch (err) {
            setError(err)
          }
        }}
      >
        {t('ledger.runJob')}
      </button>
      {job ? (
        <div class="job" data-status={job.status}>
          <ProgressBar label={t('ledger.jobProgress')} value={job.progress} max={1} />
          <p role="status">
            {t(`jobStatus.${job.status}`)}
            {job.message ? <> — {phaseText(job.message)}</> : null}
          </p>
          {job.error ? (
            <Alert kind="error">
              <span dir="ltr">{job.error}</span>
            </Alert>
          ) : null}
          {r ? (
            <>
              {r.ok ? (
                <Alert kind="success">
                  <strong class="verdict" data-verdict="verified">
                    {t('ledger.jobOk')}
                  </strong>
                </Alert>
              ) : (
                <Alert kind="error">
                  <strong class="verdict" data-verdict="failed">
                    {t('ledger.jobProblems')}
                  </strong>
                </Alert>
              )}
              <dl class="facts">
                <dt>{t('ledger.entries')}</dt>
                <dd>
                  <Num n={r.ledger.entries} />
                </dd>
                <dt>{t('ledger.checkpointsChecked')}</dt>
                <dd>
                  <Num n={r.ledger.checkpointsVerified} /> / <Num n={r.ledger.checkpoints} />
                </dd>
                <dt>{t('ledger.blobsHashed')}</dt>
                <dd>
                  <Num n={r.blobs.hashed} /> / <Num n={r.blobs.expected} /> ({formatBytes(r.blobs.bytes, lang)})
                </dd>
                <dt>{t('ledger.records')}</dt>
                <dd>
                  <Num n={r.evidence.records} />
                </dd>
              </dl>
              {r.problems.length > 0 ? (
                <ul class="problems">
                  {r.problems.map((p, i) => (
                    <li key={i}>
                      <Mono>{p.code}</Mono> <span dir="ltr">{p.message}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
          {job.finishedAt ? (
            <p class="hint">
              {t('ledger.finished')} <Instant value={job.finishedAt} />
            </p>
          ) : null}
        </div>
      ) : null}
      <PastJobs items={past} current={job?.id ?? null} onShow={setJob} />
    </section>
  )
}

const SUBJECT_KINDS = ['person', 'incident', 'evidence', 'case', 'dossier', 'pattern', 'user'] as const
// Suggestions only: the server knows the full vocabulary and refuses an unknown type.
const COMMON_TYPES = [
  'accessed',
  'consent-changed',
  'person-created',
  'person-revised',
  'incident-created',
  'incident-revised',
  'retracted',
  'ingested',
  'derived-copy-made',
  'exported',
  'shared-with-recipient',
  'clearance-requested',
  'clearance-approved',
  'clearance-rejected',
  'clearance-granted',
  'clearance-revoked',
  'password-reset',
  'user-created'
]
const FILTER_KEYS = ['subject', 'type', 'actor', 'from', 'to', 'cursor'] as const

type EntryPage = { items: CustodyItem[]; next?: string; checkpoint: string; size: number }

/**
 * Ledger search: subject, event type, actor and dates, all kept in the URL (so a result can be linked
 * and survives a reload); each page's entries are proven here against the signed checkpoint.
 */
function LedgerSearch(): JSX.Element {
  const { t, search, navigate } = useApp()
  const current = Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? ''])) as Record<(typeof FILTER_KEYS)[number], string>
  const [kindInit, idInit] = current.subject.includes(':')
    ? [current.subject.slice(0, current.subject.indexOf(':')), current.subject.slice(current.subject.indexOf(':') + 1)]
    : ['', '']
  const [kind, setKind] = useState(kindInit)
  const [subjectId, setSubjectId] = useState(idInit)
  const [type, setType] = useState(current.type)
  const [actor, setActor] = useState(current.actor)
  // Dates come from the URL in Gregorian; typed ones may be in either calendar.
  const [calendar, setCalendar] = useState<Calendar>('gregorian')
  const [from, setFrom] = useState(current.from)
  const [to, setTo] = useState(current.to)
  const [page, setPage] = useState<EntryPage | null>(null)
  const [check, setCheck] = useState<CustodyCheck | null>(null)
  const [error, setError] = useState<unknown>(null)
  const asked = FILTER_KEYS.some((k) => current[k] !== '')
  const key = FILTER_KEYS.map((k) => current[k]).join('|')

  useEffect(() => {
    setPage(null)
    setCheck(null)
    setError(null)
    if (!asked) return
    const load = async (): Promise<void> => {
      const p = await get<EntryPage>(`/api/v1/ledger/entries${query({ ...current, limit: 50 })}`)
      setPage(p)
      const k = await ledgerKey()
      setCheck(await checkCustody({ evidenceId: '', ...p }, k.key))
    }
    load().catch(setError)
  }, [key])

  const go = (params: Record<string, string>): void => navigate(`/ledger${query(params)}`)
  const byIndex = new Map((check?.items ?? []).map((i) => [i.index, i]))
  return (
    <section class="card ledger-search">
      <h2>{t('ledger.search')}</h2>
      <p class="hint">{t('ledger.searchHint')}</p>
      <form
        role="search"
        aria-label={t('ledger.search')}
        onSubmit={(e) => {
          e.preventDefault()
          go({
            subject: kind && subjectId.trim() ? `${kind}:${subjectId.trim()}` : '',
            type: type.trim(),
            actor: actor.trim(),
            from: from ? (toGregorianIso(from, calendar) ?? '') : '',
            to: to ? (toGregorianIso(to, calendar) ?? '') : ''
          })
        }}
      >
        <div class="grid">
          <Field label={t('ledger.subjectKind')}>
            {({ id }) => (
              <select id={id} name="subject-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('ledger.any')}</option>
                {SUBJECT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`ledger.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('ledger.subjectId')}>
            {({ id }) => (
              <input
                id={id}
                name="subject-id"
                dir="ltr"
                value={subjectId}
                onInput={(e) => setSubjectId((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t('ledger.type')} hint={t('ledger.typeHint')}>
            {({ id, describedBy }) => (
              <>
                <input
                  id={id}
                  name="type"
                  dir="ltr"
                  list="ledger-types"
                  value={type}
                  aria-describedby={describedBy}
                  onInput={(e) => setType((e.currentTarget as HTMLInputElement).value)}
                />
                <datalist id="ledger-types">
                  {COMMON_TYPES.map((v) => (
                    <option key={v} value={v} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label={t('ledger.actor')} hint={t('ledger.actorHint')}>
            {({ id, describedBy }) => (
              <input
                id={id}
                name="actor"
                dir="ltr"
                value={actor}
                aria-describedby={describedBy}
                onInput={(e) => setActor((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
        </div>
        <div class="grid date-range">
          <CalendarSwitch name="ledger-cal" value={calendar} onChange={setCalendar} />
          <DateInput label={t('ledger.from')} value={from} calendar={calendar} onInput={setFrom} />
          <DateInput label={t('ledger.to')} value={to} calendar={calendar} onInput={setTo} />
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {t('ledger.find')}
          </button>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setKind('')
              setSubjectId('')
              setType('')
              setActor('')
              setFrom('')
              setTo('')
              go({})
            }}
          >
            {t('ledger.clear')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {!asked ? null : !page ? (
        error ? null : (
          <Loading />
        )
      ) : page.items.length === 0 ? (
        <p class="empty">{t('ledger.noMatch')}</p>
      ) : (
        <>
          {check ? (
            check.ok ? (
              <Alert kind="success">{t('ledger.proofsOk', { size: page.size })}</Alert>
            ) : (
              <Alert kind="error">{t('ledger.proofsBad')}</Alert>
            )
          ) : null}
          <table class="ledger-results">
            <caption>{t('ledger.resultsCaption', { n: page.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ledger.colIndex')}</th>
                <th scope="col">{t('ledger.colTime')}</th>
                <th scope="col">{t('ledger.colType')}</th>
                <th scope="col">{t('ledger.colActor')}</th>
                <th scope="col">{t('ledger.colSubject')}</th>
                <th scope="col">{t('ledger.colDetails')}</th>
                <th scope="col">{t('ledger.colProof')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => {
                const e = item.entry as {
                  time?: string
                  type?: string
                  actor?: string
                  subject?: { kind: string; id: string }
                  details?: Record<string, unknown>
                }
                const c = byIndex.get(item.index)
                return (
                  <tr key={item.index} data-index={item.index}>
                    <td>
                      <Num n={item.index} />
                    </td>
                    <td>
                      <Instant value={e.time} />
                    </td>
                    <td>
                      <Mono>{e.type ?? ''}</Mono>
                    </td>
                    <td>
                      <Actor actor={e.actor} />
                    </td>
                    <td>
                      <Mono>{e.subject ? `${e.subject.kind}:${e.subject.id}` : ''}</Mono>
                    </td>
                    <td>
                      <Mono>{JSON.stringify(e.details ?? {})}</Mono>
                    </td>
                    <td>
                      {!c ? null : c.included ? (
                        <Badge kind="ok">{t('ledger.proven')}</Badge>
                      ) : (
                        <Badge kind="error" title={c.problem ?? ''}>
                          {t('ledger.notProven')}
                        </Badge>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <div class="actions">
            {current.cursor ? (
              <button type="button" class="button secondary" onClick={() => go({ ...current, cursor: '' })}>
                {t('ledger.firstPage')}
              </button>
            ) : null}
            {page.next ? (
              <button type="button" class="button secondary" onClick={() => go({ ...current, cursor: page.next ?? '' })}>
                {t('ledger.nextPage')}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  )
}

type SensitiveItem = {
  index: number
  time: string
  type: string
  actor: string
  targetUser: string
  incident?: string
  request?: string
  flag?: 'no-second-approval'
}

/** The auditors' list of actions by which an account could come to read identities. */
function SensitiveActions(): JSX.Element {
  const { t } = useApp()
  const [items, setItems] = useState<SensitiveItem[] | null>(null)
  const [next, setNext] = useState<string | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const load = (cursor?: string): void => {
    get<{ items: SensitiveItem[]; next?: string }>(`/api/v1/audit/sensitive-actions${query({ cursor })}`)
      .then((r) => {
        setItems((prev) => (cursor && prev ? [...prev, ...r.items] : r.items))
        setNext(r.next)
      })
      .catch(setError)
  }
  useEffect(() => load(), [])
  return (
    <section class="card sensitive-actions">
      <h2>{t('ledger.sensitive')}</h2>
      <p class="hint">{t('ledger.sensitiveHint')}</p>
      <ErrorBox error={error} />
      {!items ? (
        error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <p class="empty">{t('common.noData')}</p>
      ) : (
        // On a phone the table scrolls sideways inside its own box (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard
        <table tabIndex={0}>
          <caption>{t('ledger.resultsCaption', { n: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ledger.colIndex')}</th>
              <th scope="col">{t('ledger.colTime')}</th>
              <th scope="col">{t('ledger.colType')}</th>
              <th scope="col">{t('ledger.colActor')}</th>
              <th scope="col">{t('ledger.colTarget')}</th>
              <th scope="col">{t('ledger.colIncident')}</th>
              <th scope="col">{t('ledger.colDetails')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.index} data-type={i.type}>
                <td>
                  <Num n={i.index} />
                </td>
                <td>
                  <Instant value={i.time} />
                </td>
                <td>
                  <Mono>{i.type}</Mono>
                </td>
                <td>
                  <Actor actor={i.actor} />
                </td>
                <td>
                  <Actor actor={i.targetUser} />
                </td>
                <td>{i.incident ? <Mono>{i.incident}</Mono> : '—'}</td>
                <td>{i.flag ? <Badge kind="error">{t('ledger.noSecondApproval')}</Badge> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next ? (
        <button type="button" class="button secondary" onClick={() => load(next)}>
          {t('ledger.nextPage')}
        </button>
      ) : null}
    </section>
  )
}

/** Earlier verification jobs, newest first; each opens its report above. */
function PastJobs(props: { items: Job[] | null; current: string | null; onShow: (j: Job) => void }): JSX.Element | null {
  const { t } = useApp()
  if (props.items === null) return null
  return (
    <div class="past-jobs">
      <h3>{t('ledger.pastJobs')}</h3>
      {props.items.length === 0 ? (
        <p class="empty">{t('ledger.noPastJobs')}</p>
      ) : (
        <table data-testid="past-jobs">
          <thead>
            <tr>
              <th scope="col">{t('ledger.jobStarted')}</th>
              <th scope="col">{t('ledger.finished')}</th>
              <th scope="col">{t('ledger.jobResult')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((j) => (
              <tr key={j.id} data-status={j.status} aria-current={j.id === props.current ? 'true' : undefined}>
                <td>
                  <Instant value={j.createdAt ?? null} />
                </td>
                <td>{j.finishedAt ? <Instant value={j.finishedAt} /> : '—'}</td>
                <td>
                  {j.report ? (
                    j.report.ok ? (
                      <Badge kind="ok">{t('ledger.jobResultOk')}</Badge>
                    ) : (
                      <Badge kind="error">{t('ledger.jobResultProblems', { n: j.report.problems.length })}</Badge>
                    )
                  ) : (
                    t(`jobStatus.${j.status}`)
                  )}
                </td>
                <td>
                  {j.report || j.error ? (
                    <button type="button" class="button secondary small" onClick={() => props.onShow(j)}>
                      {t('ledger.showReport')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
