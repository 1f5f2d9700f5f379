import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { Case } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { post } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { toGregorianIso, type Calendar } from '../lib/dates.ts'
import { Alert, ErrorBox } from './ui.tsx'
import { CalendarSwitch, DateInput } from './date-input.tsx'

type Task = NonNullable<Case['alerts']>[number]

/**
 * A consent withdrawn after a delivery (#18 item 6): the task on the case, with the draft notice to the
 * recipient to copy, and the button that records it as sent (a ledger entry; the text stays here).
 */
export function ConsentNoticeTask(props: { caseId: string; task: Task; canWrite: boolean; onSent: () => void }): JSX.Element {
  const { t, lang, announce } = useApp()
  const { task } = props
  const [calendar, setCalendar] = useState<Calendar>(lang === 'en' ? 'gregorian' : 'solar-hijri')
  const [sentOn, setSentOn] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [copyFailed, setCopyFailed] = useState(false)
  const consent = t(`cases.alertConsent.${task.consent}` as MessageKey)

  async function record(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const iso = sentOn.trim() ? toGregorianIso(sentOn, calendar) : null
      if (sentOn.trim() && iso === null) throw new Error(t('date.invalid'))
      await post(`/api/v1/cases/${props.caseId}/consent-notices`, {
        dossierId: task.dossierId,
        personId: task.personId,
        consent: task.consent,
        ...(iso ? { sentOn: iso } : {})
      })
      announce(t('cases.noticeRecorded'))
      props.onSent()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Alert kind="warning">
      <p>
        {t('cases.alertConsentWithdrawn', { consent })}{' '}
        <span class="hint" dir="ltr">
          {task.dossierId.slice(0, 8)}
        </span>
      </p>
      {task.withheld ? <p class="hint">{t('cases.noticeWithheld')}</p> : null}
      {task.pseudonym ? (
        <p>
          {t('cases.noticePerson')} <strong dir="ltr">{task.pseudonym}</strong>
          {task.deliveredOn ? (
            <>
              {' — '}
              {t('cases.noticeDelivered')} <span dir="ltr">{task.deliveredOn}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {task.noticeSentOn ? (
        <p>
          {t('cases.noticeSentOn')} <span dir="ltr">{task.noticeSentOn}</span>
        </p>
      ) : null}
      {task.draftNotice ? (
        <details class="notice-draft">
          <summary>{t('cases.noticeDraft')}</summary>
          <pre dir="auto" class="notice-text">
            {task.draftNotice}
          </pre>
          {copyFailed ? <p class="hint">{t('users.copyFailed')}</p> : null}
          <div class="actions">
            <button
              type="button"
              class="button secondary small"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(task.draftNotice ?? '')
                  setCopyFailed(false)
                  announce(t('cases.noticeCopied'))
                } catch {
                  setCopyFailed(true)
                }
              }}
            >
              {t('cases.noticeCopy')}
            </button>
          </div>
          {props.canWrite ? (
            <div class="upload-date">
              <CalendarSwitch value={calendar} onChange={setCalendar} name={`notice-calendar-${task.personId}-${task.consent}`} />
              <DateInput label={t('cases.noticeSentDate')} value={sentOn} calendar={calendar} onInput={setSentOn} name="sentOn" />
              <button type="button" class="button" disabled={busy} onClick={() => void record()}>
                {t('cases.noticeRecord')}
              </button>
            </div>
          ) : null}
          <ErrorBox error={error} />
        </details>
      ) : null}
    </Alert>
  )
}
