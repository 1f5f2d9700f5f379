// Field capture (#16): record an incident draft, persons and files with no network; each file hashed
// at once and its capture record signed by this phone's device key; everything kept encrypted in the
// queue (web/src/offline/) and sent in order when the network returns. The queue opens with the
// documenter's passphrase; locking (or a quick exit) clears this screen of everything it showed.
import type { JSX } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import type { MessageKey } from '../i18n/index.ts'
import { Alert, Field, Link, PageTitle, ProgressBar } from '../components/ui.tsx'
import { get } from '../api.ts'
import type { Incident } from '../../../server/types/schemas.ts'
import { PERSON_ROLES } from '../schema-enums.ts'
import { captureRecord, signCapture } from '../lib/device-key.ts'
import { passphraseProblem } from '../offline/keyring.ts'
import { countByState, type FileDraft, type IncidentDraft, type PersonDraft, type Queue } from '../offline/queue.ts'
import type { QueueItem } from '../offline/store.ts'
import { backoffMs, resolveConflictKeepServer, syncQueue } from '../offline/sync.ts'
import { httpTransport } from '../offline/transport.ts'
import { hasKeyring, lock, onVaultChange, setPassphrase, unlock, unlockedQueue } from '../offline/vault.ts'
import { enrolDevice, enrolledDevice, type Enrolled } from '../offline/device.ts'
import { hashFile } from '../offline/hash.ts'
import { ownerTag } from '../lib/owner-tag.ts'

const LANGUAGES = ['fa', 'ps', 'en'] as const

export function CaptureScreen(): JSX.Element {
  const { t, session } = useApp()
  // The queue and device key are filed under a tag of the username, never the name itself.
  const owner = session ? ownerTag(session.username) : ''
  const [queue, setQueue] = useState<Queue | null>(() => unlockedQueue(owner))
  useEffect(() => onVaultChange(() => setQueue(unlockedQueue(owner))), [owner])
  return (
    <section class="capture">
      <PageTitle>{t('capture.title')}</PageTitle>
      <p class="lead">{t('capture.intro')}</p>
      {queue ? <Unlocked queue={queue} owner={owner} /> : <LockGate owner={owner} />}
    </section>
  )
}

function LockGate(props: { owner: string }): JSX.Element {
  const { t } = useApp()
  const [hasKey, setHasKey] = useState<boolean | null>(null)
  const [pass, setPass] = useState('')
  const [repeat, setRepeat] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    hasKeyring(props.owner)
      .then(setHasKey)
      .catch(() => setHasKey(false))
  }, [props.owner])
  if (hasKey === null) return <p>{t('common.loading')}</p>
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError('')
    if (!hasKey) {
      const problem = passphraseProblem(pass, repeat)
      if (problem) return setError(t(problem === 'too-short' ? 'capture.tooShort' : 'capture.mismatch'))
    }
    setBusy(true)
    try {
      if (hasKey) await unlock(props.owner, pass)
      else await setPassphrase(props.owner, pass)
    } catch {
      setError(t('capture.wrongPassphrase'))
    } finally {
      setPass('')
      setRepeat('')
      setBusy(false)
    }
  }
  return (
    <form class="card capture-lock" onSubmit={submit}>
      <h2>{t(hasKey ? 'capture.unlockTitle' : 'capture.setPassphrase')}</h2>
      {hasKey ? null : <p class="hint">{t('capture.setPassphraseHint')}</p>}
      {error ? <Alert kind="error">{error}</Alert> : null}
      <Field label={t('capture.passphrase')} required>
        {(f) => (
          <input
            id={f.id}
            name="passphrase"
            type="password"
            autocomplete={hasKey ? 'current-password' : 'new-password'}
            value={pass}
            onInput={(e) => setPass(e.currentTarget.value)}
          />
        )}
      </Field>
      {hasKey ? null : (
        <Field label={t('capture.passphraseRepeat')} required>
          {(f) => (
            <input
              id={f.id}
              name="passphrase-repeat"
              type="password"
              autocomplete="new-password"
              value={repeat}
              onInput={(e) => setRepeat(e.currentTarget.value)}
            />
          )}
        </Field>
      )}
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? t('common.working') : t(hasKey ? 'capture.unlock' : 'capture.create')}
      </button>
    </form>
  )
}

/** A queue item with what its sealed payload says, for display while unlocked. */
type Shown = { item: QueueItem; label: string; draft?: IncidentDraft }

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine !== false)
  useEffect(() => {
    const update = (): void => setOnline(navigator.onLine !== false)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  }, [])
  return online
}

function Unlocked(props: { queue: Queue; owner: string }): JSX.Element {
  const { t } = useApp()
  const { queue, owner } = props
  const online = useOnline()
  const [shown, setShown] = useState<Shown[]>([])
  const [device, setDevice] = useState<Enrolled | null | undefined>(undefined)
  const [status, setStatus] = useState<{ key: MessageKey; n?: number } | null>(null)
  const [syncing, setSyncing] = useState(false)
  const [editing, setEditing] = useState<Shown | null>(null)
  const [creating, setCreating] = useState(false)
  const attempt = useRef(0)
  const retry = useRef<number | undefined>(undefined)

  const refresh = useCallback(async () => {
    const items = await queue.list()
    const out: Shown[] = []
    for (const item of items) {
      if (item.kind === 'incident') {
        const draft = await queue.read<IncidentDraft>(item)
        out.push({ item, label: draft.title, draft })
      } else if (item.kind === 'person') {
        const p = await queue.read<PersonDraft>(item)
        out.push({ item, label: t(`personRole.${p.role}` as MessageKey) })
      } else out.push({ item, label: (await queue.read<FileDraft>(item)).filename })
    }
    setShown(out)
  }, [queue, t])

  useEffect(() => {
    void refresh()
  }, [refresh])

  useEffect(() => {
    enrolledDevice(owner)
      .then(async (kept) => {
        if (kept) return setDevice(kept)
        if (navigator.onLine === false) return setDevice(null)
        setDevice(await enrolDevice(owner, t('capture.deviceLabel')))
      })
      .catch(() => setDevice(null))
  }, [owner, t])

  const sync = useCallback(async () => {
    if (syncing || navigator.onLine === false) return
    setSyncing(true)
    setStatus({ key: 'capture.sending' })
    try {
      const r = await syncQueue(queue, httpTransport, () => void refresh())
      if (r.stopped === 'done') {
        attempt.current = 0
        setStatus({ key: 'capture.syncDone', n: r.sent })
      } else {
        setStatus({ key: 'capture.offlineWait' })
        window.clearTimeout(retry.current)
        retry.current = window.setTimeout(() => void sync(), backoffMs(attempt.current++))
      }
    } finally {
      setSyncing(false)
      await refresh()
    }
  }, [queue, refresh, syncing, t])

  // Send as soon as the network returns (and once on opening, when online).
  useEffect(() => {
    if (online) void sync()
    return () => window.clearTimeout(retry.current)
  }, [online])

  const incidents = shown.filter((s) => s.item.kind === 'incident')
  const counts = countByState(shown.map((s) => s.item))
  const waiting = counts.waiting + counts.sending

  return (
    <>
      <div class="capture-bar">
        <button type="button" class="button secondary small lock-queue" onClick={() => lock()}>
          {t('capture.lock')}
        </button>
        <button
          type="button"
          class="button primary small send-now"
          disabled={!online || syncing || waiting === 0}
          onClick={() => void sync()}
        >
          {syncing ? t('capture.sending') : t('capture.sendNow')}
        </button>
      </div>
      <p class="capture-status" role="status">
        {!online ? t('capture.offlineWait') : status ? t(status.key, { n: status.n ?? 0 }) : ''}
      </p>
      {device === undefined ? null : device ? (
        <p class="hint device-status">{t('capture.deviceEnrolled', { id: device.deviceKeyId.slice(0, 8) })}</p>
      ) : (
        <Alert kind="warning">
          {t('capture.deviceMissing')}{' '}
          <button
            type="button"
            class="button secondary small"
            disabled={!online}
            onClick={() =>
              enrolDevice(owner, t('capture.deviceLabel'))
                .then(setDevice)
                .catch(() => setDevice(null))
            }
          >
            {t('capture.enrol')}
          </button>
        </Alert>
      )}

      {editing || creating || incidents.length === 0 ? (
        <DraftForm
          initial={editing?.draft}
          onCancel={
            incidents.length > 0
              ? () => {
                  setEditing(null)
                  setCreating(false)
                }
              : undefined
          }
          onSave={async (draft) => {
            if (editing) await queue.editIncident(editing.item.id, draft)
            else await queue.addIncident(draft)
            setEditing(null)
            setCreating(false)
            await refresh()
            if (navigator.onLine !== false) void sync()
          }}
        />
      ) : (
        <button type="button" class="button secondary new-draft" onClick={() => setCreating(true)}>
          {t('capture.newDraft')}
        </button>
      )}

      <h2>{t('capture.queue')}</h2>
      {incidents.length === 0 ? <p>{t('capture.empty')}</p> : null}
      <ul class="capture-queue">
        {incidents.map((inc) => (
          <DraftCard
            key={inc.item.id}
            incident={inc}
            children={shown.filter((s) => s.item.parent === inc.item.id)}
            queue={queue}
            device={device ?? null}
            onChange={async () => {
              await refresh()
              if (navigator.onLine !== false) void sync()
            }}
            onEdit={() => setEditing(inc)}
          />
        ))}
      </ul>
    </>
  )
}

function DraftForm(props: {
  initial?: IncidentDraft | undefined
  onSave: (d: IncidentDraft) => Promise<void>
  onCancel?: (() => void) | undefined
}): JSX.Element {
  const { t, lang, ref } = useApp()
  const init = props.initial
  const [title, setTitle] = useState(init?.title ?? '')
  const [narrative, setNarrative] = useState(init?.narrative ?? '')
  const [language, setLanguage] = useState(init?.narrativeLanguage ?? lang)
  const [date, setDate] = useState(init?.occurred.from ?? new Date().toISOString().slice(0, 10))
  const [province, setProvince] = useState(init?.location.province ?? '')
  const [error, setError] = useState('')
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (!title.trim() || !narrative.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !province) return setError(t('capture.draftRequired'))
    await props.onSave({
      ...(init ?? {}),
      title: title.trim(),
      narrative: narrative.trim(),
      narrativeLanguage: language,
      occurred: { ...(init?.occurred ?? {}), from: date },
      location: { ...(init?.location ?? {}), province },
      categories: init?.categories ?? []
    })
  }
  return (
    <form class="card draft-form" onSubmit={submit}>
      <h2>{t(init ? 'capture.editDraft' : 'capture.newDraft')}</h2>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <Field label={t('form.title')} required>
        {(f) => <input id={f.id} name="title" maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      <Field label={t('form.narrative')} required>
        {(f) => <textarea id={f.id} name="narrative" rows={5} value={narrative} onInput={(e) => setNarrative(e.currentTarget.value)} />}
      </Field>
      <Field label={t('capture.language')}>
        {(f) => (
          <select id={f.id} name="narrativeLanguage" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('capture.draftDate')} required>
        {(f) => <input id={f.id} name="occurred" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />}
      </Field>
      <Field label={t('form.province')} required>
        {(f) => (
          <select id={f.id} name="province" value={province} onChange={(e) => setProvince(e.currentTarget.value)}>
            <option value="">—</option>
            {(ref?.provinces ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p[lang]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button primary">
          {t('capture.saveDraft')}
        </button>
        {props.onCancel ? (
          <button type="button" class="button secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  )
}

/** The editable part of an incident as the server answers it (computed members left out). */
export function draftFromServer(server: Incident): IncidentDraft {
  const {
    fromSolarHijri: _f,
    toSolarHijri: _t,
    enteredAs: _e,
    ...occurred
  } = server.occurred as Incident['occurred'] & Record<string, unknown>
  const { provinceName: _p, ...location } = server.location as Incident['location'] & Record<string, unknown>
  return {
    title: server.title ?? '',
    narrative: server.narrative ?? '',
    narrativeLanguage: server.narrativeLanguage ?? 'fa',
    occurred: occurred as IncidentDraft['occurred'],
    location: location as IncidentDraft['location'],
    categories: server.categories ?? []
  }
}

function StateBadge(props: { item: QueueItem }): JSX.Element {
  const { t } = useApp()
  return <span class={`badge queue-state state-${props.item.state}`}>{t(`capture.state.${props.item.state}` as MessageKey)}</span>
}

function DraftCard(props: {
  incident: Shown
  children: Shown[]
  queue: Queue
  device: Enrolled | null
  onChange: () => Promise<void>
  onEdit: () => void
}): JSX.Element {
  const { t } = useApp()
  const { incident, queue, device } = props
  const [addingPerson, setAddingPerson] = useState(false)
  const [role, setRole] = useState<PersonDraft['role']>('witness')
  const [name, setName] = useState('')
  const [hashing, setHashing] = useState<{ name: string; done: number; total: number } | null>(null)
  const [error, setError] = useState('')
  const item = incident.item

  const addFiles = async (input: HTMLInputElement): Promise<void> => {
    const files = [...(input.files ?? [])]
    input.value = ''
    setError('')
    if (!device) return setError(t('capture.deviceMissing'))
    for (const file of files) {
      const pickedAt = new Date()
      setHashing({ name: file.name, done: 0, total: file.size })
      try {
        const sha256 = await hashFile(file, (done, total) => setHashing({ name: file.name, done, total }))
        const record = captureRecord({
          sha256,
          size: file.size,
          mediaType: file.type || 'application/octet-stream',
          at: pickedAt,
          documenter: device.accountId,
          deviceKeyId: device.deviceKeyId
        })
        const capture = await signCapture(device.keys.privateKey, record)
        await queue.addFile(item.id, file, { filename: file.name || 'capture', mediaType: record.mediaType, sha256, capture })
      } catch {
        setError(t('capture.fileFailed'))
      }
    }
    setHashing(null)
    await props.onChange()
  }

  const keepServer = async (): Promise<void> => {
    if (!item.serverId) return
    const server = await get<Incident>(`/api/v1/incidents/${encodeURIComponent(item.serverId)}`)
    // The draft becomes the server's version, so what the phone shows and later edits starts from it.
    await queue.editIncident(item.id, draftFromServer(server))
    await resolveConflictKeepServer(queue, item, server.revision)
    await props.onChange()
  }

  return (
    <li class="card draft-card" data-queue-id={item.id}>
      <div class="draft-head">
        <h3>{incident.label}</h3>
        <StateBadge item={item} />
      </div>
      {item.state === 'conflict' ? (
        <Alert kind="warning">
          {t('capture.conflict')}{' '}
          <button type="button" class="button secondary small" onClick={() => void keepServer()}>
            {t('capture.keepServer')}
          </button>{' '}
          {item.serverId ? <Link href={`/incidents/${item.serverId}`}>{t('capture.openServer')}</Link> : null}
        </Alert>
      ) : null}
      {item.state === 'failed' ? <Alert kind="error">{t('capture.failed', { code: item.error ?? '' })}</Alert> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      {props.children.length > 0 ? (
        <ul class="queue-children">
          {props.children.map((c) => (
            <li key={c.item.id} class={`queue-item kind-${c.item.kind}`}>
              <span class="queue-kind">{t(`capture.kind.${c.item.kind}` as MessageKey)}</span> <span class="queue-label">{c.label}</span>{' '}
              <StateBadge item={c.item} />
              {c.item.kind === 'file' && c.item.state !== 'sent' && c.item.size ? (
                <ProgressBar value={c.item.sent ?? 0} max={c.item.size} label={c.label} />
              ) : null}
              {c.item.state === 'failed' ? <span class="hint"> {t('capture.failed', { code: c.item.error ?? '' })}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {hashing ? (
        <ProgressBar value={hashing.done} max={Math.max(1, hashing.total)} label={t('capture.hashing', { name: hashing.name })} />
      ) : null}
      {addingPerson ? (
        <form
          class="person-form"
          onSubmit={async (e) => {
            e.preventDefault()
            if (!name.trim()) return
            await queue.addPerson(item.id, { role, name: name.trim() })
            setName('')
            setAddingPerson(false)
            await props.onChange()
          }}
        >
          <Field label={t('persons.role')}>
            {(f) => (
              <select id={f.id} name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as PersonDraft['role'])}>
                {PERSON_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`personRole.${r}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('capture.personName')} required>
            {(f) => <input id={f.id} name="person-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <div class="actions">
            <button type="submit" class="button primary small">
              {t('capture.savePerson')}
            </button>
            <button type="button" class="button secondary small" onClick={() => setAddingPerson(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <div class="actions draft-actions">
        <label class="button primary small file-button">
          {t('capture.takePhoto')}
          <input
            type="file"
            class="visually-hidden capture-camera"
            accept="image/*,video/*"
            capture="environment"
            onChange={(e) => void addFiles(e.currentTarget)}
          />
        </label>
        <label class="button secondary small file-button">
          {t('capture.chooseFiles')}
          <input type="file" class="visually-hidden capture-files" multiple onChange={(e) => void addFiles(e.currentTarget)} />
        </label>
        <button type="button" class="button secondary small" onClick={() => setAddingPerson(true)}>
          {t('capture.addPerson')}
        </button>
        <button type="button" class="button secondary small" onClick={props.onEdit}>
          {t('capture.editDraft')}
        </button>
        {item.serverId ? null : (
          <button
            type="button"
            class="button danger small"
            onClick={async () => {
              await queue.remove(item.id)
              await props.onChange()
            }}
          >
            {t('capture.remove')}
          </button>
        )}
      </div>
    </li>
  )
}
