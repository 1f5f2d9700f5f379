import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Lang, MessageKey, Vars } from './i18n/index.ts'

export type Role = 'admin' | 'documenter' | 'reviewer' | 'legal' | 'auditor'
export type Session = { username: string; role: Role; mfa: 'ok' | 'enrolment-required' }

export type Labels = { en: string; fa: string; ps: string }
export type Element = { id: string; labels: { en: string }; contextual: boolean }
export type Category = {
  id: string
  romeStatute: string | null
  group: string
  labels: Labels
  description?: { en: string }
  elements: Element[]
  checklist?: { id: string; labels: { en: string } }[]
  tags?: string[]
}
export type Group = { id: string; labels: Labels }
/** A theme of the roadmap (massacre, targeted-killing, …) that categories carry. */
export type Theme = { id: string; roadmap?: boolean; labels: Labels }
export type Taxonomy = { groups: Group[]; categories: Category[]; tags?: Theme[] }
export type Province = { code: string; en: string; fa: string; ps: string; centroid: { lat: number; lon: number } }

export type Reference = {
  taxonomy: Taxonomy
  provinces: Province[]
  categoryById: Map<string, Category>
  provinceByCode: Map<string, Province>
}

export type AppState = {
  lang: Lang
  setLang: (lang: Lang) => void
  t: (key: MessageKey, vars?: Vars) => string
  session: Session | null
  setSession: (s: Session | null) => void
  ref: Reference | null
  path: string
  search: URLSearchParams
  navigate: (to: string, options?: { replace?: boolean }) => void
  announce: (message: string) => void
}

export const AppContext = createContext<AppState | null>(null)

export function useApp(): AppState {
  const app = useContext(AppContext)
  if (!app) throw new Error('useApp outside AppContext')
  return app
}
