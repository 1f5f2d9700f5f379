import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useId, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { LANGS, LANG_NAME, LANG_TAG, isLang } from '../i18n/index.ts'
import type { MessageKey } from '../i18n/index.ts'
import { can } from '../permissions.ts'
import { Link } from './ui.tsx'
import { SessionControls } from '../offline/session-controls.tsx'
import { NotificationsLink } from './notifications.tsx'

type NavItem = { href: string; label: MessageKey; show: boolean }

export function Layout(props: { children: ComponentChildren; message: string }): JSX.Element {
  const { t, lang, session, path } = useApp()
  const role = session?.role
  const items: NavItem[] = [
    { href: '/', label: 'nav.dashboard', show: Boolean(session) },
    { href: '/incidents', label: 'nav.incidents', show: can(role, 'incident:read') },
    { href: '/incidents/new', label: 'nav.newIncident', show: can(role, 'incident:write') },
    { href: '/capture', label: 'nav.capture', show: can(role, 'incident:write') },
    { href: '/patterns', label: 'nav.patterns', show: can(role, 'incident:read') },
    { href: '/map', label: 'nav.map', show: can(role, 'incident:read') },
    { href: '/organisations', label: 'nav.organisations', show: can(role, 'incident:read') },
    { href: '/cases', label: 'nav.cases', show: can(role, 'case:read') },
    { href: '/verify', label: 'nav.verify', show: role === 'auditor' },
    { href: '/ledger', label: 'nav.ledger', show: Boolean(session) },
    { href: '/users', label: 'nav.users', show: can(role, 'user:manage') }
  ]
  const current = (href: string): boolean =>
    href === '/'
      ? path === '/'
      : path === href || (href !== '/incidents/new' && path.startsWith(`${href}/`) && !(href === '/incidents' && path === '/incidents/new'))
  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="site-header">
        <div class="brand">
          {/* The mark is the Dari word; in English the name follows it. */}
          <span class="brand-mark" lang="fa" aria-hidden={lang === 'en' ? 'true' : undefined}>
            سند
          </span>
          {lang === 'en' ? <span class="brand-name">{t('app.name')}</span> : null}
        </div>
        {session && session.mfa !== 'enrolment-required' ? (
          <nav class="main-nav" aria-label={t('nav.label')}>
            <ul>
              {items
                .filter((i) => i.show)
                .map((i) => (
                  <li key={i.href}>
                    <Link href={i.href} aria-current={current(i.href) ? 'page' : undefined}>
                      {t(i.label)}
                    </Link>
                  </li>
                ))}
            </ul>
          </nav>
        ) : null}
        <div class="header-tools">
          <LanguageSwitcher />
          {session ? (
            <div class="user-menu">
              <Link href="/account" class="user-name">
                <span class="visually-hidden">{t('nav.account')}: </span>
                {session.username} <span class="role">({t(`role.${session.role}` as MessageKey)})</span>
              </Link>
              {session.mfa !== 'enrolment-required' ? <NotificationsLink /> : null}
              <SessionControls />
            </div>
          ) : null}
        </div>
      </header>
      <div class="live-region" role="status" aria-live="polite">
        {props.message}
      </div>
      <main id="main" class="main">
        <OfflineNotice />
        {props.children}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  )
}

/** Says plainly when the phone has no network: the app still opens, but nothing reaches the server. */
export function OfflineNotice(): JSX.Element | null {
  const { t } = useApp()
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false)
  useEffect(() => {
    const update = (): void => setOnline(navigator.onLine !== false)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  }, [])
  if (online) return null
  return (
    <div class="alert alert-warning offline-notice" role="status">
      <strong>{t('offline.title')}</strong> {t('offline.body')}
    </div>
  )
}

function LanguageSwitcher(): JSX.Element {
  const { lang, setLang, t } = useApp()
  const id = useId()
  return (
    <div class="lang-switch">
      <label for={id} class="visually-hidden">
        {t('nav.language')}
      </label>
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value
          if (isLang(v)) setLang(v)
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={LANG_TAG[l]}>
            {LANG_NAME[l]}
          </option>
        ))}
      </select>
    </div>
  )
}
