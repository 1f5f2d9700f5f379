// Drafts of forms (web/src/lib/form-draft.ts): in memory, and in this tab's storage only sealed with the
// unlocked offline queue's key; per user, form and record; all gone at sign-out. And schema paths named by the labels people see (web/src/lib/field-label.ts).
import t from 'tap'
import {
  clearAllDrafts,
  draftKey,
  hasUnsavedChanges,
  readDraft,
  removeDraft,
  restoreDraft,
  writeDraft
} from '../../../web/src/lib/form-draft.ts'
import { ownerTag } from '../../../web/src/lib/owner-tag.ts'
import { lock, setPassphrase } from '../../../web/src/offline/vault.ts'
import { memoryStore } from '../../../web/src/offline/store.ts'
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

t.test('a draft is kept per user, form and record; locked, in memory only: nothing in storage', async (t) => {
  const items = fakeStorage(t)
  const owner = ownerTag('doc1')
  const key = draftKey('doc1', 'person', 'incident-1')
  t.not(key, draftKey('doc2', 'person', 'incident-1'), 'another account: another draft')
  t.not(key, draftKey('doc1', 'person', 'incident-2'), 'another record: another draft')
  t.equal(draftKey('doc1', 'incident'), draftKey('doc1', 'incident', undefined), 'a new record has one draft')
  t.notOk(key.includes('doc1'), 'the key does not name the account')
  writeDraft(key, { name: 'Witness One' }, owner)
  t.same(readDraft(key), { name: 'Witness One' })
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal(items.size, 0, 'the queue is locked: nothing in sessionStorage')
  removeDraft(key)
  t.equal(readDraft(key), null, 'saved: gone')
})

t.test('with the queue unlocked, the draft is sealed in storage and opens after a reload only while unlocked', async (t) => {
  const items = fakeStorage(t)
  const owner = ownerTag('doc1')
  await setPassphrase(owner, 'checkpoint-proof river 7713', memoryStore())
  t.teardown(lock)
  const key = draftKey('doc1', 'person', 'incident-1')
  writeDraft(key, { name: 'Witness One', contact: '+93 700 000 000' }, owner)
  for (let i = 0; i < 100 && !items.has(key); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  t.ok(items.has(key), 'in sessionStorage, which survives a reload of the tab')
  t.notMatch(items.get(key) ?? '', /Witness|\+93|700/, 'sealed: no name, no contact in clear')
  const sealed = items.get(key) ?? ''

  // A reload: memory is empty, the sealed draft is in the tab.
  clearAllDrafts()
  items.set(key, sealed)
  t.same(await restoreDraft(key, owner), { name: 'Witness One', contact: '+93 700 000 000' }, 'opened with the unlocked key')
  t.equal(await restoreDraft(draftKey('doc1', 'person', 'incident-2'), owner), null, 'nothing for another record')
  items.set(draftKey('doc1', 'person', 'incident-2'), sealed)
  t.equal(await restoreDraft(draftKey('doc1', 'person', 'incident-2'), owner), null, 'a sealed draft moved to another record does not open')
  clearAllDrafts()
  items.set(key, sealed)
  lock()
  t.equal(await restoreDraft(key, owner), null, 'locked: it does not open')
  t.equal(await restoreDraft(key, ownerTag('doc2')), null, 'nor for another account')
  writeDraft(key, { name: 'Witness Two' }, owner)
  t.notOk(items.has(key), 'typed while locked: the older sealed copy goes, the new text stays in memory')
  t.same(readDraft(key), { name: 'Witness Two' })
})

t.test('sign-out leaves no draft and no identity field in the tab; other keys stay', async (t) => {
  const items = fakeStorage(t)
  items.set('sanad.csrf', 'token')
  writeDraft(draftKey('doc1', 'person', 'i1'), { name: 'Witness One', contact: '+93 700 000 000' }, ownerTag('doc1'))
  writeDraft(draftKey('doc2', 'consent', 'p1'), { obtainedBy: 'Field Worker' }, ownerTag('doc2'))
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
  writeDraft(key, { title: 'x' }, ownerTag('doc1'))
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
