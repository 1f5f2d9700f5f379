import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get, getText, post } from '../api.ts'
import { Alert, Badge, ErrorBox, Field, Instant, Mono, Num, PageTitle, ProgressBar } from '../components/ui.tsx'
import { can } from '../permissions.ts'
import { openCheckpoint, parseVerifierKey, type Checkpoint } from '../lib/signed-note.ts'
import { toHex } from '../lib/bytes.ts'
import { ledgerKey, pinKey, type KeyChoice } from '../ledger-key.ts'
import { formatBytes } from '../lib/format.ts'

type CheckpointRow = { size: number, rootHash: string, issuedAt: string, note: string, timestamped?: boolean }
type Job = {
  id: string, status: 'queued' | 'running' | 'ready' | 'failed', progress: number, message?: string | null,
  createdAt?: string, finishedAt?: string | null, error?: string | null,
  report?: { ok: boolean, problems: { code: string, message: string }[], ledger: { entries: number, checkpoints: number, checkpointsVerified: number, root: string }, blobs: { expected: number, hashed: number, bytes: number, orphans: number }, evidence: { records: number, copies: number } } | null
}

/** The custody ledger: its signed checkpoint checked here, the checkpoint history, and full verification. */
export function LedgerPage (): JSX.Element {
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
      const h = await get<{ items: CheckpointRow[] }>('/api/v1/ledger/checkpoints')
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
              <dt>{t('ledger.size')}</dt><dd class="ledger-size"><Num n={checkpoint.size} /></dd>
              <dt>{t('ledger.origin')}</dt><dd><Mono>{checkpoint.origin}</Mono></dd>
              <dt>{t('ledger.root')}</dt><dd><Mono>{toHex(checkpoint.rootHash)}</Mono></dd>
            </dl>
          </>
        ) : problem ? <Alert kind="error">{t('ledger.signatureBad')} <span dir="ltr">{problem}</span></Alert> : null}
        {note ? <details><summary>{t('ledger.noteText')}</summary><pre dir="ltr" class="note">{note}</pre></details> : null}
        <button type="button" class="button secondary" onClick={() => setVersion(version + 1)}>{t('ledger.refresh')}</button>
      </section>
      <KeyPanel choice={key} onChanged={() => setVersion(version + 1)} />
      {can(session?.role, 'verify:run') ? <VerificationJob /> : null}
      <section class="card">
        <h2>{t('ledger.history')}</h2>
        {history ? (
          history.length === 0 ? <p class="empty">{t('common.noData')}</p> : (
            <table>
              <caption>{t('ledger.historyCaption', { n: history.length })}</caption>
              <thead><tr><th scope="col">{t('ledger.size')}</th><th scope="col">{t('ledger.issued')}</th><th scope="col">{t('ledger.root')}</th><th scope="col">{t('ledger.timestamped')}</th></tr></thead>
              <tbody>
                {[...history].reverse().slice(0, 50).map((c) => (
                  <tr key={c.size}>
                    <td><Num n={c.size} /></td>
                    <td><Instant value={c.issuedAt} /></td>
                    <td><Mono>{c.rootHash.slice(0, 20)}…</Mono></td>
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

function KeyPanel (props: { choice: KeyChoice | null, onChanged: () => void }): JSX.Element {
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
            <dt>{t('ledger.keyServed')}</dt><dd><Mono>{c.served}</Mono></dd>
            <dt>{t('ledger.keyPinned')}</dt><dd>{c.pinned ? <Mono>{c.pinned}</Mono> : t('ledger.notPinned')}</dd>
          </dl>
          {c.mismatch ? <Alert kind="error">{t('ledger.keyMismatch')}</Alert> : null}
        </>
      ) : null}
      <form class="inline-form" onSubmit={(e) => {
        e.preventDefault()
        try {
          const k = parseVerifierKey(text.trim() || (c?.served ?? ''))
          pinKey(k.text)
          setError(null)
          setText('')
          props.onChanged()
        } catch (err) { setError((err as Error).message) }
      }}>
        <Field label={t('ledger.pinLabel')} hint={t('ledger.pinHint')} error={error ?? undefined}>
          {({ id, describedBy }) => <input id={id} dir="ltr" class="wide" value={text} aria-describedby={describedBy} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <button type="submit" class="button secondary">{t('ledger.pin')}</button>
        {c?.pinned ? <button type="button" class="button secondary" onClick={() => { pinKey(null); props.onChanged() }}>{t('ledger.unpin')}</button> : null}
      </form>
    </section>
  )
}

function VerificationJob (): JSX.Element {
  const { t, lang, announce } = useApp()
  // The server reports "<phase> <done>/<total>"; say it in the reader's language.
  const phaseText = (message: string): string => {
    const m = /^(ledger|records|blobs) (\d+)\/(\d+)$/.exec(message)
    return m ? t(`jobPhase.${m[1] as 'ledger' | 'records' | 'blobs'}`, { done: Number(m[2]), total: Number(m[3]) }) : message
  }
  const [job, setJob] = useState<Job | null>(null)
  const [error, setError] = useState<unknown>(null)
  const timer = useRef<number | null>(null)

  useEffect(() => () => { if (timer.current !== null) clearTimeout(timer.current) }, [])

  function poll (id: string): void {
    timer.current = window.setTimeout(async () => {
      try {
        const j = await get<Job>(`/api/v1/verification-jobs/${id}`)
        setJob(j)
        if (j.status === 'queued' || j.status === 'running') poll(id)
        else announce(j.status === 'ready' && j.report?.ok ? t('ledger.jobOk') : t('ledger.jobProblems'))
      } catch (err) { setError(err) }
    }, 500)
  }

  const running = job !== null && (job.status === 'queued' || job.status === 'running')
  const r = job?.report
  return (
    <section class="card">
      <h2>{t('ledger.job')}</h2>
      <p class="hint">{t('ledger.jobHint')}</p>
      <ErrorBox error={error} />
      <button type="button" class="button primary" disabled={running} onClick={async () => {
        setError(null)
        try {
          const j = await post<Job>('/api/v1/verification-jobs')
          setJob(j)
          poll(j.id)
        } catch (err) { setError(err) }
      }}>{t('ledger.runJob')}</button>
      {job ? (
        <div class="job" data-status={job.status}>
          <ProgressBar label={t('ledger.jobProgress')} value={job.progress} max={1} />
          <p role="status">{t(`jobStatus.${job.status}`)}{job.message ? <> — {phaseText(job.message)}</> : null}</p>
          {job.error ? <Alert kind="error"><span dir="ltr">{job.error}</span></Alert> : null}
          {r ? (
            <>
              {r.ok ? <Alert kind="success"><strong class="verdict" data-verdict="verified">{t('ledger.jobOk')}</strong></Alert> : <Alert kind="error"><strong class="verdict" data-verdict="failed">{t('ledger.jobProblems')}</strong></Alert>}
              <dl class="facts">
                <dt>{t('ledger.entries')}</dt><dd><Num n={r.ledger.entries} /></dd>
                <dt>{t('ledger.checkpointsChecked')}</dt><dd><Num n={r.ledger.checkpointsVerified} /> / <Num n={r.ledger.checkpoints} /></dd>
                <dt>{t('ledger.blobsHashed')}</dt><dd><Num n={r.blobs.hashed} /> / <Num n={r.blobs.expected} /> ({formatBytes(r.blobs.bytes, lang)})</dd>
                <dt>{t('ledger.records')}</dt><dd><Num n={r.evidence.records} /></dd>
              </dl>
              {r.problems.length > 0 ? <ul class="problems">{r.problems.map((p, i) => <li key={i}><Mono>{p.code}</Mono> <span dir="ltr">{p.message}</span></li>)}</ul> : null}
            </>
          ) : null}
          {job.finishedAt ? <p class="hint">{t('ledger.finished')} <Instant value={job.finishedAt} /></p> : null}
        </div>
      ) : null}
    </section>
  )
}
