// The header's quick exit and sign-out (#16 item 3). Quick exit is one tap, no question asked. Sign-out
// locks the queue and, when this account keeps an encrypted queue on the phone, asks whether to keep it
// (sent later, after signing in and unlocking with the passphrase) or delete it now.
import { ownerTag } from '../lib/owner-tag.ts'
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { currentCsrfToken, post } from '../api.ts'
import { quickExit } from './quick-exit.ts'
import { deleteQueue, hasKeyring, lock } from './vault.ts'

export function SessionControls(): JSX.Element | null {
  const { t, session, setSession, navigate } = useApp()
  const [asking, setAsking] = useState(false)
  if (!session) return null
  const signOut = async (deleteKept: boolean): Promise<void> => {
    lock()
    if (deleteKept) await deleteQueue(ownerTag(session.username)).catch(() => undefined)
    try {
      // quietAuth: a session already gone needs no sign-in again to be left.
      await post('/api/v1/auth/logout', undefined, { quietAuth: true })
    } catch {
      /* the session may already be gone, or no network */
    }
    setAsking(false)
    setSession(null)
    navigate('/', { replace: true })
  }
  return (
    <>
      <button type="button" class="quick-exit" onClick={() => quickExit(currentCsrfToken())}>
        {t('offline.quickExit')}
      </button>
      <button
        type="button"
        class="link-button sign-out"
        onClick={async () => {
          if (await hasKeyring(ownerTag(session.username)).catch(() => false)) setAsking(true)
          else await signOut(false)
        }}
      >
        {t('nav.signOut')}
      </button>
      {asking ? (
        <div class="sign-out-choice alert alert-warning" role="alertdialog" aria-labelledby="sign-out-q">
          <p id="sign-out-q">{t('offline.signOutQuestion')}</p>
          <div class="actions">
            <button type="button" class="button" onClick={() => void signOut(false)}>
              {t('offline.keepQueue')}
            </button>
            <button type="button" class="button danger" onClick={() => void signOut(true)}>
              {t('offline.deleteQueue')}
            </button>
            <button type="button" class="link-button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  )
}
