// No raw code in a dossier (#17 item 6): a case touching every code family — incident and element
// statuses, categories, person roles, perpetrator types and involvements, modes of liability,
// incident link types, evidence sources, verification statuses and methods, custody events recorded
// by people (a translation among them), a depicts link and a blurred copy — built through the API as a Dari and a Pashto PDF, whose
// extracted text (pdftotext) holds none of the codes. Codes with a dash or underscore are sought: the
// world's English titles are recorded text, and a plain English word there is no code.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testApp, incidentInput, accountFor, asRole } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { FA_CODES } from '../../../server/modules/cases/code-labels.ts'

function enumOf(name: string, path: string): string[] {
  let node: unknown = JSON.parse(readFileSync(new URL(`../../../schemas/${name}.json`, import.meta.url), 'utf8'))
  for (const key of path.split('.')) node = (node as Record<string, unknown>)[key]
  return (node as { enum: string[] }).enum
}

/** Every code family the case below touches, and the codes of each that a reader could see. */
const FAMILIES: Record<string, string[]> = {
  incidentStatus: enumOf('incident-query', 'properties.status'),
  elementStatus: enumOf('incident-input', '$defs.elementStatus'),
  category: ['cah-persecution-gender', 'cah-imprisonment'],
  role: enumOf('person', '$defs.personRole'),
  perpetratorType: enumOf('incident-input', '$defs.perpetrator.properties.type'),
  involvement: enumOf('incident-input', '$defs.perpetrator.properties.involvement'),
  liabilityMode: enumOf('involvement-input', '$defs.mode'),
  linkType: enumOf('incident-link-input', 'properties.type'),
  sourceType: enumOf('incident-input', '$defs.source.properties.type'),
  evidenceSource: enumOf('evidence-upload', 'properties.source'),
  verificationStatus: enumOf('verification-input', 'properties.status'),
  verificationMethod: enumOf('verification-input', 'properties.method'),
  custodyEvent: Object.keys(FA_CODES.custodyEvent),
  custodyValue: ['fromSource', 'medium', 'method', 'kind', 'certification'].flatMap((f) =>
    enumOf('custody-event-input', `properties.${f}`)
  ),
  // The lineage entry of a blurred copy (its method) and the withheld reasons of the exhibits it concerns.
  derivative: [
    'pixelate-then-box-blur-v1',
    'depicted-without-image-consent',
    'blurred-copy',
    'blurred-copy-of',
    'not-named',
    'not-printed',
    'not-in-export'
  ]
}

/** The plain words of the depicts and blurred-copy entries of the custody table, per language. */
const PERSON_LINK_WORDS = {
  en: ['A depicted person was linked (image or voice consent checked per exhibit)', 'Blurred copy made', 'not named here'],
  fa: ['شخصی که این مدرک نشان می‌دهد پیوند داده شد', 'تارشده ساخته شد', 'در اینجا نام برده نمی‌شود'],
  ps: ['هغه کس چې دا سند یې ښيي وتړل شو', 'تته کاپي جوړه شوه', 'دلته نه نومول کېږي']
} as const
const CODES = [...new Set(Object.values(FAMILIES).flat())].filter((c) => /[-_]/.test(c))

async function created(inject: Inject, url: string, payload: unknown): Promise<{ id: string } & Record<string, string>> {
  const res = await inject({ method: 'POST', url, payload: payload as object })
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function upload(inject: Inject, incident: string, name: string, extra: Array<{ name: string; value: string }> = []) {
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture(name), filename: name }, ...extra])
  const res = await inject({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json() as { id: string }
}

t.test('a Dari and a Pashto dossier of a case touching every code family print no code', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const account = await accountFor(app, 'documenter')
  await app.inject({
    method: 'PUT',
    url: `/api/v1/users/${account.id}/staff-code`,
    headers: await asRole(app, 'admin'),
    payload: { staffCode: 'TR-03' }
  })
  const persecution: { id: string } = await created(
    doc,
    '/api/v1/incidents',
    incidentInput({
      title: 'Girls barred from school',
      categories: ['cah-persecution-gender'],
      qualifications: [
        {
          category: 'cah-persecution-gender',
          elements: [
            { element: 'severe-deprivation-of-rights', status: 'partly-supported' },
            { element: 'gender-ground', status: 'not-assessed' }
          ]
        }
      ],
      perpetrators: [{ type: 'de-facto-authorities', organ: 'mpvpv', involvement: 'ordered' }],
      sources: [{ type: 'official-decree' }, { type: 'witness-testimony' }]
    })
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
  const commander = await created(doc, `/api/v1/incidents/${persecution.id}/persons`, { role: 'perpetrator', name: 'Mullah Zarif Example' })
  const witness = await created(doc, `/api/v1/incidents/${persecution.id}/persons`, { role: 'witness', name: 'Zarghuna Ahmadi' })
  const photo = await upload(doc, persecution.id, 'kabul-phone.jpg', [{ name: 'source', value: 'device-handover' }])
  const statement = await upload(doc, persecution.id, 'statement.txt')
  // The photo shows the witness (no image consent): a depicts link, and a blurred copy to stand in.
  await created(doc, `/api/v1/evidence/${photo.id}/depicts`, { personId: witness.id })
  await created(doc, `/api/v1/evidence/${photo.id}/derivatives`, { kind: 'blurred' })
  await created(doc, `/api/v1/incidents/${persecution.id}/involvements`, {
    personId: commander.id,
    mode: 'aiding-abetting',
    category: 'cah-persecution-gender',
    exhibits: [photo.id]
  })
  await created(doc, `/api/v1/evidence/${photo.id}/verifications`, {
    phase: 'technical',
    method: 'geolocation',
    finding: 'The school gate matches',
    status: 'partly-verified'
  })
  await created(doc, `/api/v1/evidence/${photo.id}/custody-events`, {
    type: 'received',
    occurredAt: '2022-03-20',
    fromSource: 'community-member',
    medium: 'memory-card',
    method: 'in-person'
  })
  await created(doc, `/api/v1/evidence/${statement.id}/custody-events`, {
    type: 'transcribed-or-translated',
    occurredAt: '2022-04-01',
    originalId: photo.id,
    kind: 'transcript-and-translation',
    sourceLanguage: 'fa-AF',
    targetLanguage: 'en',
    method: 'machine-assisted',
    certification: 'informal'
  })
  const c = await created(legal, '/api/v1/cases', {
    title: 'Gender persecution in Herat',
    incidentIds: [persecution.id, prison.id],
    recipient: 'icc-otp',
    profile: 'restricted',
    elementLinks: [
      { incidentId: persecution.id, category: 'cah-persecution-gender', element: 'severe-deprivation-of-rights', evidenceIds: [photo.id] }
    ]
  })
  const dir = mkdtempSync(join(tmpdir(), 'sanad-dossier-codes-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const language of ['en', 'fa', 'ps'] as const) {
    const res = await legal({ method: 'POST', url: `/api/v1/cases/${c.id}/dossiers`, payload: { namesReviewed: true, language } })
    t.equal(res.statusCode, 202, `${language}: the dossier is asked for`)
    await app.jobs.settle()
    const d = (await legal(`/api/v1/dossiers/${res.json().id}`)).json()
    t.equal(d.status, 'ready', language)
    const file = join(dir, `${language}.pdf`)
    writeFileSync(file, (await legal(`/api/v1/dossiers/${d.id}/pdf`)).rawPayload)
    const text = execFileSync('pdftotext', [file, '-'], { maxBuffer: 64 * 2 ** 20 }).toString('utf8')
    const words = new Set(text.split(/[^A-Za-z0-9_-]+/).filter((w) => w.length > 0))
    // In English, codes that are plain words (`verified`, `witness`) may stand in a sentence: only
    // compound codes are sought there.
    t.same(
      CODES.filter((code) => words.has(code) && (language !== 'en' || /[-_]/.test(code))),
      [],
      `${language}: no code in the extracted text`
    )
    t.ok(text.includes('TR-03'), `${language}: the translator's staff code is printed`)
    // pdftotext breaks lines inside table cells: English is read in content-stream order (-raw), where a
    // wrapped cell reads whole; right-to-left text comes out of -raw in visual order, so there every word
    // of the phrase is sought (direction marks and joiners left out).
    const fold = (s: string): string => s.replace(/[\u200c-\u200f\u202a-\u202e]/g, '').replace(/\s+/g, ' ')
    const raw = fold(execFileSync('pdftotext', ['-raw', file, '-'], { maxBuffer: 64 * 2 ** 20 }).toString('utf8'))
    const rtlWords = new Set(
      fold(text)
        .replace(/[؛،:;.,()]/g, ' ')
        .split(/\s+/)
    )
    for (const phrase of PERSON_LINK_WORDS[language]) {
      const found =
        language === 'en'
          ? raw.includes(phrase)
          : fold(phrase)
              .split(' ')
              .every((w) => rtlWords.has(w))
      t.ok(found, `${language}: the custody table says "${phrase}"`)
    }
    t.notOk(text.includes(witness.id), `${language}: the depicted person's id is not printed`)
    t.notOk(text.includes('Zarghuna'), `${language}: nor the name`)
  }
})
