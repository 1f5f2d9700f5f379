// What this browser remembers of the cases its user built and the dossiers asked for, so the export
// history is there even where the server offers no case listing. Only ids, titles and choices: no
// record content, no identity.

import { get } from './api.ts'

export type LocalDossier = { id: string, language: string, requestedAt: string, status?: 'queued' | 'running' | 'ready' | 'failed', sha256?: string }
export type LocalCase = { id: string, title: string, recipient: string, profile: string, incidentIds: string[], createdAt: string, reference?: string, dossiers: LocalDossier[] }

const keyFor = (username: string): string => `sanad.cases.${username.toLowerCase()}`

export function loadCases (username: string): LocalCase[] {
  try { return JSON.parse(localStorage.getItem(keyFor(username)) ?? '[]') as LocalCase[] } catch { return [] }
}

export function saveCase (username: string, c: LocalCase): void {
  const all = loadCases(username).filter((x) => x.id !== c.id)
  try { localStorage.setItem(keyFor(username), JSON.stringify([c, ...all].slice(0, 200))) } catch { /* storage full or disabled */ }
}

export function updateDossier (username: string, caseId: string, d: LocalDossier): void {
  const c = loadCases(username).find((x) => x.id === caseId)
  if (!c) return
  c.dossiers = [d, ...c.dossiers.filter((x) => x.id !== d.id)]
  saveCase(username, c)
}

let routes: Promise<Set<string>> | null = null

/**
 * Which optional case routes the server has (from its OpenAPI document, so that probing never
 * produces a 404): `GET /api/v1/cases`, `GET /api/v1/cases/{id}`.
 */
export function serverRoutes (): Promise<Set<string>> {
  const KEY = 'sanad.apiRoutes'
  routes ??= (async () => {
    try {
      const cached = sessionStorage.getItem(KEY)
      if (cached) return new Set(JSON.parse(cached) as string[])
    } catch { /* storage disabled */ }
    const doc = await get<{ paths?: Record<string, Record<string, unknown>> }>('/api/docs/json')
    const found = Object.entries(doc.paths ?? {})
      .filter(([path]) => path.startsWith('/api/v1/cases') || path.startsWith('/api/v1/dossiers'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    try { sessionStorage.setItem(KEY, JSON.stringify(found)) } catch { /* storage disabled */ }
    return new Set(found)
  })().catch(() => new Set<string>())
  return routes
}
