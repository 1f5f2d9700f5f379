// Drafts of forms as they are typed, so that no work is lost to an expired session, a reload or a
// wrong click. What is typed (names, contacts, narratives) never sits in the browser's storage in
// clear: a draft is kept in memory (it survives moving about the app and signing in again), and in
// this tab's sessionStorage only sealed with the offline queue's data key (AES-256-GCM, the same key
// and envelope as the queue, offline/envelope.ts) while that queue is unlocked. Locked, nothing is
// stored, and a reload loses the draft; a sealed draft comes back after a reload once the queue is
// unlocked again. Kept under a tag of the user (never the account's name), the form and the record:
// another account signing in on the tab never sees them. Cleared when the form is saved and at
// sign-out.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { fromBase64Strict, toBase64 } from './bytes.ts'
import { ownerTag } from './owner-tag.ts'
import { openJson, sealJson, type Envelope, type Place } from '../offline/envelope.ts'
import { onVaultChange, unlockedKey } from '../offline/vault.ts'

const PREFIX = 'sanad.draft.'
const memory = new Map<string, string>()
/** Forms now on screen with changes not yet saved. */
const unsaved = new Set<string>()
/** The latest write per key: a seal that finishes after a newer write (or a removal) is dropped. */
const writes = new Map<string, number>()
let writeCount = 0

export const draftKey = (user: string, form: string, recordId?: string): string =>
  `${PREFIX}${ownerTag(user).slice(0, 16)}.${form}.${recordId ?? 'new'}`

/** The envelope's place: bound to the key, so a sealed draft moved to another form or record does not open. */
const placeOf = (key: string): Place => ({
  item: key
    .slice(PREFIX.length)
    .replace(/[^A-Za-z0-9:._-]/g, '_')
    .slice(0, 100),
  part: 'draft'
})

function storeRaw(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, value)
  } catch {
    /* storage full or disabled: the draft lives in memory only */
  }
}

/** A draft kept in memory (this page's life). */
export function readDraft<T>(key: string): T | null {
  const raw = memory.get(key) ?? null
  if (raw === null) return null
  try {
    return JSON.parse(raw) as T
  } catch {
    return null
  }
}

/**
 * A draft sealed in the tab's storage by an earlier page, opened with the unlocked queue's key (then
 * kept in memory); null when there is none, the queue is locked, or it does not open.
 */
export async function restoreDraft<T>(key: string, owner: string): Promise<T | null> {
  const kept = readDraft<T>(key)
  if (kept !== null) return kept
  const dataKey = unlockedKey(owner)
  let raw: string | null = null
  try {
    raw = sessionStorage.getItem(key)
  } catch {
    raw = null
  }
  if (dataKey === null || raw === null) return null
  try {
    const stored = JSON.parse(raw) as { v: 1; iv: string; ct: string }
    const iv = fromBase64Strict(stored.iv)
    const ct = fromBase64Strict(stored.ct)
    if (stored.v !== 1 || iv === undefined || ct === undefined) return null
    const envelope: Envelope = { v: 1, iv, ct: ct.buffer.slice(ct.byteOffset, ct.byteOffset + ct.byteLength) as ArrayBuffer }
    const value = await openJson<T>(globalThis.crypto.subtle, dataKey, placeOf(key), envelope)
    if (!memory.has(key)) memory.set(key, JSON.stringify(value))
    return readDraft<T>(key)
  } catch {
    return null
  }
}

/** Keeps a draft in memory, and in the tab's storage sealed when `owner`'s queue is unlocked (else none there). */
export function writeDraft(key: string, value: unknown, owner: string): void {
  memory.set(key, JSON.stringify(value))
  const seq = ++writeCount
  writes.set(key, seq)
  const dataKey = unlockedKey(owner)
  // Locked: memory only, and an older sealed copy goes (it no longer holds what is on screen).
  if (dataKey === null) return storeRaw(key, null)
  void sealJson(globalThis.crypto.subtle, dataKey, placeOf(key), value)
    .then((e) => {
      if (writes.get(key) !== seq || !memory.has(key)) return
      storeRaw(key, JSON.stringify({ v: 1, iv: toBase64(e.iv), ct: toBase64(new Uint8Array(e.ct)) }))
    })
    .catch(() => {
      /* not sealed: memory only */
    })
}

export function removeDraft(key: string): void {
  memory.delete(key)
  unsaved.delete(key)
  writes.set(key, ++writeCount)
  storeRaw(key, null)
}

/** Every draft of every user, from memory and from the tab's storage: at sign-out. */
export function clearAllDrafts(): void {
  memory.clear()
  unsaved.clear()
  writeCount++
  writes.clear()
  try {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const k = sessionStorage.key(i)
      if (k?.startsWith(PREFIX)) sessionStorage.removeItem(k)
    }
  } catch {
    /* storage disabled */
  }
}

/** Whether a form on screen holds changes not yet saved (asked before leaving it). */
export const hasUnsavedChanges = (): boolean => unsaved.size > 0

export type FormDraft<T> = {
  draft: T
  setDraft: (next: T | ((d: T) => T)) => void
  /** The draft was brought back from an earlier visit. */
  restored: boolean
  dirty: boolean
  /** The record as loaded (edit forms): becomes the draft unless a kept draft exists. */
  setBaseline: (base: T) => void
  /** After a successful save: the draft goes, the form starts again from `next` (default: the start). */
  clear: (next?: T) => void
  saved: (current: T) => void
}

/**
 * A form's state, kept as a draft per user + form + record id. `initial` is the empty form (add) or
 * a placeholder until setBaseline gives the loaded record (edit).
 */
export function useFormDraft<T>(form: string, recordId: string | undefined, initial: () => T): FormDraft<T> {
  const { session } = useApp()
  const key = draftKey(session?.username ?? '', form, recordId)
  const owner = session ? ownerTag(session.username) : ''
  // Locking or unlocking the queue changes where a draft may be kept: store again, try a restore.
  const [vault, setVault] = useState(0)
  useEffect(() => onVaultChange(() => setVault((n) => n + 1)), [])
  const baseline = useRef<string | null>(null)
  const init = (k: string): { key: string; draft: T; restored: boolean } => {
    const start = initial()
    baseline.current = JSON.stringify(start)
    const kept = readDraft<T>(k)
    return kept === null ? { key: k, draft: start, restored: false } : { key: k, draft: kept, restored: true }
  }
  const [current, setState] = useState(() => init(key))
  // Another account or record on the same form: its own draft, never this one's.
  let state = current
  if (current.key !== key) {
    state = init(key)
    setState(state)
  }
  const dirty = baseline.current !== null && JSON.stringify(state.draft) !== baseline.current

  // Store on every change; an unchanged form keeps nothing.
  useEffect(() => {
    if (!session) return
    if (dirty) {
      writeDraft(key, state.draft, owner)
      unsaved.add(key)
    } else if (memory.has(key)) {
      // Back to what was loaded. (Nothing typed on this page: a sealed draft of an earlier one stays
      // until the queue is unlocked to open it.)
      removeDraft(key)
    }
  }, [key, state.draft, dirty, vault])

  // A draft sealed by an earlier page (before a reload) comes back once the queue is unlocked.
  useEffect(() => {
    if (!session || dirty || memory.has(key)) return
    let live = true
    void restoreDraft<T>(key, owner).then((kept) => {
      if (!live || kept === null) return
      setState((s) => (s.key === key && JSON.stringify(s.draft) === baseline.current ? { key, draft: kept, restored: true } : s))
    })
    return () => {
      live = false
    }
  }, [key, vault])

  // A form that leaves the screen is no longer "unsaved here" (its draft stays for the next visit).
  useEffect(() => () => void unsaved.delete(key), [key])

  const setDraft = useCallback(
    (next: T | ((d: T) => T)) => setState((s) => ({ ...s, draft: typeof next === 'function' ? (next as (d: T) => T)(s.draft) : next })),
    []
  )
  const setBaseline = useCallback(
    (base: T) => {
      baseline.current = JSON.stringify(base)
      const kept = readDraft<T>(key)
      setState(kept === null ? { key, draft: base, restored: false } : { key, draft: kept, restored: true })
    },
    [key]
  )
  const clear = useCallback(
    (next?: T) => {
      removeDraft(key)
      const start = next ?? initial()
      baseline.current = JSON.stringify(start)
      setState({ key, draft: start, restored: false })
    },
    [key]
  )
  /** What the form holds now was saved (a step of a longer form): nothing is unsaved any more. */
  const saved = useCallback(
    (current: T) => {
      baseline.current = JSON.stringify(current)
      removeDraft(key)
      setState((s) => ({ ...s, restored: false }))
    },
    [key]
  )
  return { draft: state.draft, setDraft, restored: state.restored, dirty, setBaseline, clear, saved }
}
