import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { RecipientReferences as Current } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { api, get } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { parseRecipientReferences, type ParsedReferences } from '../lib/recipient-references.ts'
import { ErrorBox, Field, Instant, Num } from './ui.tsx'
import { Actor } from './actor.tsx'

/**
 * The recipient's own reference numbers (e.g. ICC ERNs) of a case's exhibits (#17 item 7): the ones
 * imported so far, and a new import pasted as lines or read from the recipient's CSV file in the
 * browser. What will be sent is shown first; a line that cannot be read stops the import, with its
 * number. The server checks that each exhibit is one of the case's and readable by the importer.
 */
export function RecipientReferences(props: { caseId: string }): JSX.Element {
  const { t, announce } = useApp()
  const path = `/api/v1/cases/${props.caseId}/recipient-references`
  const [current, setCurrent] = useState<Current | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [text, setText] = useState('')
  const [source, setSource] = useState<'paste' | 'csv'>('paste')
  const [fileName, setFileName] = useState<string | null>(null)
  const [parsed, setParsed] = useState<ParsedReferences>({ references: [], problems: [] })
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    get<Current>(path)
      .then((c) => {
        if (live) setCurrent(c)
      })
      .catch((err: unknown) => {
        if (live) setLoadError(err)
      })
    return () => {
      live = false
    }
  }, [path])

  function read(value: string, from: 'paste' | 'csv'): void {
    setText(value)
    setSource(from)
    setError(null)
    setParsed(parseRecipientReferences(value, { header: from === 'csv' }))
  }

  async function chooseFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0]
    if (!file) return
    setFileName(file.name)
    read(await file.text(), 'csv')
  }

  async function send(): Promise<void> {
    if (parsed.problems.length > 0 || parsed.references.length === 0) return
    setBusy(true)
    setError(null)
    try {
      const body = { source, references: parsed.references.map((r) => ({ exhibitId: r.exhibitId, reference: r.reference })) }
      const answer = await api<Current>('PUT', path, body)
      setCurrent(answer)
      announce(t('recipientRefs.imported', { n: body.references.length }))
      setText('')
      setFileName(null)
      setParsed({ references: [], problems: [] })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const ready = parsed.problems.length === 0 && parsed.references.length > 0
  return (
    <section class="card recipient-references" aria-labelledby="recipient-refs-title">
      <h2 id="recipient-refs-title">{t('recipientRefs.title')}</h2>
      <p class="hint">{t('recipientRefs.explain')}</p>
      <ErrorBox error={loadError} />
      {current === null ? null : current.references.length === 0 ? (
        <p class="hint recipient-refs-none">{t('recipientRefs.none')}</p>
      ) : (
        <table class="recipient-refs-current">
          <caption>{t('recipientRefs.currentCaption', { n: current.imports })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recipientRefs.exhibit')}</th>
              <th scope="col">{t('recipientRefs.reference')}</th>
              <th scope="col">{t('recipientRefs.importedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {current.references.map((r) => (
              <tr key={r.exhibitId}>
                <td dir="ltr">{r.exhibitId}</td>
                <td dir="auto">{r.reference}</td>
                <td>
                  <Instant value={r.importedAt} /> · <Actor actor={r.importedBy} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('recipientRefs.newImport')}</h3>
      <Field label={t('recipientRefs.paste')} hint={t('recipientRefs.pasteHint')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            name="recipient-references"
            dir="ltr"
            rows={5}
            spellcheck={false}
            aria-describedby={describedBy}
            placeholder={'SND-E-2026-000001\tOTP-0001-0001'}
            value={text}
            onInput={(e) => {
              setFileName(null)
              read((e.currentTarget as HTMLTextAreaElement).value, 'paste')
            }}
          />
        )}
      </Field>
      <Field label={t('recipientRefs.file')} hint={t('recipientRefs.fileHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="file"
            name="recipient-references-file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby={describedBy}
            onChange={(e) => void chooseFile(e.currentTarget as HTMLInputElement)}
          />
        )}
      </Field>
      {fileName === null ? null : (
        <p class="hint recipient-refs-file" dir="auto">
          {fileName}
        </p>
      )}
      {parsed.problems.length > 0 ? (
        <div class="alert alert-error recipient-refs-problems" role="alert">
          <p>{t('recipientRefs.problems', { n: parsed.problems.length })}</p>
          <ul>
            {parsed.problems.map((p) => (
              <li key={p.line} data-line={p.line}>
                {t('recipientRefs.line', { n: p.line })}: {t(`recipientRefs.problem.${p.reason}` as MessageKey)} —{' '}
                <code dir="ltr">{p.text}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {parsed.references.length > 0 ? (
        <table class="recipient-refs-preview">
          <caption>{t('recipientRefs.previewCaption', { n: parsed.references.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recipientRefs.lineHeader')}</th>
              <th scope="col">{t('recipientRefs.exhibit')}</th>
              <th scope="col">{t('recipientRefs.reference')}</th>
            </tr>
          </thead>
          <tbody>
            {parsed.references.map((r) => (
              <tr key={r.exhibitId}>
                <td>
                  <Num n={r.line} />
                </td>
                <td dir="ltr">{r.exhibitId}</td>
                <td dir="auto">{r.reference}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorBox error={error} />
      <button type="button" class="button primary" disabled={busy || !ready} onClick={() => void send()}>
        {busy ? t('common.working') : t('recipientRefs.import', { n: parsed.references.length })}
      </button>
    </section>
  )
}
