// Numbers and sizes in the reader's digits.

import { toNativeDigits, type UiLang } from './dates.ts'

export function formatNumber(n: number, lang: UiLang): string {
  return toNativeDigits(new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n), lang)
}

const UNITS: Record<UiLang, readonly string[]> = {
  en: ['bytes', 'KB', 'MB', 'GB', 'TB'],
  fa: ['بایت', 'کیلوبایت', 'مگابایت', 'گیگابایت', 'ترابایت'],
  ps: ['بایټ', 'کیلوبایټ', 'میګابایټ', 'ګیګابایټ', 'ټرابایټ']
}

export function formatBytes(n: number, lang: UiLang): string {
  let v = n
  let u = 0
  while (v >= 1024 && u < 4) {
    v /= 1024
    u++
  }
  const num = u === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)
  return `${toNativeDigits(num, lang)} ${UNITS[lang][u]}`
}

/** Gregorian 'YYYY-MM' month key → short label. */
export function monthKeyLabel(key: string, lang: UiLang): string {
  return toNativeDigits(key, lang)
}
