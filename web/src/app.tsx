import type { JSX } from 'preact'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { AppContext, type AppState, type Reference, type Session, type Taxonomy, type Province, type Role } from './context.ts'
import { applyLang, initialLang, rememberLang, translate, userLang, type Lang } from './i18n/index.ts'
import { ApiError, get, hasCsrfToken, setCsrfToken, setSessionLostHandler } from './api.ts'
import { can, type Permission } from './permissions.ts'
import { Layout } from './components/layout.tsx'
import { Loading } from './components/ui.tsx'
import { clearDirectory, loadDirectory } from './components/actor.tsx'
import { LeaveDialog, ReauthDialog } from './components/dialogs.tsx'
import { clearAllDrafts, hasUnsavedChanges } from './lib/form-draft.ts'
import { SignIn } from './screens/sign-in.tsx'
import { Dashboard } from './screens/dashboard.tsx'
import { IncidentList } from './screens/incident-list.tsx'
import { MapPage } from './screens/map.tsx'
import { IncidentForm } from './screens/incident-form.tsx'
import { IncidentView } from './screens/incident-view.tsx'
import { ExhibitView } from './screens/exhibit-view.tsx'
import { VerifyPage } from './screens/verify.tsx'
import { LedgerPage } from './screens/ledger.tsx'
import { UsersPage } from './screens/users.tsx'
import { CasesPage, CaseBuilder, CaseView } from './screens/cases.tsx'
import { PatternsPage, PatternScreen } from './screens/patterns.tsx'
import { PersonPage } from './screens/person-view.tsx'
import { OrganisationsPage, OrganisationScreen } from './screens/organisations.tsx'
import { AccountPage } from './screens/account.tsx'
import { NotFound } from './screens/not-found.tsx'
import { CaptureScreen } from './screens/capture.tsx'
import { NeutralPage } from './offline/neutral-page.tsx'
import { NEUTRAL_PATH } from './offline/quick-exit.ts'
import { NotificationsPage } from './components/notifications.tsx'

type Params = Record<string, string>
type Route = { pattern: string; permission?: Permission; roles?: Role[]; render: (p: Params) => JSX.Element }

const ROUTES: Route[] = [
  { pattern: '/', render: () => <Dashboard /> },
  { pattern: '/incidents', permission: 'incident:read', render: () => <IncidentList /> },
  { pattern: '/incidents/new', permission: 'incident:write', render: () => <IncidentForm /> },
  { pattern: '/incidents/:id', permission: 'incident:read', render: (p) => <IncidentView id={p.id!} tab="details" /> },
  { pattern: '/incidents/:id/edit', permission: 'incident:write', render: (p) => <IncidentForm id={p.id!} /> },
  { pattern: '/incidents/:id/persons', permission: 'person:read', render: (p) => <IncidentView id={p.id!} tab="persons" /> },
  { pattern: '/incidents/:id/evidence', permission: 'evidence:read', render: (p) => <IncidentView id={p.id!} tab="evidence" /> },
  { pattern: '/incidents/:id/revisions', permission: 'incident:read', render: (p) => <IncidentView id={p.id!} tab="revisions" /> },
  { pattern: '/persons/:id', permission: 'person:read', render: (p) => <PersonPage id={p.id!} /> },
  { pattern: '/evidence/:id', permission: 'evidence:read', render: (p) => <ExhibitView id={p.id!} /> },
  { pattern: '/verify', permission: 'evidence:read', roles: ['auditor', 'legal', 'documenter'], render: () => <VerifyPage /> },
  { pattern: '/ledger', permission: 'ledger:read', render: () => <LedgerPage /> },
  { pattern: '/users', permission: 'user:manage', render: () => <UsersPage /> },
  { pattern: '/patterns', permission: 'incident:read', render: () => <PatternsPage /> },
  { pattern: '/map', permission: 'incident:read', render: () => <MapPage /> },
  { pattern: '/patterns/:id', permission: 'incident:read', render: (p) => <PatternScreen id={p.id!} /> },
  { pattern: '/organisations', permission: 'incident:read', render: () => <OrganisationsPage /> },
  { pattern: '/organisations/:id', permission: 'incident:read', render: (p) => <OrganisationScreen id={p.id!} /> },
  { pattern: '/cases', permission: 'case:read', render: () => <CasesPage /> },
  { pattern: '/cases/new', permission: 'case:write', render: () => <CaseBuilder /> },
  { pattern: '/cases/:id', permission: 'case:read', render: (p) => <CaseView id={p.id!} /> },
  { pattern: '/account', render: () => <AccountPage /> },
  { pattern: '/notifications', render: () => <NotificationsPage /> },
  { pattern: '/capture', permission: 'incident:write', render: () => <CaptureScreen /> }
]

function match(pattern: string, path: string): Params | null {
  const a = pattern.split('/').filter(Boolean)
  const b = path.split('/').filter(Boolean)
  if (a.length !== b.length) return null
  const params: Params = {}
  for (let i = 0; i < a.length; i++) {
    const seg = a[i]!
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(b[i]!)
    else if (seg !== b[i]) return null
  }
  return params
}

const SESSION_KEY = 'sanad.session'
const REFERENCE_KEY = 'sanad.reference'

function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null
  }
}
function storeSession(s: Session | null): void {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s))
    else sessionStorage.removeItem(SESSION_KEY)
  } catch {
    /* storage disabled */
  }
}

export function App(): JSX.Element {
  const [lang, setLangState] = useState<Lang>(() => initialLang(location.search, navigator.languages ?? []))
  const [session, setSessionState] = useState<Session | null>(null)
  const [checking, setChecking] = useState(true)
  const [ref, setRef] = useState<Reference | null>(null)
  const [loc, setLoc] = useState({ path: location.pathname, search: location.search })
  const [message, setMessage] = useState('')
  const firstRender = useRef(true)

  useEffect(() => {
    if (location.pathname !== NEUTRAL_PATH) applyLang(lang)
  }, [lang])

  // A move away from a form with unsaved changes waits here until the user says to leave.
  const [pendingLeave, setPendingLeave] = useState<(() => void) | null>(null)
  // Requests waiting for the user to sign in again (resolved true when they have).
  const [reauth, setReauth] = useState<((ok: boolean) => void)[] | null>(null)
  const reauthRef = useRef<((ok: boolean) => void)[] | null>(null)
  const sessionRef = useRef<Session | null>(null)
  sessionRef.current = session

  const go = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const url = new URL(to, location.origin)
    if (options.replace) history.replaceState(null, '', url.pathname + url.search)
    else history.pushState(null, '', url.pathname + url.search)
    setLoc({ path: url.pathname, search: url.search })
    window.scrollTo(0, 0)
  }, [])

  const navigate = useCallback(
    (to: string, options: { replace?: boolean } = {}) => {
      const url = new URL(to, location.origin)
      // A screen rewriting its own address (filters in the URL) is not leaving it.
      const leaving = url.pathname !== location.pathname
      if (leaving && hasUnsavedChanges()) setPendingLeave(() => () => go(to, options))
      else go(to, options)
    },
    [go]
  )

  useEffect(() => {
    let here = location.pathname + location.search
    const onPop = (): void => {
      const there = location.pathname + location.search
      if (location.pathname !== new URL(here, location.origin).pathname && hasUnsavedChanges()) {
        // Back (or forward) out of a form with unsaved changes: stay, and ask.
        history.pushState(null, '', here)
        setPendingLeave(() => () => {
          history.pushState(null, '', there)
          here = there
          setLoc({ path: location.pathname, search: location.search })
        })
        return
      }
      here = there
      setLoc({ path: location.pathname, search: location.search })
    }
    const onPush = (): void => {
      here = location.pathname + location.search
    }
    window.addEventListener('popstate', onPop)
    window.addEventListener('sanad:location', onPush)
    return () => {
      window.removeEventListener('popstate', onPop)
      window.removeEventListener('sanad:location', onPush)
    }
  }, [])
  useEffect(() => {
    window.dispatchEvent(new Event('sanad:location'))
  }, [loc])

  const setSession = useCallback(
    (s: Session | null) => {
      storeSession(s)
      setSessionState(s)
      // Signed out: no draft (names of witnesses among them) stays in the tab.
      if (!s) clearAllDrafts()
      if (s) {
        const preferred = userLang(s.username)
        if (preferred) setLangState(preferred)
        else rememberLang(lang, s.username)
      } else {
        setCsrfToken(null)
      }
    },
    [lang]
  )

  const setLang = useCallback(
    (l: Lang) => {
      rememberLang(l, session?.username)
      setLangState(l)
    },
    [session]
  )

  // A session survives a reload (the cookie and this tab's CSRF token); ask the server whether it
  // still stands. Without a token there is nothing to ask: show the sign-in.
  useEffect(() => {
    const known = storedSession()
    if (!hasCsrfToken() || !known) {
      setChecking(false)
      return
    }
    get<{ username: string; role: Role }>('/api/v1/auth/me', { quietAuth: true })
      .then((me) => setSessionState({ ...known, username: me.username, role: me.role }))
      .catch((err: unknown) => {
        // No network: the phone keeps this tab's session so field capture works offline; the server
        // checks it again when the queue is sent. Any answer from the server that refuses it ends it.
        if (err instanceof ApiError && err.status === 0) {
          setSessionState(known)
          return
        }
        storeSession(null)
        setCsrfToken(null)
      })
      .finally(() => setChecking(false))
  }, [])

  useEffect(() => {
    // Signed in and working: sign in again over the page, and the request goes again. Drafts stay
    // (also if the user gives up: they come back after the next sign-in of the same account).
    setSessionLostHandler(
      () =>
        new Promise<boolean>((resolve) => {
          if (sessionRef.current?.mfa !== 'ok') {
            resolve(false)
            storeSession(null)
            setCsrfToken(null)
            setSessionState(null)
            setMessage(translate(lang, 'session.lost'))
            return
          }
          reauthRef.current = [...(reauthRef.current ?? []), resolve]
          setReauth(reauthRef.current)
        })
    )
  }, [lang])

  const endReauth = (ok: boolean): void => {
    const waiting = reauthRef.current ?? []
    reauthRef.current = null
    setReauth(null)
    if (!ok) {
      storeSession(null)
      setCsrfToken(null)
      setSessionState(null)
      setMessage(translate(lang, 'session.lost'))
    }
    for (const resolve of waiting) resolve(ok)
  }

  // Account names for the `user:<id>` shown as actors: fetched once per signed-in session, dropped at sign-out.
  useEffect(() => {
    if (session?.mfa === 'ok') void loadDirectory()
    else if (!session) clearDirectory()
  }, [session?.username, session?.mfa])

  useEffect(() => {
    const use = (taxonomy: Taxonomy, provinces: Province[]): void =>
      setRef({
        taxonomy,
        provinces,
        categoryById: new Map(taxonomy.categories.map((c) => [c.id, c])),
        provinceByCode: new Map(provinces.map((x) => [x.code, x]))
      })
    Promise.all([get<Taxonomy>('/api/v1/taxonomy'), get<{ provinces: Province[] }>('/api/v1/provinces')])
      .then(([taxonomy, p]) => {
        use(taxonomy, p.provinces)
        // The public reference lists (no record, no person) are kept so the app opens offline.
        try {
          localStorage.setItem(REFERENCE_KEY, JSON.stringify({ taxonomy, provinces: p.provinces }))
        } catch {
          /* storage full or disabled */
        }
      })
      .catch(() => {
        // Offline: the lists kept from the last time; otherwise shown as loading (the API may be restarting).
        try {
          const kept = JSON.parse(localStorage.getItem(REFERENCE_KEY) ?? 'null') as { taxonomy: Taxonomy; provinces: Province[] } | null
          if (kept) use(kept.taxonomy, kept.provinces)
        } catch {
          /* nothing kept */
        }
      })
  }, [])

  // Move focus to the new page's heading after navigation (not on the first load).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    const h = document.getElementById('page-title')
    h?.focus()
  }, [loc.path])

  const state: AppState = useMemo(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      session,
      setSession,
      ref,
      path: loc.path,
      search: new URLSearchParams(loc.search),
      navigate,
      announce: setMessage
    }),
    [lang, setLang, session, setSession, ref, loc, navigate]
  )

  useEffect(() => {
    if (location.pathname !== NEUTRAL_PATH) document.title = translate(lang, 'app.title')
  }, [lang])

  // After a quick exit the tab shows a neutral page with nothing of Sanad on it.
  if (loc.path === NEUTRAL_PATH) return <NeutralPage />

  let content: JSX.Element
  if (checking) content = <Loading />
  else if (!session) content = <SignIn notice={message} />
  else if (session.mfa === 'enrolment-required') content = <AccountPage enrolmentRequired />
  else if (!ref) content = <Loading />
  else {
    let found: JSX.Element | null = null
    for (const r of ROUTES) {
      const params = match(r.pattern, loc.path)
      if (!params) continue
      const allowed = (!r.permission || can(session.role, r.permission)) && (!r.roles || r.roles.includes(session.role))
      found = allowed ? r.render(params) : <NotFound forbidden />
      break
    }
    content = found ?? <NotFound />
  }

  return (
    <AppContext.Provider value={state}>
      <Layout message={session ? message : ''}>{content}</Layout>
      {reauth && session ? (
        <ReauthDialog username={session.username} onSignedIn={() => endReauth(true)} onGiveUp={() => endReauth(false)} />
      ) : null}
      {pendingLeave ? (
        <LeaveDialog
          onStay={() => setPendingLeave(null)}
          onLeave={() => {
            const leave = pendingLeave
            setPendingLeave(null)
            leave()
          }}
        />
      ) : null}
    </AppContext.Provider>
  )
}
