// The dossier prints a persecution incident's connected crime in its element checklist and an
// exhibit's verification records (#18 items 2 and 4), in English and Dari; exhibits.csv carries the
// verification status and phases.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { plainPackage, plainPdf, testRecipient } from '../../helpers/recipient-key.ts'

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/gu, '')

async function created(inject: Inject, url: string, payload: unknown): Promise<Record<string, string>> {
  const res = await inject({ method: 'POST', url, payload: payload as object })
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('a persecution incident connected to an imprisonment incident, and a geolocated exhibit, in the dossier', async (t) => {
  if (!requireTool(t, 'pdftotext', 'unzip')) return
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const persecution = await created(
    doc,
    '/api/v1/incidents',
    incidentInput({ title: 'Girls barred from school', categories: ['cah-persecution-gender'] })
  )
  const prison = await created(
    doc,
    '/api/v1/incidents',
    incidentInput({ title: 'Detention of protesters', categories: ['cah-imprisonment'] })
  )
  await created(doc, `/api/v1/incidents/${persecution.id}/links`, {
    to: prison.id,
    type: 'connected-to',
    category: 'cah-imprisonment',
    fromCategory: 'cah-persecution-gender'
  })
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${persecution.id}/evidence`, payload, headers })).json()
  await created(doc, `/api/v1/evidence/${item.id}/verifications`, {
    phase: 'technical',
    method: 'geolocation',
    finding: 'The school gate and the ridge line match',
    status: 'verified'
  })
  const c = await created(legal, '/api/v1/cases', {
    title: 'Gender persecution in Herat',
    incidentIds: [persecution.id],
    recipient: 'icc-otp',
    profile: 'full'
  })
  const dir = mkdtempSync(join(tmpdir(), 'sanad-connected-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const texts: Record<string, string> = {}
  for (const language of ['en', 'fa'] as const) {
    const asked = await legal({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/dossiers`,
      payload: { language, namesReviewed: true, recipientKey: (await testRecipient()).publicKey }
    })
    t.equal(asked.statusCode, 202, asked.body)
    await app.jobs.settle()
    const id = asked.json().id
    t.equal((await legal(`/api/v1/dossiers/${id}`)).json().status, 'ready')
    const pdf = join(dir, `${language}.pdf`)
    writeFileSync(pdf, await plainPdf((await legal(`/api/v1/dossiers/${id}/pdf`)).rawPayload))
    texts[language] = execFileSync('pdftotext', [pdf, '-'], { maxBuffer: 64 * 2 ** 20 }).toString('utf8')
    if (language === 'en') {
      const zip = join(dir, 'en.zip')
      writeFileSync(zip, await plainPackage((await legal(`/api/v1/dossiers/${id}/package`)).rawPayload))
      const list = execFileSync('unzip', ['-Z1', zip]).toString().split('\n')
      const csvPath = list.find((p) => p.endsWith('data/exhibits.csv'))
      const csv = execFileSync('unzip', ['-p', zip, csvPath ?? ''])
        .toString()
        .split('\r\n')
      const header = csv[0]?.split(',') ?? []
      const row = csv[1]?.split(',') ?? []
      t.equal(row[header.indexOf('verification_status')], 'partly-verified', 'one of three phases verified')
      t.equal(row[header.indexOf('verification_phases')], 'technical')
    }
  }
  const en = norm(texts.en ?? '')
  // Table cells wrap, so the label and the reference may come apart in the extracted text.
  t.match(en, norm('Connected crime:'), 'the element names its connected crime')
  t.match(en, norm(`${prison.reference} — Imprisonment`), 'the connected incident and its crime')
  t.match(en, norm('partly verified (technical analysis)'), 'the exhibit shows its verification')
  t.match(en, norm('geolocation'))
  t.match(en, norm('The school gate and the ridge line match'), 'the finding in a full dossier')
  const fa = norm(texts.fa ?? '')
  t.match(fa, norm('جنایت مرتبط'), 'Dari: the connected crime')
  t.match(fa, prison.reference ?? '', 'Dari: the connected incident')
  t.match(fa, norm('بخشی تأیید شده'), 'Dari: the status in Dari')
  t.match(fa, norm('مکان‌یابی'), 'Dari: the method in Dari')
  t.notMatch(fa, /partly-verified|geolocation\b/, 'no raw code in the Dari dossier')
})
