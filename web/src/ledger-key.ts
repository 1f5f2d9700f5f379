// The verifier key checkpoints are checked against. The server publishes it at /api/v1/ledger/key;
// an auditor can pin the key they obtained out of band, and is warned when the server's differs.

import { getText } from './api.ts'
import { parseVerifierKey, type VerifierKey } from './lib/signed-note.ts'

const PIN_KEY = 'sanad.pinnedLedgerKey'

export function pinnedKey(): string | null {
  try {
    return localStorage.getItem(PIN_KEY)
  } catch {
    return null
  }
}
export function pinKey(text: string | null): void {
  try {
    if (text) localStorage.setItem(PIN_KEY, text.trim())
    else localStorage.removeItem(PIN_KEY)
  } catch {
    /* storage disabled */
  }
}

export type KeyChoice = { key: VerifierKey; served: string; pinned: string | null; mismatch: boolean }

/** The pinned key when there is one (never silently replaced), else the one the server serves. */
export async function ledgerKey(): Promise<KeyChoice> {
  const served = (await getText('/api/v1/ledger/key')).trim()
  const pinned = pinnedKey()
  const key = parseVerifierKey(pinned ?? served)
  return { key, served, pinned, mismatch: pinned !== null && pinned !== served }
}
