// The dossier's "alleged perpetrators and linkage" section (#18 item 3): a commander linked by an
// ordering involvement with supporting exhibits, and the unit he commands, in English and Dari; a
// restricted dossier names him by pseudonym only and leaves out where he served.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { plainPdf, testRecipient } from '../../helpers/recipient-key.ts'

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/gu, '')

async function created(inject: Inject, url: string, payload: unknown): Promise<{ id: string; pseudonym: string; stableId: string }> {
  const res = await inject({ method: 'POST', url, payload: payload as object })
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function dossierText(app: FastifyInstance, legal: Inject, caseId: string, language: string, dir: string): Promise<string> {
  const asked = await legal({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/dossiers`,
    payload: { language, namesReviewed: true, recipientKey: (await testRecipient()).publicKey }
  })
  if (asked.statusCode !== 202) throw new Error(asked.body)
  await app.jobs.settle()
  const id = asked.json().id
  const pdf = join(dir, `${caseId}-${language}.pdf`)
  writeFileSync(pdf, await plainPdf((await legal(`/api/v1/dossiers/${id}/pdf`)).rawPayload))
  return norm(execFileSync('pdftotext', [pdf, '-'], { maxBuffer: 64 * 2 ** 20 }).toString('utf8'))
}

t.test('a commander linked by an ordering involvement with supporting exhibits appears in the English and Dari dossier', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const inc = await created(doc, '/api/v1/incidents', incidentInput({ title: 'Detention of protesters', categories: ['cah-imprisonment'] }))
  const commander = await created(doc, `/api/v1/incidents/${inc.id}/persons`, { role: 'perpetrator', name: 'Mullah Zarif Example' })
  const witness = await created(doc, `/api/v1/incidents/${inc.id}/persons`, { role: 'witness', name: 'Zarghuna Ahmadi' })
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${inc.id}/evidence`, payload, headers })).json()
  const gdi = await created(doc, '/api/v1/organisations', { kind: 'organisation', name: 'GDI', type: 'de-facto-authorities', organ: 'gdi' })
  const unit = await created(doc, '/api/v1/organisations', { kind: 'unit', name: 'Directorate 40 Herat', parent: gdi.id })
  await created(doc, `/api/v1/organisations/${unit.id}/positions`, { personId: commander.id, title: 'Commander of the night raids' })
  await created(doc, `/api/v1/incidents/${inc.id}/involvements`, {
    personId: commander.id,
    mode: 'ordering',
    category: 'cah-imprisonment',
    from: '2022-03-14',
    to: '2022-03-20',
    exhibits: [item.id],
    sources: [witness.id]
  })
  await created(doc, `/api/v1/incidents/${inc.id}/involvements`, { organisationId: unit.id, mode: 'direct-perpetration' })
  // A retracted record is not printed.
  const wrong = await created(doc, `/api/v1/incidents/${inc.id}/involvements`, { organisationId: gdi.id, mode: 'aiding-abetting' })
  await doc({ method: 'DELETE', url: `/api/v1/incidents/${inc.id}/involvements/${wrong.id}`, payload: { reason: 'wrong' } })

  const dir = mkdtempSync(join(tmpdir(), 'sanad-linkage-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const full = await created(legal, '/api/v1/cases', {
    title: 'Detentions in Herat',
    incidentIds: [inc.id],
    recipient: 'icc-otp',
    profile: 'full'
  })

  const en = await dossierText(app, legal, full.id, 'en', dir)
  t.match(en, norm('Alleged perpetrators and linkage'), 'the section is there')
  t.match(en, norm(commander.pseudonym), 'the commander by his pseudonym')
  // Table cells wrap, so a cell's words may come apart in the extracted text.
  t.match(en, norm('Ordering —'), 'the mode, in words')
  t.match(en, norm('25(3)(b)'), 'and its provision')
  t.match(en, norm('2022-03-14 –'), 'the period')
  t.match(en, norm('2022-03-20'))
  t.match(en, norm(`E1 · ${item.stableId}`), 'the supporting exhibit by number and stable id')
  t.match(en, norm(witness.pseudonym), 'the source by pseudonym')
  t.match(en, norm('Directorate 40 Herat'), 'the unit')
  t.match(en, norm('Direct perpetration —'))
  t.match(en, norm('25(3)(a)'))
  t.notMatch(en, norm('aiding-abetting'), 'the retracted record is left out')
  t.notMatch(en, norm('Mullah Zarif'), 'no consent to disclosure: no name')
  t.notMatch(en, norm('night raids'), 'nor where he served')

  const fa = await dossierText(app, legal, full.id, 'fa', dir)
  t.match(fa, norm('عاملان ادعایی و پیوند آنها'), 'Dari: the section')
  t.match(fa, norm(commander.pseudonym), 'Dari: the commander by pseudonym')
  t.match(fa, norm('دستور دادن'), 'Dari: ordering in Dari')
  t.match(fa, norm('ارتکاب مستقیم'), 'Dari: direct perpetration in Dari')
  t.match(fa, norm('ریاست عمومی استخبارات'), 'Dari: the organ in Dari')
  t.notMatch(fa, /ordering|direct-perpetration|de-facto-authorities/, 'no raw code in the Dari dossier')
})

t.test(
  'a commander who consented to disclosure is named with his position in a full dossier, by pseudonym only in a restricted one',
  async (t) => {
    if (!requireTool(t, 'pdftotext')) return
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const legal = await as(app, 'legal')
    const inc = await created(doc, '/api/v1/incidents', incidentInput({ categories: ['cah-imprisonment'] }))
    const commander = await created(doc, `/api/v1/incidents/${inc.id}/persons`, {
      role: 'perpetrator',
      name: 'Mullah Zarif Example',
      protected: false,
      consent: { storage: true, icc: true }
    })
    const unit = await created(doc, '/api/v1/organisations', { kind: 'organisation', name: 'GDI Herat', type: 'de-facto-authorities' })
    await created(doc, `/api/v1/organisations/${unit.id}/positions`, { personId: commander.id, title: 'Commander of the night raids' })
    await created(doc, `/api/v1/incidents/${inc.id}/involvements`, { personId: commander.id, mode: 'superior-military' })
    const dir = mkdtempSync(join(tmpdir(), 'sanad-linkage-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))

    const full = await created(legal, '/api/v1/cases', { title: 'Full', incidentIds: [inc.id], recipient: 'icc-otp', profile: 'full' })
    const named = await dossierText(app, legal, full.id, 'en', dir)
    t.match(named, norm(`${commander.pseudonym}: Mullah Zarif Example`), 'named where disclosure allows')
    t.match(named, norm('Commander of the night raids, GDI Herat'), 'with his position')
    t.match(named, norm('Command responsibility'), 'the military commander’s mode, in the app’s words')
    t.match(named, norm('Art. 28(a)'))

    const restricted = await created(legal, '/api/v1/cases', {
      title: 'Restricted',
      incidentIds: [inc.id],
      recipient: 'icc-otp',
      profile: 'restricted'
    })
    const text = await dossierText(app, legal, restricted.id, 'en', dir)
    t.match(text, norm(commander.pseudonym), 'the pseudonym')
    t.notMatch(text, norm('Mullah Zarif'), 'no name')
    t.notMatch(text, norm('night raids'), 'no position')
  }
)
