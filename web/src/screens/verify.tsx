import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { Evidence } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { Alert, Badge, ErrorBox, Instant, Link, Mono, PageTitle, ProgressBar } from '../components/ui.tsx'
import { DropZone } from '../components/drop-zone.tsx'
import { CustodyTimeline } from '../components/custody.tsx'
import { sha256OfFile } from '../lib/sha256-stream.ts'
import { checkCustody, entryLeafHash, type CustodyAnswer, type CustodyCheck } from '../lib/custody-check.ts'
import { formatBytes } from '../lib/format.ts'
import { ledgerKey, type KeyChoice } from '../ledger-key.ts'
import type { MessageKey } from '../i18n/index.ts'

type Match = {
  evidence: Evidence
  custody: CustodyAnswer
  check: CustodyCheck
  /** The ingest entry names the file's hash, and is the one the record points to. */
  ingestNamesHash: boolean
  ingestIncluded: boolean
}

type Job = {
  key: string
  file: File
  stage: 'hashing' | 'looking-up' | 'checking' | 'done' | 'failed'
  hashed: number
  sha256?: string
  matches?: Match[]
  keyChoice?: KeyChoice
  error?: unknown
}

/**
 * The auditor's check of a file: hashed here (the file never leaves this computer), looked up by its
 * hash, and its ingest entry's inclusion proven against the signed checkpoint — all in the browser.
 */
export function VerifyPage(): JSX.Element {
  const { t, announce } = useApp()
  const [jobs, setJobs] = useState<Job[]>([])
  const update = (key: string, patch: Partial<Job>): void => setJobs((list) => list.map((j) => (j.key === key ? { ...j, ...patch } : j)))

  async function verify(job: Job): Promise<void> {
    try {
      const sha256 = await sha256OfFile(job.file, (done) => update(job.key, { hashed: done }))
      update(job.key, { sha256, stage: 'looking-up' })
      const found = await get<{ items: Evidence[] }>(`/api/v1/evidence/by-hash/${sha256}`)
      update(job.key, { stage: 'checking' })
      const keyChoice = await ledgerKey()
      const matches: Match[] = []
      for (const evidence of found.items) {
        const custody = await get<CustodyAnswer>(`/api/v1/evidence/${evidence.id}/custody`)
        const check = await checkCustody(custody, keyChoice.key)
        const ingest = custody.items.find((i) => i.index === evidence.ingestIndex)
        const subject = ingest?.entry as { type?: string; subject?: { sha256?: string } } | undefined
        const ingestNamesHash = Boolean(
          ingest && subject?.type === 'ingested' && subject.subject?.sha256 === sha256 && entryLeafHash(ingest.entry) === ingest.leafHash
        )
        const ingestIncluded = Boolean(
          ingest && check.checkpointProblem === null && check.items.find((i) => i.index === ingest.index)?.included
        )
        matches.push({ evidence, custody, check, ingestNamesHash, ingestIncluded })
      }
      update(job.key, { stage: 'done', matches, keyChoice })
      announce(
        matches.length === 0
          ? t('verify.announceNone', { name: job.file.name })
          : matches.every((m) => m.ingestNamesHash && m.ingestIncluded)
            ? t('verify.announceOk', { name: job.file.name })
            : t('verify.announceBad', { name: job.file.name })
      )
    } catch (error) {
      update(job.key, { stage: 'failed', error })
    }
  }

  function add(files: File[]): void {
    const added = files.map((file, i) => ({ key: `${Date.now()}-${i}`, file, stage: 'hashing' as const, hashed: 0 }))
    setJobs((list) => [...added, ...list])
    void added.reduce((p, j) => p.then(() => verify(j)), Promise.resolve())
  }

  return (
    <section>
      <PageTitle>{t('verify.title')}</PageTitle>
      <p class="lead">{t('verify.lead')}</p>
      <Alert kind="info">{t('verify.private')}</Alert>
      <DropZone label={t('verify.drop')} hint={t('verify.dropHint')} onFiles={add} testId="verify-drop" />
      <ul class="verify-list">
        {jobs.map((j) => (
          <VerifyResult key={j.key} job={j} />
        ))}
      </ul>
      <p>
        <Link href="/ledger">{t('verify.ledgerLink')}</Link>
      </p>
    </section>
  )
}

function VerifyResult(props: { job: Job }): JSX.Element {
  const { t, lang } = useApp()
  const j = props.job
  return (
    <li class="card verify-result" data-stage={j.stage}>
      <h2>
        <span dir="auto">{j.file.name}</span> <span class="secondary">({formatBytes(j.file.size, lang)})</span>
      </h2>
      {j.stage === 'hashing' ? (
        <ProgressBar label={t('upload.hashing', { name: j.file.name })} value={j.hashed} max={Math.max(1, j.file.size)} />
      ) : null}
      {j.sha256 ? (
        <p>
          {t('verify.localHash')} <Mono>{j.sha256}</Mono>
        </p>
      ) : null}
      {j.stage === 'looking-up' || j.stage === 'checking' ? <p role="status">{t(`verify.stage.${j.stage}` as MessageKey)}</p> : null}
      {j.stage === 'failed' ? <ErrorBox error={j.error} /> : null}
      {j.keyChoice?.mismatch ? <Alert kind="error">{t('ledger.keyMismatch')}</Alert> : null}
      {j.matches && j.matches.length === 0 ? <Alert kind="warning">{t('verify.noRecord')}</Alert> : null}
      {j.matches?.map((m) => {
        const ok = m.ingestNamesHash && m.ingestIncluded && m.check.checkpointProblem === null
        return (
          <div key={m.evidence.id} class="match">
            {ok ? (
              <Alert kind="success">
                <strong class="verdict" data-verdict="verified">
                  {t('verify.verified')}
                </strong>{' '}
                {t('verify.verifiedText', { size: m.check.checkpoint?.size ?? 0 })}
              </Alert>
            ) : (
              <Alert kind="error">
                <strong class="verdict" data-verdict="failed">
                  {t('verify.notVerified')}
                </strong>
              </Alert>
            )}
            <ol class="checks">
              <li>
                <Badge kind="ok">✓</Badge> {t('verify.step.hashed')}
              </li>
              <li>
                <Badge kind={m.evidence.sha256 === j.sha256 ? 'ok' : 'error'}>{m.evidence.sha256 === j.sha256 ? '✓' : '✗'}</Badge>{' '}
                {t('verify.step.record')}
              </li>
              <li>
                <Badge kind={m.ingestNamesHash ? 'ok' : 'error'}>{m.ingestNamesHash ? '✓' : '✗'}</Badge>{' '}
                {t('verify.step.entry', { index: m.evidence.ingestIndex ?? '?' })}
              </li>
              <li>
                <Badge kind={m.check.checkpointProblem === null ? 'ok' : 'error'}>{m.check.checkpointProblem === null ? '✓' : '✗'}</Badge>{' '}
                {t('verify.step.signature')}{' '}
                {j.keyChoice ? (
                  <Mono>
                    {j.keyChoice.key.name}+{j.keyChoice.key.text.split('+')[1]}
                  </Mono>
                ) : null}
                {m.check.checkpointProblem ? <span dir="ltr"> — {m.check.checkpointProblem}</span> : null}
              </li>
              <li>
                <Badge kind={m.ingestIncluded ? 'ok' : 'error'}>{m.ingestIncluded ? '✓' : '✗'}</Badge>{' '}
                {t('verify.step.proof', { size: m.check.checkpoint?.size ?? 0 })}
              </li>
            </ol>
            <details open>
              <summary>{t('verify.record')}</summary>
              <dl class="facts">
                <dt>{t('verify.evidenceId')}</dt>
                <dd>
                  <Mono>{m.evidence.id}</Mono>
                </dd>
                <dt>SHA-512</dt>
                <dd>
                  <Mono>{m.evidence.sha512}</Mono>
                </dd>
                <dt>{t('evidence.type')}</dt>
                <dd dir="ltr">{m.evidence.mediaType}</dd>
                <dt>{t('evidence.added')}</dt>
                <dd>
                  <Instant value={m.evidence.createdAt} />
                </dd>
                <dt>{t('evidence.flags')}</dt>
                <dd>
                  {m.evidence.flags.length === 0
                    ? t('evidence.noFlags')
                    : m.evidence.flags.map((f) => (
                        <Badge key={f} kind="warning">
                          {t(`mediaFlag.${f}` as MessageKey)}
                        </Badge>
                      ))}
                </dd>
              </dl>
              <p>
                <Link href={`/evidence/${m.evidence.id}`}>{t('verify.openExhibit')}</Link>
              </p>
            </details>
            <details>
              <summary>{t('exhibit.custody')}</summary>
              <CustodyTimeline custody={m.custody} check={m.check} />
            </details>
          </div>
        )
      })}
    </li>
  )
}
