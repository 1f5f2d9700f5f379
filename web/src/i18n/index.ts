// The three languages of the interface. en.ts is the reference: fa.ts and ps.ts must have every key
// (the type system checks it, and test/web/lib/i18n.test.ts checks it again with the placeholders).

import { en } from './en.ts'
import { fa } from './fa.ts'
import { ps } from './ps.ts'

import type { MessageKey, Messages } from './messages.ts'
import { ownerTag } from '../lib/owner-tag.ts'
import { pluralKey } from './plural.ts'

export type { MessageKey, Messages }
export type Lang = 'en' | 'fa' | 'ps'

export const MESSAGES: Readonly<Record<Lang, Messages>> = { en, fa, ps }
export const LANGS: readonly Lang[] = ['en', 'fa', 'ps']

/** BCP 47 tag of each language as used for <html lang>. */
export const LANG_TAG: Readonly<Record<Lang, string>> = { en: 'en', fa: 'fa-AF', ps: 'ps-AF' }
export const LANG_DIR: Readonly<Record<Lang, 'ltr' | 'rtl'>> = { en: 'ltr', fa: 'rtl', ps: 'rtl' }
/** Each language's name in itself, for the language switcher. */
export const LANG_NAME: Readonly<Record<Lang, string>> = { en: 'English', fa: 'دری', ps: 'پښتو' }

export type Vars = Record<string, string | number>

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  if (!vars) return MESSAGES[lang][key] ?? en[key] ?? key
  // A count chooses its plural form ('list.count#one') by the language's own rules.
  const form = pluralKey(MESSAGES[lang], LANG_TAG[lang], key, vars) as MessageKey
  const text = MESSAGES[lang][form] ?? en[key] ?? key
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!(name in vars)) return m
    const v = vars[name]
    // Numbers are written in the reader's digits (۰–۹ in Dari and Pashto).
    return typeof v === 'number' && lang !== 'en' ? String(v).replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d))) : String(v)
  })
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'fa' || value === 'ps'
}

const GLOBAL_KEY = 'sanad.lang'
// Keyed by a tag of the username, not the name: a searched phone must not show who used Sanad on it.
const userKey = (username: string): string => `sanad.lang.user.${ownerTag(username)}`

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    /* storage disabled */
  }
}

/**
 * The language at start: `?lang=` when given (and then remembered), else the last choice on this
 * browser, else the browser's preference, else English.
 */
export function initialLang(search: string, navigatorLanguages: readonly string[]): Lang {
  const fromUrl = new URLSearchParams(search).get('lang')
  if (isLang(fromUrl)) {
    write(GLOBAL_KEY, fromUrl)
    return fromUrl
  }
  const stored = read(GLOBAL_KEY)
  if (isLang(stored)) return stored
  for (const l of navigatorLanguages) {
    const base = l.toLowerCase().split('-')[0]
    if (base === 'fa' || base === 'prs') return 'fa'
    if (base === 'ps' || base === 'pbt') return 'ps'
    if (base === 'en') return 'en'
  }
  return 'en'
}

/** The language a user chose before, if any (each account keeps its own). */
export function userLang(username: string): Lang | null {
  const v = read(userKey(username))
  return isLang(v) ? v : null
}

export function rememberLang(lang: Lang, username?: string): void {
  write(GLOBAL_KEY, lang)
  if (username) write(userKey(username), lang)
}

/** Sets <html lang dir> and the document title's language. */
export function applyLang(lang: Lang): void {
  const html = document.documentElement
  html.lang = LANG_TAG[lang]
  html.dir = LANG_DIR[lang]
}
