// A small world for the case-file tests (not a test file itself): incidents in Dari and English,
// persons with every kind of consent, evidence of every kind, and a legal liaison who builds cases.
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, accountFor } from './app.ts'
import { as, type Inject } from './client.ts'
import { multipart } from './multipart.ts'
import { DARI_SENTENCE, DARI_SHAPING, DARI_NARRATIVE } from '../fixtures/pdf/sample-model.ts'
import type { BuildOptions } from '../../server/app.ts'
import { mergedIntoLookup } from '../../server/modules/links/service.ts'
import { casesService } from '../../server/modules/cases/service.ts'
import { evidenceFixture } from './files.ts'
import { plainPackage, plainPdf, testRecipient } from './recipient-key.ts'

export const fixture = evidenceFixture

/** The Dari narrative of incident A: a sentence with digits and a Latin word, then a long paragraph. */
export const NARRATIVE_FA = `${DARI_SENTENCE}.\n${DARI_SHAPING}.\n${DARI_NARRATIVE}`
export { DARI_SENTENCE, DARI_NARRATIVE }

/** Precise place of incident A: never in restricted or public output. */
export const PLACE_A = { district: 'Dasht-e Barchi', place: 'Qala-e Nazar compound', lat: 34.512345, lon: 69.118765 }
export const PLACE_B = { district: 'Injil', place: 'Pul-e Pashtun checkpoint', lat: 34.350271, lon: 62.204312 }

/** Who may be named where (recipient icc-otp). */
export const NAMES = {
  /** Witness consenting to ICC disclosure and images: named in `full` only. */
  consenting: 'Zarghuna Ahmadi',
  /** Witness consenting to the UN only: never named in a case for the ICC. */
  noIccConsent: 'Mohammad Nabi Rahimi',
  /** Source who withdrew consent to storage: left out entirely. */
  withdrawn: 'Gulalai Barakzai',
  /** Unprotected perpetrator (a public official): named in `full` without consent. */
  official: 'Qari Faizullah Haqmal',
  /** Victim of incident B consenting to the ICC and to images (so incident B has thumbnails). */
  victimB: 'Fereshta Noori',
  /** Witness of a sexual-violence incident: need-to-know, the legal liaison is not cleared. */
  needToKnow: 'Maryam Hashimi'
} as const

/** Metadata inside the original media that no restricted or public output may carry. */
export const MEDIA_METADATA = [
  'SM-A515F',
  '+34.5553+069.2075',
  '34.5553',
  '69.2075',
  '2023:09:14 08:12:45',
  '2024:05:02 21:15:09',
  'kabul-phone.jpg'
]

export type World = {
  app: FastifyInstance
  doc: Inject
  legal: Inject
  incidents: { a: string; b: string; c: string }
  pattern: string
  evidence: Record<string, string>
  legalActor: string
}

async function ok(res: { statusCode: number; body: string }, status: number): Promise<unknown> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return JSON.parse(res.body)
}

export async function world(t: Test, options: BuildOptions = {}): Promise<World> {
  const app = await testApp(t, options)
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const legalAccount = await accountFor(app, 'legal')

  const pattern = (
    (await ok(
      await doc({
        method: 'POST',
        url: '/api/v1/patterns',
        payload: {
          title: 'Detentions of Hazara men in western Kabul',
          description: 'A course of mass arrests of Hazara men by the de facto intelligence service after attacks in 2023.',
          descriptionLanguage: 'en',
          categories: ['cah-imprisonment'],
          attack: {
            widespread: true,
            systematic: true,
            targetedPopulation: 'Hazara men in western Kabul',
            period: { from: '2023-08-01' },
            provinces: ['AF-KAB']
          },
          policyEvidence: [{ title: 'Order on security sweeps', issuedBy: 'GDI', issuedOn: '2023-07-30', reference: 'Order 112' }]
        }
      }),
      201
    )) as { id: string }
  ).id

  const a = (
    (await ok(
      await doc({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: incidentInput({
          title: 'Mass detention in western Kabul',
          narrative: NARRATIVE_FA,
          narrativeLanguage: 'fa-AF',
          occurred: { from: '2023-08-03', precision: 'day' },
          location: { province: 'AF-KAB', ...PLACE_A, coordinatePrecision: 'exact' },
          categories: ['cah-imprisonment', 'cah-persecution-ethnic'],
          qualifications: [
            {
              category: 'cah-imprisonment',
              elements: [
                { element: 'deprivation-of-liberty', status: 'supported', note: 'Photographs of the detention and two statements.' },
                { element: 'violation-of-fundamental-rules', status: 'alleged' }
              ],
              assessor: 'Legal analyst LA-3',
              assessedAt: '2024-01-10'
            }
          ],
          victims: { count: 25, countIsEstimate: true, bySex: { male: 25 } },
          perpetrators: [{ type: 'de-facto-authorities', organ: 'gdi', involvement: 'direct' }],
          sources: [
            {
              type: 'witness-testimony',
              reliability: 'B',
              credibility: 2,
              description: 'Statement taken at the witness home in Qala-e Nazar compound'
            }
          ],
          patternIds: [pattern]
        })
      }),
      201
    )) as { id: string }
  ).id

  const b = (
    (await ok(
      await doc({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: incidentInput({
          title: 'Killing of a former prosecutor near Herat',
          // The documenter wrote the victim's name into the narrative: only `full` (with her consent) may keep it.
          narrative:
            'A former prosecutor was stopped at a checkpoint at night, taken away and found dead two days later with gunshot wounds. His sister Fereshta Noori found the body.',
          narrativeLanguage: 'en',
          occurred: { from: '2022-11-20' },
          location: { province: 'AF-HER', ...PLACE_B, coordinatePrecision: 'approximate' },
          categories: ['cah-murder'],
          victims: { count: 1, killed: 1 }
        })
      }),
      201
    )) as { id: string }
  ).id

  const c = (
    (await ok(
      await doc({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: incidentInput({
          title: 'Sexual violence in detention',
          narrative: 'A woman detained for three days describes sexual violence by guards.',
          narrativeLanguage: 'en',
          occurred: { from: '2023-02-11' },
          location: { province: 'AF-BAL', district: 'Mazar-e Sharif' },
          categories: ['cah-sexual-violence-other']
        })
      }),
      201
    )) as { id: string }
  ).id

  const person = async (incident: string, payload: Record<string, unknown>): Promise<string> =>
    ((await ok(await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/persons`, payload }), 201)) as { id: string }).id
  await person(a, { role: 'witness', name: NAMES.consenting, consent: { storage: true, icc: true, image: true } })
  await person(a, { role: 'witness', name: NAMES.noIccConsent, consent: { storage: true, un: true, image: true } })
  const withdrawn = await person(a, { role: 'source', name: NAMES.withdrawn, consent: { storage: true, icc: true, image: true } })
  await ok(await doc({ method: 'POST', url: `/api/v1/persons/${withdrawn}/consent`, payload: { storage: false } }), 201)
  await person(a, { role: 'perpetrator', name: NAMES.official, protected: false })
  await person(b, { role: 'victim', name: NAMES.victimB, consent: { storage: true, icc: true, image: true } })
  await person(c, { role: 'witness', name: NAMES.needToKnow, consent: { storage: true, icc: true, image: true } })

  const evidence: Record<string, string> = {}
  const upload = async (incident: string, name: string, extra: Array<{ name: string; value: string }> = []): Promise<void> => {
    const { payload, headers } = multipart([{ name: 'file', value: fixture(name), filename: name }, ...extra])
    evidence[name] = (
      (await ok(await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers }), 201)) as { id: string }
    ).id
  }
  await upload(a, 'kabul-phone.jpg', [
    { name: 'description', value: `Photo handed over by ${NAMES.consenting}` },
    { name: 'source', value: 'device-handover' },
    { name: 'collectedBy', value: 'FD-07' },
    { name: 'collectedAt', value: '2023-08-05' }
  ])
  await upload(a, 'screenshot.png', [
    { name: 'source', value: 'url-download' },
    { name: 'sourceUrl', value: 'https://social.example/u/zarghuna.ahmadi/post/1' }
  ])
  await upload(a, 'phone-video.mp4')
  await upload(a, 'statement-scan.pdf')
  await upload(b, 'edited.jpg')
  await upload(b, 'no-metadata.jpg')
  return { app, doc, legal, incidents: { a, b, c }, pattern, evidence, legalActor: `user:${legalAccount.id}` }
}

/** Creates a case through the API; returns its id. */
export async function createCase(w: World, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await w.legal({
    method: 'POST',
    url: '/api/v1/cases',
    payload: {
      title: 'Detention and killings 2022–2023',
      incidentIds: [w.incidents.a, w.incidents.b, w.incidents.c],
      recipient: 'icc-otp',
      profile: 'restricted',
      purpose: 'Article 15 communication',
      elementLinks: [
        {
          incidentId: w.incidents.a,
          category: 'cah-imprisonment',
          element: 'deprivation-of-liberty',
          evidenceIds: [w.evidence['kabul-phone.jpg']!, w.evidence['phone-video.mp4']!],
          note: 'Men led away blindfolded.'
        }
      ],
      ...overrides
    }
  })
  return ((await ok(res, 201)) as { id: string }).id
}

/** Asks for a dossier (its possible names reviewed) and waits for its job; returns the dossier view. */
export async function generate(
  w: World,
  caseId: string,
  language?: 'en' | 'fa' | 'ps'
): Promise<{ id: string; status: string; sha256: string; packageSha256: string; [k: string]: unknown }> {
  // A full-profile package is built only encrypted to the recipient: the tests' key pair.
  const c = (await ok(await w.legal(`/api/v1/cases/${caseId}`), 200)) as { profile: string }
  const recipientKey = c.profile === 'full' ? { recipientKey: (await testRecipient()).publicKey } : {}
  const res = await w.legal({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/dossiers`,
    payload: { namesReviewed: true, ...recipientKey, ...(language === undefined ? {} : { language }) }
  })
  const { id } = (await ok(res, 202)) as { id: string }
  await w.app.jobs.settle()
  return (await ok(await w.legal(`/api/v1/dossiers/${id}`), 200)) as { id: string; status: string; sha256: string; packageSha256: string }
}

export async function download(w: World, dossierId: string, kind: 'pdf' | 'package'): Promise<Buffer> {
  const res = await w.legal(`/api/v1/dossiers/${dossierId}/${kind}`)
  if (res.statusCode !== 200) throw new Error(`download failed: ${res.statusCode} ${res.body}`)
  // An encrypted package or PDF is opened with the tests' recipient key, as its recipient would.
  return kind === 'package' ? await plainPackage(res.rawPayload) : await plainPdf(res.rawPayload)
}

/** The cases service on the world's app (for preparing and rendering outside a job). */
export function service(w: World) {
  const app = w.app
  return casesService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    blobs: app.blobs,
    incidents: app.incidents,
    evidence: app.evidence,
    patterns: app.patterns,
    links: app.links,
    verifications: app.verifications,
    mergedInto: mergedIntoLookup(app.db),
    persons: app.persons,
    master: app.keys.master,
    jobs: app.jobs,
    signer: app.keys.ledger,
    pdfSigner: app.keys.pdf,
    dataDir: app.config.dataDir,
    attachmentBudgetBytes: app.config.dossierAttachmentBudgetBytes
  })
}
