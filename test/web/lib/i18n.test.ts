import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

t.test('Dari and Pashto have every English key, no other, each translated with the same placeholders', async (t) => {
  const keys = Object.keys(en)
  for (const [name, catalogue] of [
    ['fa', fa],
    ['ps', ps]
  ] as const) {
    const own = Object.keys(catalogue)
    t.same(
      keys.filter((k) => !own.includes(k)),
      [],
      `${name}: no key missing`
    )
    t.same(
      own.filter((k) => !keys.includes(k)),
      [],
      `${name}: no extra key`
    )
    for (const k of keys) {
      const text = (catalogue as Record<string, string>)[k] ?? ''
      if (text.trim() === '') t.fail(`${name}.${k} is empty`)
      if (placeholders(text).join() !== placeholders((en as Record<string, string>)[k]!).join()) t.fail(`${name}.${k}: placeholders differ`)
    }
  }
})

t.test('Dari and Pashto texts are written in Arabic script (nothing left untranslated by mistake)', async (t) => {
  // Codes, units and format examples may stay Latin; every sentence must not.
  for (const [name, catalogue] of [
    ['fa', fa],
    ['ps', ps]
  ] as const) {
    for (const [k, v] of Object.entries(catalogue)) {
      if (
        /[A-Za-z]{4,}/.test(v.replace(/SHA-\d+|Ed25519|GPS|JPEG|PNG|PDF|WhatsApp|name\+keyid\+base64|[A-F] —/g, '')) &&
        !/[\u0600-\u06ff]/.test(v)
      )
        t.fail(`${name}.${k} looks untranslated: ${v}`)
    }
  }
})

t.test('Dari strings use no letters that exist only in Pashto', async (t) => {
  const pashtoOnly = /[ټډړږښګڼېۍځڅ]/
  for (const [k, v] of Object.entries(fa)) if (pashtoOnly.test(v)) t.fail(`fa.${k} has a Pashto letter: ${v}`)
})
