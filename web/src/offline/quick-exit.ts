// Quick exit (#16 item 3): one tap at a checkpoint. The queue is locked (keys dropped), this tab's
// session and CSRF token are forgotten, the server session is ended if the network allows, and the tab
// is replaced by a neutral calculator page. Replacing the page (not just re-rendering) is what wipes
// every decrypted value still held by the app's memory; location.replace keeps Sanad's screens out of
// the Back button's history.

import { lock } from './vault.ts'

/** The neutral page the tab shows after a quick exit (served by the app itself, so it opens offline). */
export const NEUTRAL_PATH = '/calculator'

export function quickExit(csrfToken: string | null): void {
  lock()
  if (csrfToken) {
    // Best effort, not awaited: with no network the session cookie stays until it expires.
    try {
      void fetch('/api/v1/auth/logout', {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: '{}'
      }).catch(() => undefined)
    } catch {
      /* offline */
    }
  }
  try {
    sessionStorage.clear()
  } catch {
    /* storage disabled */
  }
  location.replace(NEUTRAL_PATH)
}
