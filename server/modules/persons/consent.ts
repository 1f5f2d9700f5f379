import type { ConsentState, ConsentValue } from '../../types/schemas.ts'

/**
 * Consent purposes: the API's keys and the ids stored in person_consents and written to the ledger.
 * One place, so that the disclosure function, the routes and exports agree.
 */
export const CONSENT_PURPOSES = {
  storage: 'storage',
  internalAnalysis: 'internal-analysis',
  icc: 'icc',
  un: 'un',
  national: 'national',
  publication: 'publication',
  image: 'image-voice'
} as const

export type ConsentKey = keyof typeof CONSENT_PURPOSES
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[ConsentKey]
export const CONSENT_KEYS = Object.keys(CONSENT_PURPOSES) as ConsentKey[]

export function keyOfPurpose(purpose: string): ConsentKey {
  const key = CONSENT_KEYS.find((k) => CONSENT_PURPOSES[k] === purpose)
  if (!key) throw new Error(`unknown consent purpose ${purpose}`)
  return key
}

export type ConsentKind = 'granted' | 'refused' | 'withdrawn' | 'confirmed'

/** What a new answer means given the previous one: a `false` after a `true` is a withdrawal. */
export function consentKind(granted: boolean, previous: { granted: boolean } | undefined): ConsentKind {
  if (granted) return previous?.granted === true ? 'confirmed' : 'granted'
  return previous?.granted === true ? 'withdrawn' : 'refused'
}

/** Current consent per purpose from the history (oldest first): the latest row of each purpose. */
export function consentState(history: ReadonlyArray<{ purpose: string; granted: boolean; kind: string }>): ConsentState {
  const state = Object.fromEntries(CONSENT_KEYS.map((k) => [k, 'not-recorded'])) as Record<ConsentKey, ConsentValue>
  for (const row of history) {
    const key = keyOfPurpose(row.purpose)
    if (row.granted) state[key] = 'granted'
    else if (row.kind === 'withdrawn' || state[key] === 'withdrawn' || state[key] === 'granted') state[key] = 'withdrawn'
    else state[key] = 'refused'
  }
  return state
}
