// The evidence chart of a case (#18 item 7): each legal element linked to an exhibit, with the
// admiralty grades of the incident's sources and the exhibit's verification status. Pure: the API
// view and the dossier give the same rows from their own data.

export type ChartVerification = 'verified' | 'partly-verified' | 'unverified' | 'none'

export type ChartIncident = {
  /** The incident's id (API) or reference (dossier): carried through to the row. */
  incident: string
  sources: ReadonlyArray<{ reliability?: string | undefined; credibility?: number | undefined }>
  links: ReadonlyArray<{ category: string; element: string; exhibits: readonly string[] }>
}

export type ChartRow = {
  incident: string
  category: string
  element: string
  /** null: the element is linked to no exhibit (yet). */
  exhibit: string | null
  /** Admiralty grades of the incident's sources, e.g. ["B2", "C3"] ("?" where a half is not recorded). */
  admiralty: string[]
  verification: ChartVerification
}

/** The distinct admiralty grades of some sources, sorted; sources with neither half are left out. */
export function admiraltyGrades(sources: ChartIncident['sources']): string[] {
  const grades = sources
    .filter((s) => s.reliability !== undefined || s.credibility !== undefined)
    .map((s) => `${s.reliability ?? '?'}${s.credibility ?? '?'}`)
  return [...new Set(grades)].sort()
}

/** One row per element × exhibit, in incident then link order; an exhibit named twice for the same element counts once. */
export function evidenceChart(incidents: readonly ChartIncident[], verificationOf: (exhibit: string) => ChartVerification): ChartRow[] {
  const rows: ChartRow[] = []
  for (const inc of incidents) {
    const admiralty = admiraltyGrades(inc.sources)
    const seen = new Set<string>()
    for (const l of inc.links) {
      const base = { incident: inc.incident, category: l.category, element: l.element, admiralty }
      if (l.exhibits.length === 0) {
        const key = `${l.category} ${l.element} -`
        if (!seen.has(key)) rows.push({ ...base, exhibit: null, verification: 'none' })
        seen.add(key)
      }
      for (const exhibit of l.exhibits) {
        const key = `${l.category} ${l.element} ${exhibit}`
        if (seen.has(key)) continue
        seen.add(key)
        rows.push({ ...base, exhibit, verification: verificationOf(exhibit) })
      }
    }
  }
  return rows
}

/** The admiralty legend in English (the dossier prints it in its own language: pattern-labels.ts). */
export const ADMIRALTY_LEGEND = {
  reliability: {
    A: 'completely reliable',
    B: 'usually reliable',
    C: 'fairly reliable',
    D: 'not usually reliable',
    E: 'unreliable',
    F: 'reliability cannot be judged'
  },
  credibility: {
    '1': 'confirmed by other sources',
    '2': 'probably true',
    '3': 'possibly true',
    '4': 'doubtful',
    '5': 'improbable',
    '6': 'truth cannot be judged'
  }
} as const
