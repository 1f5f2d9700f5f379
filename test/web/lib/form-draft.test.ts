// Drafts of forms (web/src/lib/form-draft.ts) in this tab's storage: per user, form and record;
// all gone at sign-out. And schema paths named by the labels people see (web/src/lib/field-label.ts).
import t from 'tap'
import { clearAllDrafts, draftKey, hasUnsavedChanges, readDraft, removeDraft, writeDraft } from '../../../web/src/lib/form-draft.ts'
import { fieldLabel } from '../../../web/src/lib/field-label.ts'
import { translate } from '../../../web/src/i18n/index.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { en } from '../../../web/src/i18n/en.ts'

/** A sessionStorage like the browser's, for one test. */
function fakeStorage(t: { teardown: (fn: () => void) => void }): Map<string, string> {
  const items = new Map<string, string>()
  const storage = {
    get length() {
      return items.size
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, String(v)),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear()
  }
  Object.defineProperty(globalThis, 'sessionStorage', { value: storage, configurable: true })
  t.teardown(() => {
    clearAllDrafts()
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage
  })
  return items
}

t.test('a draft is kept per user, form and record, and read back after a reload', async (t) => {
  const items = fakeStorage(t)
  const key = draftKey('doc1', 'person', 'incident-1')
  t.not(key, draftKey('doc2', 'person', 'incident-1'), 'another account: another draft')
  t.not(key, draftKey('doc1', 'person', 'incident-2'), 'another record: another draft')
  t.equal(draftKey('doc1', 'incident'), draftKey('doc1', 'incident', undefined), 'a new record has one draft')
  writeDraft(key, { name: 'Witness One' })
  t.same(readDraft(key), { name: 'Witness One' })
  t.ok(items.has(key), 'in sessionStorage, which survives a reload of the tab')
  clearAllDrafts()
  items.set(key, JSON.stringify({ name: 'from storage' }))
  t.same(readDraft(key), { name: 'from storage' }, 'read from storage when memory is empty (after a reload)')
  removeDraft(key)
  t.equal(readDraft(key), null, 'saved: gone')
})

t.test('sign-out leaves no draft and no identity field in the tab; other keys stay', async (t) => {
  const items = fakeStorage(t)
  items.set('sanad.csrf', 'token')
  writeDraft(draftKey('doc1', 'person', 'i1'), { name: 'Witness One', contact: '+93 700 000 000' })
  writeDraft(draftKey('doc2', 'consent', 'p1'), { obtainedBy: 'Field Worker' })
  clearAllDrafts()
  t.same([...items.keys()], ['sanad.csrf'])
  t.notOk([...items.values()].some((v) => /Witness|Field Worker|\+93/.test(v)))
  t.equal(readDraft(draftKey('doc1', 'person', 'i1')), null, 'not in memory either')
  t.equal(hasUnsavedChanges(), false)
})

t.test('storage refused (private mode, full): the draft lives in memory', async (t) => {
  Object.defineProperty(globalThis, 'sessionStorage', {
    value: {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
      removeItem: () => {
        throw new Error('denied')
      },
      key: () => null,
      length: 0
    },
    configurable: true
  })
  t.teardown(() => {
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage
  })
  const key = draftKey('doc1', 'incident')
  writeDraft(key, { title: 'x' })
  t.same(readDraft(key), { title: 'x' })
  clearAllDrafts()
  t.equal(readDraft(key), null)
})

t.test('schema paths are named by the label on the form, in the reader’s language, never as paths', async (t) => {
  const labels = { title: 'form.title', 'occurred.from': 'form.date', occurred: 'form.when', perpetrators: 'form.perpetrators' } as const
  const tr = (lang: 'en' | 'fa') => (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(lang, k, v)
  t.equal(fieldLabel('title', labels, tr('fa'), 'fa'), fa['form.title'])
  t.equal(fieldLabel('occurred.from', labels, tr('fa'), 'fa'), fa['form.date'])
  t.equal(fieldLabel('occurred.precision', labels, tr('fa'), 'fa'), fa['form.when'], 'the nearest labelled parent')
  t.equal(
    fieldLabel('perpetrators.1.type', labels, tr('fa'), 'fa'),
    `${fa['form.perpetrators']} شماره ۲`,
    'an item by its number, in Dari digits'
  )
  t.equal(fieldLabel('perpetrators.0.type', labels, tr('en'), 'en'), `${en['form.perpetrators']} 1`)
  t.equal(fieldLabel('unknownThing', labels, tr('fa'), 'fa'), fa['form.otherField'], 'an unknown path: a word, not the path')
})
