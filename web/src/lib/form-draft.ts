// Drafts of forms as they are typed, so that no work is lost to an expired session, a reload or a
// wrong click. Kept in memory and in this tab's sessionStorage (which the browser drops with the
// tab), under the user, the form and the record: another account signing in on the tab never sees
// them. Cleared when the form is saved and at sign-out, so that no witness's name stays behind in
// the browser after the person who typed it has left.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'

const PREFIX = 'sanad.draft.'
const memory = new Map<string, string>()
/** Forms now on screen with changes not yet saved. */
const unsaved = new Set<string>()

export const draftKey = (user: string, form: string, recordId?: string): string =>
  `${PREFIX}${encodeURIComponent(user)}.${form}.${recordId ?? 'new'}`

export function readDraft<T>(key: string): T | null {
  let raw = memory.get(key) ?? null
  if (raw === null) {
    try {
      raw = sessionStorage.getItem(key)
    } catch {
      raw = null
    }
  }
  if (raw === null) return null
  try {
    return JSON.parse(raw) as T
  } catch {
    return null
  }
}

export function writeDraft(key: string, value: unknown): void {
  const raw = JSON.stringify(value)
  memory.set(key, raw)
  try {
    sessionStorage.setItem(key, raw)
  } catch {
    /* storage full or disabled: the draft lives in memory only */
  }
}

export function removeDraft(key: string): void {
  memory.delete(key)
  unsaved.delete(key)
  try {
    sessionStorage.removeItem(key)
  } catch {
    /* storage disabled */
  }
}

/** Every draft of every user, from memory and from the tab's storage: at sign-out. */
export function clearAllDrafts(): void {
  memory.clear()
  unsaved.clear()
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
      writeDraft(key, state.draft)
      unsaved.add(key)
    } else {
      removeDraft(key)
    }
  }, [key, state.draft, dirty])

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
