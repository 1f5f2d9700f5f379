import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { IncidentLink } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { categoryLabel } from '../labels.ts'
import { Link } from './ui.tsx'

/** Elements of the taxonomy that need a connected crime (persecution's connection requirement, Art. 7(1)(h)). */
export const CONNECTED_CRIME_ELEMENTS: ReadonlySet<string> = new Set(['connected-to-other-crime'])

/** A crime connected to an incident: the other incident and the category it carries, and the qualification it serves. */
export type ConnectedCrime = { incidentId: string; reference: string; category: string; fromCategory?: string }

/**
 * The connected crimes of an incident, as the dossier's element checklist takes them: its active
 * outgoing `connected-to` links to incidents the reader may read (a withheld one names no crime).
 * Asked only when `wanted` (an element needs them), so other screens make no extra request.
 */
export function useConnectedCrimes(incidentId: string, wanted: boolean): ConnectedCrime[] | null {
  const [crimes, setCrimes] = useState<ConnectedCrime[] | null>(null)
  useEffect(() => {
    if (!wanted) return
    let live = true
    get<{ items: IncidentLink[] }>(`/api/v1/incidents/${incidentId}/links`)
      .then((r) => {
        if (live) setCrimes(connectedCrimes(r.items))
      })
      .catch(() => {
        // Not readable, or the server is away: the checklist says no crime is linked rather than fail.
        if (live) setCrimes([])
      })
    return () => {
      live = false
    }
  }, [incidentId, wanted])
  return crimes
}

export function connectedCrimes(links: readonly IncidentLink[]): ConnectedCrime[] {
  return links
    .filter((l) => l.type === 'connected-to' && l.direction === 'outgoing' && !l.removed && !l.withheld && l.category)
    .map((l) => ({
      incidentId: l.other.id,
      reference: l.other.reference,
      category: l.category as string,
      ...(l.fromCategory ? { fromCategory: l.fromCategory } : {})
    }))
}

/**
 * Under an element that needs a connected crime, in the checklist of `category`: each linked crime
 * ("Connected crime: SND-2026-0011 — imprisonment", a way to that incident), or that none is linked.
 */
export function ConnectedCrimesList(props: { crimes: ConnectedCrime[] | null; category: string }): JSX.Element | null {
  const { t, ref, lang } = useApp()
  if (props.crimes === null) return null
  const here = props.crimes.filter((c) => c.fromCategory === undefined || c.fromCategory === props.category)
  if (here.length === 0) return <p class="hint connected-crimes-none">{t('links.noConnectedCrime')}</p>
  return (
    <ul class="connected-crimes">
      {here.map((c) => (
        <li key={`${c.incidentId}-${c.category}`} data-incident={c.incidentId}>
          {t('links.connectedCrime')}:{' '}
          <Link href={`/incidents/${c.incidentId}`}>
            <bdi dir="ltr">{c.reference}</bdi>
          </Link>
          {' — '}
          <strong>{ref ? categoryLabel(ref, c.category, lang) : c.category}</strong>
        </li>
      ))}
    </ul>
  )
}

/** The same list for one incident's qualification, reading its links itself (a case's element checklist). */
export function IncidentConnectedCrimes(props: { incidentId: string; category: string }): JSX.Element | null {
  const crimes = useConnectedCrimes(props.incidentId, true)
  return <ConnectedCrimesList crimes={crimes} category={props.category} />
}
