import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  FIXTURES,
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  signIn,
  startEnv,
  switchLang,
  waitUntil
} from '../browser-harness.ts'
import { ROOT } from '../../../scripts/bench/harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'

// A documenter on a phone records an incident, a witness and a photo with no network, reloads the app
// still offline, unlocks the encrypted queue, and when the network returns everything reaches the
// server in order: the photo with its device-signed `captured` entry before `ingested`, which the
// offline ledger verification accepts. What the phone stored is read raw: nothing readable in it.

const PASSPHRASE = 'checkpoint-proof river 7713'
const TITLE = 'Night raid Qala-e Fatullah'
const NARRATIVE = 'Masked men took Zarmina Rahimi brother at dawn'
const WITNESS = 'Gulalai Secretname'
const PHOTO = join(FIXTURES, 'kabul-phone.jpg')
const PHOTO_BYTES = readFileSync(PHOTO)
const PHOTO_SHA256 = createHash('sha256').update(PHOTO_BYTES).digest('hex')

/**
 * Everything this origin keeps in IndexedDB, localStorage and sessionStorage, as one latin1 string:
 * binary values (envelopes, CryptoKeys aside) byte for byte, so a run of clear bytes would show.
 */
async function rawStorage(page: Page): Promise<string> {
  return (await page.evaluate(`(async () => {
    const out = []
    const bytes = (b) => { let s = ''; for (const x of b) s += String.fromCharCode(x); return s }
    const flat = (v) => {
      if (v instanceof ArrayBuffer) return bytes(new Uint8Array(v))
      if (ArrayBuffer.isView(v)) return bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
      if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return '[CryptoKey ' + v.type + ' extractable=' + v.extractable + ']'
      if (Array.isArray(v)) return v.map(flat).join('|')
      if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => k + '=' + flat(x)).join('|')
      return String(v)
    }
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error) })
      for (const store of db.objectStoreNames) {
        const all = await new Promise((ok, ko) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error) })
        out.push(name + '/' + store + ':' + all.map(flat).join('\\n'))
      }
      db.close()
    }
    for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) out.push(s.key(i) + '=' + s.getItem(s.key(i)))
    return out.join('\\n')
  })()`)) as string
}

function assertNothingReadable(t: Test, raw: string, when: string): void {
  for (const secret of [TITLE, 'Zarmina', WITNESS, 'Secretname', 'kabul-phone.jpg'])
    t.notOk(raw.includes(secret), `${when}: no "${secret}" in clear`)
  // Any 64-byte run from the middle of the photo would show its bytes stored in clear.
  const runs = [1000, Math.floor(PHOTO_BYTES.length / 2), PHOTO_BYTES.length - 100].map((at) =>
    PHOTO_BYTES.subarray(at, at + 64).toString('latin1')
  )
  t.notOk(
    runs.some((r) => raw.includes(r)),
    `${when}: no run of the photo's bytes in clear`
  )
  t.notOk(/(private|secret) extractable=true/.test(raw), `${when}: no private or secret key kept in an exportable form`)
}

// One server and one Chromium for the file (starting them is most of a journey's cost): each journey
// has its own account and its own browser context, and the first (whose ledger is verified) runs first.
t.test('offline capture', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)

  await t.test('offline capture on a phone: draft, witness and photo survive an offline reload and reach the server signed', async (t) => {
    const documenter = await env.createUser('documenter')
    const { page, context, problems } = await guardedPage(env, { locale: 'en-US', viewport: PHONE, serviceWorkers: 'allow' })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    await page.evaluate('navigator.serviceWorker.ready')
    await waitUntil(page, 'navigator.serviceWorker.controller !== null')

    // Online once: set the passphrase; the phone enrols its device key.
    await page.click('a[href="/capture"]')
    await page.waitForSelector('input[name=passphrase-repeat]')
    await page.fill('input[name=passphrase]', PASSPHRASE)
    await page.fill('input[name=passphrase-repeat]', PASSPHRASE)
    await page.click('.capture-lock button[type=submit]')
    await page.waitForSelector('.device-status', { timeout: 60_000 })
    const devices = (await (await env.api(await env.apiLogin(documenter, USER_PASSWORD), 'GET', '/api/v1/devices')).json()) as {
      items: { id: string; revokedAt: string | null }[]
    }
    t.equal(devices.items.length, 1, 'the phone enrolled one device key')
    const deviceId = devices.items[0]!.id

    // No network: record the draft, a witness and a photo.
    await context.setOffline(true)
    await page.waitForSelector('.offline-notice')
    await page.fill('input[name=title]', TITLE)
    await page.fill('textarea[name=narrative]', NARRATIVE)
    await page.selectOption('select[name=province]', 'AF-KAB')
    await page.click('.draft-form button[type=submit]')
    await page.waitForSelector('.draft-card')
    await page.click('.draft-card .draft-actions button:has-text("Add person")')
    await page.fill('input[name=person-name]', WITNESS)
    await page.click('.person-form button[type=submit]')
    await page.waitForSelector('.queue-item.kind-person')
    await page.setInputFiles('.draft-card input.capture-camera', { name: 'kabul-phone.jpg', mimeType: 'image/jpeg', buffer: PHOTO_BYTES })
    await page.waitForSelector('.queue-item.kind-file', { timeout: 30_000 })
    t.equal(await page.evaluate(`document.querySelectorAll('.queue-state.state-waiting').length`), 3, 'draft, witness and photo wait')
    t.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, 'no horizontal scroll at 390 px')
    await screenshot(page, 'field-capture-offline', 'en')
    assertNothingReadable(t, await rawStorage(page), 'unlocked, offline')

    // Reload with no network: the app opens from the service worker, the queue is locked.
    await page.reload()
    await page.waitForSelector('input[name=passphrase]')
    t.equal(
      await page.evaluate(`document.querySelector('input[name=passphrase-repeat]') === null`),
      true,
      'it asks to unlock, not to set a passphrase'
    )
    t.notOk((await page.textContent('main'))?.includes(TITLE), 'nothing of the draft shows while locked')
    assertNothingReadable(t, await rawStorage(page), 'locked after reload')
    await page.fill('input[name=passphrase]', 'not the passphrase at all')
    await page.click('.capture-lock button[type=submit]')
    await page.waitForSelector('.capture-lock .alert')
    t.match(await page.textContent('.capture-lock .alert'), TEXT.en['capture.wrongPassphrase'], 'a wrong passphrase opens nothing')
    await page.fill('input[name=passphrase]', PASSPHRASE)
    await page.click('.capture-lock button[type=submit]')
    await page.waitForSelector('.draft-card')
    t.match(await page.textContent('.draft-card h3'), TITLE, 'the draft is back after an offline reload')

    // The network returns: everything is sent, in order.
    await context.setOffline(false)
    await waitUntil(
      page,
      `document.querySelectorAll('.queue-state').length === 3 && document.querySelectorAll('.queue-state:not(.state-sent)').length === 0`,
      90_000
    )
    await screenshot(page, 'field-capture-sent', 'en')

    const session = await env.apiLogin(documenter, USER_PASSWORD)
    const list = (await (await env.api(session, 'GET', `/api/v1/incidents?q=${encodeURIComponent('Qala-e Fatullah')}`)).json()) as {
      items: { id: string; title: string }[]
    }
    const incident = list.items.find((i) => i.title === TITLE)
    t.ok(incident, 'the draft is an incident on the server')
    const full = (await (await env.api(session, 'GET', `/api/v1/incidents/${incident!.id}`)).json()) as {
      narrative: string
      status: string
    }
    t.equal(full.narrative, NARRATIVE)
    t.equal(full.status, 'draft')
    const persons = (await (await env.api(session, 'GET', `/api/v1/incidents/${incident!.id}/persons`)).json()) as {
      items: { role: string }[]
    }
    t.same(
      persons.items.map((p) => p.role),
      ['witness'],
      'the witness, once'
    )
    const evidence = (await (await env.api(session, 'GET', `/api/v1/incidents/${incident!.id}/evidence`)).json()) as {
      items: { id: string; sha256: string }[]
    }
    t.equal(evidence.items.length, 1, 'the photo, once')
    t.equal(evidence.items[0]!.sha256, PHOTO_SHA256, 'byte for byte')
    const custody = (await (await env.api(session, 'GET', `/api/v1/evidence/${evidence.items[0]!.id}/custody`)).json()) as {
      items: { entry: { type: string; details: { device?: string } } }[]
    }
    t.same(
      custody.items.slice(0, 2).map((i) => i.entry.type),
      ['captured', 'ingested'],
      'custody starts at capture on the phone'
    )
    t.equal(custody.items[0]!.entry.details.device, deviceId, 'signed by the enrolled device')
    assertNothingReadable(t, await rawStorage(page), 'after sending')

    // The same screen in Dari fits the phone too.
    await switchLang(page, 'fa')
    t.equal(await page.textContent('#page-title'), TEXT.fa['capture.title'])
    t.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, 'no horizontal scroll in Dari')
    await screenshot(page, 'field-capture-sent', 'fa')
    await switchLang(page, 'en')

    // Meanwhile the incident is edited on the server, and the phone edits its draft too: a conflict,
    // shown on the phone; the server's version is not overwritten.
    const edited = await env.api(session, 'PATCH', `/api/v1/incidents/${incident!.id}`, { title: 'Edited on the server', baseRevision: 1 })
    t.equal(edited.status, 200, 'the server copy moves to revision 2')
    await page.click('.draft-card .draft-actions button:has-text("Edit draft")')
    await page.fill('input[name=title]', 'Edited on the phone')
    await page.click('.draft-form button[type=submit]')
    await page.waitForSelector('.draft-card .queue-state.state-conflict', { timeout: 60_000 })
    t.match(await page.textContent('.draft-card .alert'), TEXT.en['capture.conflict'], 'the conflict is shown')
    const kept = (await (await env.api(session, 'GET', `/api/v1/incidents/${incident!.id}`)).json()) as { title: string; revision: number }
    t.same([kept.title, kept.revision], ['Edited on the server', 2], 'the server copy is not overwritten')
    await page.click('.draft-card .alert button')
    await waitUntil(page, `document.querySelectorAll('.queue-state:not(.state-sent)').length === 0`, 30_000)
    t.match(await page.textContent('.draft-card h3'), 'Edited on the server', "the phone now shows the server's version")

    // Quick exit: one tap to a neutral page; the queue is locked and the tab forgets the session.
    await page.click('.quick-exit')
    await page.waitForURL(`${env.url}/calculator`)
    await page.waitForSelector('.calc-keys')
    const shown = (await page.textContent('#app')) ?? ''
    t.notOk(/Sanad|سند/.test(shown), 'nothing of Sanad on the neutral page')
    t.equal(await page.title(), 'Calculator')
    t.equal(await page.evaluate('sessionStorage.length'), 0, 'the tab keeps no session')
    const afterExit = await rawStorage(page)
    assertNothingReadable(t, afterExit, 'after quick exit')
    t.notOk(afterExit.toLowerCase().includes(documenter.toLowerCase()), 'after quick exit: not even the account name is on the phone')
    t.same(
      problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|\/api\/v1\//.test(p)),
      [],
      'no page error'
    )

    // The ledger, checked offline, accepts the device-signed capture.
    const verify = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/verify.ts'), '--data-dir', env.dataDir], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    t.equal(verify.status, 0, verify.stdout + verify.stderr)
    t.match(verify.stdout, /1 device-signed capture records verified/)
  })

  await t.test('signing out offers to keep the encrypted queue or delete it; deleting leaves nothing of it', async (t) => {
    const documenter = await env.createUser('documenter', 'bt-documenter-sign-out')
    const { page, context } = await guardedPage(env, { locale: 'en-US', viewport: PHONE })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    await page.click('a[href="/capture"]')
    await page.waitForSelector('input[name=passphrase-repeat]')
    await page.fill('input[name=passphrase]', 'short')
    await page.fill('input[name=passphrase-repeat]', 'short')
    await page.click('.capture-lock button[type=submit]')
    await page.waitForSelector('.capture-lock .alert')
    t.match(await page.textContent('.capture-lock .alert'), TEXT.en['capture.tooShort'], 'a short passphrase is refused')
    await page.fill('input[name=passphrase]', PASSPHRASE)
    await page.fill('input[name=passphrase-repeat]', PASSPHRASE)
    await page.click('.capture-lock button[type=submit]')
    await page.waitForSelector('.device-status', { timeout: 60_000 })
    // Kept offline so the draft stays in the queue.
    await context.setOffline(true)
    await page.fill('input[name=title]', TITLE)
    await page.fill('textarea[name=narrative]', NARRATIVE)
    await page.selectOption('select[name=province]', 'AF-KAB')
    await page.click('.draft-form button[type=submit]')
    await page.waitForSelector('.draft-card')
    await context.setOffline(false)
    await page.click('.lock-queue')
    await page.waitForSelector('input[name=passphrase]')
    t.notOk((await page.textContent('main'))?.includes(TITLE), 'locking clears the screen')

    await page.click('button.sign-out')
    await page.waitForSelector('.sign-out-choice')
    t.match(await page.textContent('.sign-out-choice'), TEXT.en['offline.signOutQuestion'])
    await page.click('.sign-out-choice button.danger')
    await page.waitForSelector('input[name=username]')
    const left = (await page.evaluate(`(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('sanad-offline'); r.onsuccess = () => ok(r.result) })
    const count = (s) => new Promise((ok) => { const r = db.transaction(s).objectStore(s).count(); r.onsuccess = () => ok(r.result) })
    const out = { keyrings: await count('keyrings'), items: await count('items'), chunks: await count('chunks') }
    db.close()
    return out
  })()`)) as Record<string, number>
    t.same(left, { keyrings: 0, items: 0, chunks: 0 }, 'keyring, items and chunks are gone')
  })

  await t.test('forms: a witness name typed into the add-person form is in no browser storage, queue locked or unlocked', async (t) => {
    const { en } = TEXT
    const NAME = 'Palwasha Hiddenname'
    const documenter = await env.createUser('documenter', 'bt-documenter-forms')
    const api = await env.apiLogin(documenter, USER_PASSWORD)
    const incident = (await (
      await env.api(api, 'POST', '/api/v1/incidents', {
        title: 'Night raid',
        narrative: 'Armed men entered the village.',
        narrativeLanguage: 'en',
        occurred: { from: '2024-08-14' },
        location: { province: 'AF-KAB' },
        categories: ['cah-murder']
      })
    ).json()) as { id: string }
    const { page, context, problems } = await guardedPage(env, { locale: 'en-US', viewport: PHONE })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    const assertNoName = async (when: string): Promise<void> => {
      const raw = await rawStorage(page)
      for (const part of [NAME, 'Palwasha', 'Hiddenname']) t.notOk(raw.includes(part), `${when}: no "${part}" in any storage`)
    }

    // Locked (no passphrase yet): the draft lives in memory only.
    await page.goto(`${env.url}/incidents/${incident.id}/persons`)
    await page.getByRole('button', { name: en['persons.add'] }).click()
    await page.getByLabel(new RegExp(`^${en['persons.name']}`)).fill(NAME)
    await page.waitForTimeout(500)
    await assertNoName('typed, queue locked')

    // Unlocked: the draft is kept in the tab, sealed with the queue's key (here the incident form's
    // narrative, a free-text field that names the same witness).
    // The form holds unsaved work: leaving it asks first.
    await page.click('a[href="/capture"]')
    await page.getByRole('button', { name: en['leave.go'] }).click()
    await page.waitForSelector('input[name=passphrase-repeat]')
    await page.fill('input[name=passphrase]', PASSPHRASE)
    await page.fill('input[name=passphrase-repeat]', PASSPHRASE)
    await page.click('.capture-lock button[type=submit]')
    await waitUntil(page, `!document.querySelector('.capture-lock')`)
    await page.click('a[href="/incidents/new"]')
    await page.waitForSelector('form.incident-form')
    await page.fill('textarea[name=narrative]', `${NAME} saw the raid.`)
    await waitUntil(page, `Object.keys(sessionStorage).some((k) => k.startsWith('sanad.draft.') && k.includes('.incident.'))`)
    await assertNoName('typed, queue unlocked, draft sealed in the tab')
    t.same(problems, [], 'no page error')
  })
})
