// The evidence panel of an incident by itself (test/web/component-harness.ts): the exhibits with
// their consistency flags in Dari, who is offered the upload, and what an upload sends: the file
// with the SHA-256 this browser computed, so the server keeps only exactly those bytes.
import { createHash } from 'node:crypto'
import t from 'tap'
import type { Evidence, Incident } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { formatBytes } from '../../../web/src/lib/format.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx } from '../component-harness.ts'

const DOC: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const LEGAL: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }
const AUDITOR: Ctx = { lang: 'en', role: 'auditor', username: 'auditor1' }
const INCIDENT_ID = '0190a2b4-0000-7000-8000-00000000000a'
const LIST = `GET /api/v1/incidents/${INCIDENT_ID}/evidence`
const UPLOAD = `POST /api/v1/incidents/${INCIDENT_ID}/evidence`

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: INCIDENT_ID,
  reference: 'SND-2026-0007',
  revision: 1,
  status: 'verified',
  title: 'Night raid',
  occurred: { from: '2024-08-14', to: '2024-08-14', precision: 'day', fromSolarHijri: '1403-05-24', toSolarHijri: '1403-05-24' },
  location: { province: 'AF-GHA' },
  categories: ['cah-murder'],
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const exhibit = (n: number, over: Partial<Evidence> = {}): Evidence => ({
  id: `0190a2b4-0000-7000-8000-0000000000e${n}`,
  stableId: `SND-E-2026-00000${n}`,
  incidentId: INCIDENT_ID,
  sha256: String(n).repeat(64),
  sha512: String(n).repeat(128),
  size: 2_345_678,
  mediaType: 'image/jpeg',
  name: `photo-${n}.jpg`,
  metadata: { status: 'ok' },
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const BYTES = Buffer.from('the bytes of a photograph taken in Andar')
const SHA256 = createHash('sha256').update(BYTES).digest('hex')

t.test('the evidence panel', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('exhibits listed with their size, hash and flags in Dari; each opens its own page', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, {
      body: { items: [exhibit(1), exhibit(2, { flags: ['EDITING_SOFTWARE', 'GPS_FAR_FROM_INCIDENT'] })] }
    })
    await s.mount('evidence-panel', { incident: incident() }, LEGAL)
    await s.waitFor('table.evidence-table tbody tr')
    t.equal(await s.text('caption'), fa['evidence.listCaption'].replace('{n}', '۲'))
    const rows = s.page.locator('tbody tr')
    t.equal(await rows.nth(0).locator('a').getAttribute('href'), `/evidence/${exhibit(1).id}`)
    t.match((await rows.nth(0).textContent()) ?? '', formatBytes(2_345_678, 'fa'), 'the size in Dari units and digits')
    t.match((await rows.nth(0).locator('code').textContent()) ?? '', '1'.repeat(16), 'the start of the SHA-256')
    t.equal(await rows.nth(0).locator('.badge-ok').textContent(), fa['evidence.noFlags'])
    t.same(await rows.nth(1).locator('.badge-warning').allTextContents(), [
      fa['mediaFlag.EDITING_SOFTWARE'],
      fa['mediaFlag.GPS_FAR_FROM_INCIDENT']
    ])
    t.equal(await rows.nth(1).locator('.badge-ok').count(), 0, 'a flagged exhibit is not marked clean')
    t.same(s.requests, [LIST])
    t.same(s.problems, [])
  })

  t.test('only a documenter is offered the upload, and not on a retracted incident', async (t) => {
    // One subtest per case: each gives its page back for the next.
    for (const [ctx, inc, want, why] of [
      [DOC, incident(), 1, 'documenter'],
      [DOC, incident({ retracted: { at: '2026-01-11T08:00:00.000Z', by: 'doc1', reason: 'duplicate' } }), 0, 'retracted incident'],
      [LEGAL, incident(), 0, 'legal reads'],
      [AUDITOR, incident(), 0, 'auditor checks']
    ] as const)
      await t.test(why, async (t) => {
        const s = await screenPage(t, browser)
        s.answer(LIST, { body: { items: [] } })
        await s.mount('evidence-panel', { incident: inc }, ctx)
        await s.waitFor('.empty')
        t.equal(await s.page.locator('[data-testid=evidence-drop]').count(), want, why)
      })
  })

  t.test('an upload sends the file with the hash computed here; the server’s matching hash is confirmed', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } }, { body: { items: [exhibit(3, { sha256: SHA256, name: 'andar.jpg' })] } })
    s.answer(UPLOAD, { status: 201, body: exhibit(3, { sha256: SHA256, name: 'andar.jpg' }) })
    await s.mount('evidence-panel', { incident: incident() }, DOC)
    await s.waitFor('.empty')
    await s.page.locator('summary', { hasText: fa['upload.details'] }).click()
    await s.page.getByLabel(fa['upload.source']).selectOption('messaging-app')
    await s.page.getByLabel(fa['upload.description']).fill('عکس از محل')
    await s.page
      .locator('[data-testid=evidence-drop] input[type=file]')
      .setInputFiles({ name: 'andar.jpg', mimeType: 'image/jpeg', buffer: BYTES })
    await s.waitFor('.upload-done')
    const sent = String(s.bodies[UPLOAD]?.[0])
    t.match(sent, new RegExp(`name="sha256"\\r\\n\\r\\n${SHA256}\\r\\n`), 'the SHA-256 of exactly these bytes, computed in the browser')
    t.match(sent, /name="source"\r\n\r\nmessaging-app\r\n/)
    t.match(sent, /name="description"\r\n\r\nعکس از محل\r\n/)
    t.match(sent, /name="file"; filename="andar.jpg"/)
    t.match(sent, BYTES.toString())
    t.ok(sent.indexOf('name="sha256"') < sent.indexOf('name="file"'), 'the hash before the file, so the server knows it while reading')
    t.equal(await s.text('.upload-done .hash-line code'), SHA256)
    t.equal(await s.text('.upload-done .badge-ok'), fa['upload.hashMatched'])
    t.equal(await s.page.locator('.upload-done a').getAttribute('href'), `/evidence/${exhibit(3).id}`)
    await s.waitFor('table.evidence-table')
    t.same(s.requests, [LIST, UPLOAD, LIST], 'the list is asked again after the upload')
    t.same((await s.recorded()).announcements, [fa['upload.doneOne'].replace('{name}', 'andar.jpg')])
    t.same(s.problems, [])
  })

  t.test('a server that holds different bytes is shown as a differing hash, never as a match', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } })
    s.answer(UPLOAD, { status: 201, body: exhibit(4, { sha256: 'f'.repeat(64), alreadyHeld: true } as Partial<Evidence>) })
    await s.mount('evidence-panel', { incident: incident() }, { ...DOC, lang: 'en' })
    await s.waitFor('.empty')
    await s.page
      .locator('[data-testid=evidence-drop] input[type=file]')
      .setInputFiles({ name: 'x.jpg', mimeType: 'image/jpeg', buffer: BYTES })
    await s.waitFor('.upload-done')
    t.equal(await s.text('.upload-done .badge-error'), en['upload.hashDiffers'])
    t.equal(await s.page.locator('.upload-done .badge-ok').count(), 0)
    t.equal(await s.text('.upload-done .badge-info'), en['upload.alreadyHeld'], 'bytes already held are said to be')
  })

  t.test('a refused upload says why in Dari, and keeps the other files going', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } })
    s.answer(UPLOAD, apiError(422, 'SANAD_ERR_HASH_MISMATCH'), { status: 201, body: exhibit(5, { sha256: SHA256 }) })
    await s.mount('evidence-panel', { incident: incident() }, DOC)
    await s.waitFor('.empty')
    await s.page.locator('[data-testid=evidence-drop] input[type=file]').setInputFiles([
      { name: 'first.jpg', mimeType: 'image/jpeg', buffer: BYTES },
      { name: 'second.jpg', mimeType: 'image/jpeg', buffer: BYTES }
    ])
    await s.waitFor('.upload-failed [role=alert]')
    await s.waitFor('.upload-done')
    t.equal(await s.text('.upload-failed [role=alert]'), fa['error.SANAD_ERR_HASH_MISMATCH'])
    t.match((await s.text('.upload-failed .upload-name')) ?? '', 'first.jpg')
    t.match((await s.text('.upload-done .upload-name')) ?? '', 'second.jpg')
    t.same(
      (await s.recorded()).announcements,
      [fa['upload.failedOne'].replace('{name}', 'first.jpg'), fa['upload.doneOne'].replace('{name}', 'second.jpg')],
      'one at a time, in order'
    )
  })

  t.test('a list the server refuses is an error in the reader’s language, not an empty list', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('evidence-panel', { incident: incident() }, LEGAL)
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_NEED_TO_KNOW'])
    t.equal(await s.page.locator('.empty').count(), 0)
  })
})
