import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { get } from '../api.ts'
import type { Role } from '../context.ts'
import { Mono } from './ui.tsx'

/** What any signed-in user may know of an account (GET /api/v1/users/directory). */
export type DirectoryEntry = { id: string; username: string; role: Role; staffCode?: string }

// The directory of this session, shared by every Actor on the page: fetched once after sign-in (by the
// app shell, not by each Actor, so a screen never waits on it), dropped at sign-out.
let names: ReadonlyMap<string, DirectoryEntry> | null = null
let pending: Promise<void> | null = null
const listeners = new Set<() => void>()

function notify(): void {
  for (const l of listeners) l()
}

/** Fetches the directory once for this session; a failure leaves ids shown as they are, and may be retried. */
export function loadDirectory(): Promise<void> {
  pending ??= get<{ items: DirectoryEntry[] }>('/api/v1/users/directory', { quietAuth: true })
    .then((r) => {
      names = new Map(r.items.map((e) => [e.id, e]))
      notify()
    })
    .catch(() => {
      pending = null
    })
  return pending
}

/** Fetches it again (after an account was created). */
export function refreshDirectory(): Promise<void> {
  pending = null
  return loadDirectory()
}

/** Forgets it (sign-out): the next account signed in on this tab fetches its own. */
export function clearDirectory(): void {
  names = null
  pending = null
  notify()
}

/** The account an actor names: `user:<id>` or a bare id, when the directory knows it. */
export function directoryEntry(actor: string): DirectoryEntry | undefined {
  return names?.get(actor.startsWith('user:') ? actor.slice(5) : actor)
}

function useDirectory(): void {
  const [, setTick] = useState(0)
  useEffect(() => {
    const l = (): void => setTick((n) => n + 1)
    listeners.add(l)
    return () => {
      listeners.delete(l)
    }
  }, [])
}

/**
 * Who did something: the account name for `user:<id>`, with its staff code as "name (code)" when it
 * has one (the id kept as its tooltip, for an auditor to match against the ledger), or the actor
 * exactly as recorded when it names no known account (`system`, an operator, another installation).
 */
export function Actor(props: { actor: string | null | undefined }): JSX.Element {
  useDirectory()
  const actor = props.actor ?? ''
  if (!actor) return <span class="actor">—</span>
  const entry = directoryEntry(actor)
  if (!entry) return <Mono>{actor}</Mono>
  return (
    <bdi class="actor" dir="ltr" title={actor} data-actor={actor}>
      {entry.staffCode ? `${entry.username} (${entry.staffCode})` : entry.username}
    </bdi>
  )
}
