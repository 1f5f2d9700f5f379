// The world every insider attack (test/fixtures/insider/*.json) runs against (not a test file itself):
// a documenter who recorded a sexual-violence incident and its witness, a sensitive witness in an
// ordinary incident, evidence in both, and ordinary accounts that try to get round the rules.
import type { Test } from 'tap'
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Role } from '../../server/auth/permissions.ts'
import { authRepo } from '../../server/auth/repo.ts'
import { clearFor, incidentInput, testApp, TEST_PASSWORD } from './app.ts'
import { multipart } from './multipart.ts'
import { evidenceFixture } from './files.ts'
import { deviceKey, enrolDevice, type TestDeviceKey } from './devices.ts'
import { testRecipient } from './recipient-key.ts'

/** Names that no attack may bring to light. */
export const SECRET_NAMES = {
  ntkWitness: 'Maryam Hashimi',
  sensitiveWitness: 'Zarghuna Ahmadi'
} as const

/** The cleared legal liaison's note on an element of the need-to-know incident (see buildDossier). */
export const ELEMENT_NOTE = `${SECRET_NAMES.ntkWitness} names the guards of the Nayak bazaar post`

/** Findings of the verification records of the two exhibits (free text their readers alone may see). */
export const VERIFICATION_FINDINGS = {
  ntk: 'Geolocated against the guard tower of the Nayak bazaar post',
  open: 'Matched the minaret skyline of the Jaghori bazaar'
} as const

/** Who acts in the attacks: each an ordinary account of its role. */
export const ACTORS = {
  recorder: 'documenter',
  intruder: 'documenter',
  // A documenter with the review role, not cleared for the need-to-know incident.
  reviewer: 'reviewer',
  legalIntruder: 'legal',
  clearedLegal: 'legal',
  auditor: 'auditor',
  admin: 'admin'
} as const satisfies Record<string, Role>
export type ActorName = keyof typeof ACTORS

export type InsiderWorld = {
  app: FastifyInstance
  headers: Record<ActorName, Record<string, string>>
  actorIds: Record<ActorName, string>
  /** Placeholders the attack files use: {ntkIncident}, {ntkPerson}, … */
  ids: Record<string, string>
  /** The recorder's enrolled device key ({recorderDevice}), which signs capture records. */
  recorderKey: TestDeviceKey
  /** A digest of every record an attack could change, and the ledger's size. */
  state: () => { digest: string; ledgerSize: number }
  /**
   * The cleared legal liaison builds a `full` dossier for the ICC of both incidents (it names the
   * need-to-know witness, who consented to the ICC) and records its delivery: sets {case}, {dossier}.
   * The case links an element of the need-to-know incident to its statement, with a note (ELEMENT_NOTE).
   */
  buildDossier: () => Promise<void>
  /**
   * The legal liaison who is not cleared builds a `full` dossier for the ICC of both incidents (his
   * own, so he may download it): sets {unclearedDossier}.
   */
  buildUnclearedDossier: () => Promise<void>
  /** The legal liaison who is not cleared builds a case of the ordinary incident only: sets {openCase}. */
  buildOpenCase: () => Promise<void>
}

async function created(res: { statusCode: number; body: string }): Promise<{ id: string }> {
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`)
  return JSON.parse(res.body) as { id: string }
}

const TABLES = [
  'cases',
  'dossiers',
  'dossier_exports',
  'dossier_deliveries',
  'incidents',
  'incident_revisions',
  'incident_transitions',
  'persons',
  'person_consents',
  'person_identity_history',
  'person_incidents',
  'person_interviews',
  'evidence',
  'incident_links',
  'evidence_verifications',
  'clearances',
  'clearance_requests',
  'users',
  'devices',
  'comments',
  'notifications',
  'evidence_graphic_marks',
  'organisations',
  'positions',
  'involvements',
  'custody_events',
  'evidence_depicts',
  'evidence_derivatives',
  'recipient_reference_imports'
]

export async function insiderWorld(t: Test): Promise<InsiderWorld> {
  const app = await testApp(t)
  const headers = {} as InsiderWorld['headers']
  const actorIds = {} as InsiderWorld['actorIds']
  for (const [name, role] of Object.entries(ACTORS) as Array<[ActorName, Role]>) {
    const username = `insider-${name.toLowerCase()}`
    const view = app.users.byUsername(username) ?? (await app.users.create({ username, password: TEST_PASSWORD, role }, 'system'))
    const row = authRepo(app.db).userById(view.id)
    if (!row) throw new Error('account vanished')
    headers[name] = { authorization: `Bearer ${app.auth.createToken(row.seq, 'insider', null).token}` }
    actorIds[name] = view.id
  }
  const as = (name: ActorName) => async (o: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }) =>
    await app.inject({ ...o, headers: { ...headers[name], ...o.headers } } as never)
  const recorder = as('recorder')

  const ntkIncident = await created(
    await recorder({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentInput({
        title: 'Detention and abuse of a teacher in Bamyan',
        narrative: `Maryam said the guards kept her three days. ${SECRET_NAMES.ntkWitness} described sexual violence by guards.`,
        location: { province: 'AF-BAM', district: 'Yakawlang', place: 'Nayak bazaar' },
        categories: ['cah-sexual-violence-other']
      })
    })
  )
  const openIncident = await created(
    await recorder({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentInput({ title: 'Killing of a shopkeeper in Jaghori', categories: ['cah-murder'] })
    })
  )
  // The intruder's own ordinary incident: where he would like to link a protected witness to read her.
  const intruderIncident = await created(
    await as('intruder')({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentInput({ title: 'Beating of a tailor in Kabul', categories: ['cah-murder'] })
    })
  )
  const ntkPerson = await created(
    await recorder({
      method: 'POST',
      url: `/api/v1/incidents/${ntkIncident.id}/persons`,
      payload: {
        role: 'witness',
        name: SECRET_NAMES.ntkWitness,
        contacts: [{ type: 'phone', value: '+93 700 111 222' }],
        consent: { storage: true, icc: true }
      }
    })
  )
  const sensitivePerson = await created(
    await recorder({
      method: 'POST',
      url: `/api/v1/incidents/${openIncident.id}/persons`,
      payload: { role: 'witness', name: SECRET_NAMES.sensitiveWitness, sensitive: true, consent: { storage: true, icc: true } }
    })
  )
  const openPerson = await created(
    await recorder({
      method: 'POST',
      url: `/api/v1/incidents/${openIncident.id}/persons`,
      payload: { role: 'victim', name: 'Ahmad Karimi', consent: { storage: true } }
    })
  )
  const upload = async (incidentId: string, file: string, filename: string, description: string): Promise<{ id: string }> => {
    const body = multipart([
      { name: 'description', value: description },
      { name: 'file', value: evidenceFixture(file), filename }
    ])
    return await created(
      await recorder({ method: 'POST', url: `/api/v1/incidents/${incidentId}/evidence`, payload: body.payload, headers: body.headers })
    )
  }
  const ntkEvidence = await upload(ntkIncident.id, 'statement.txt', 'maryam-hashimi-statement.txt', 'Statement of Maryam Hashimi')
  const openEvidence = await upload(openIncident.id, 'kabul-phone.jpg', 'zarghuna-at-home.jpg', 'Photo taken by Zarghuna')

  // The recorder links the need-to-know incident to the ordinary one (a connected crime) and records a
  // verification step on each exhibit; the findings are free text only readers of the exhibit may see.
  const ntkLink = await created(
    await recorder({
      method: 'POST',
      url: `/api/v1/incidents/${ntkIncident.id}/links`,
      payload: { to: openIncident.id, type: 'connected-to', category: 'cah-murder' }
    })
  )
  for (const [evidenceId, finding] of [
    [ntkEvidence.id, VERIFICATION_FINDINGS.ntk],
    [openEvidence.id, VERIFICATION_FINDINGS.open]
  ] as const) {
    await created(
      await recorder({
        method: 'POST',
        url: `/api/v1/evidence/${evidenceId}/verifications`,
        payload: { phase: 'technical', method: 'geolocation', finding, status: 'verified' }
      })
    )
  }
  // The recorder's phone has an enrolled device key.
  const recorderKey = deviceKey()
  const recorderDevice = await enrolDevice(app, headers.recorder, recorderKey, 'recorder phone')

  // The cleared legal liaison holds a clearance for the need-to-know incident.
  const cleared = app.users.byUsername('insider-clearedlegal')
  if (!cleared) throw new Error('no cleared legal account')
  await clearFor(app, cleared.id, ntkIncident.id)

  const state = (): { digest: string; ledgerSize: number } => {
    const hash = createHash('sha256')
    for (const table of TABLES) {
      for (const row of app.sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()) hash.update(JSON.stringify(row))
    }
    return { digest: hash.digest('hex'), ledgerSize: app.ledger.size() }
  }

  const ids: Record<string, string> = {}
  const buildDossier = async (): Promise<void> => {
    const legal = as('clearedLegal')
    const c = await created(
      await legal({
        method: 'POST',
        url: '/api/v1/cases',
        payload: {
          title: 'Detention of teachers',
          incidentIds: [ntkIncident.id, openIncident.id],
          recipient: 'icc-otp',
          profile: 'full',
          // A note on the need-to-know incident's element: free text of that incident, for cleared readers only.
          elementLinks: [
            {
              incidentId: ntkIncident.id,
              category: 'cah-sexual-violence-other',
              element: 'specific-sexual-act',
              evidenceIds: [ntkEvidence.id],
              note: ELEMENT_NOTE
            }
          ]
        }
      })
    )
    const asked = await legal({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/dossiers`,
      payload: { namesReviewed: true, recipientKey: (await testRecipient()).publicKey }
    })
    if (asked.statusCode !== 202) throw new Error(`dossier: ${asked.statusCode} ${asked.body}`)
    await app.jobs.settle()
    const dossier = JSON.parse(asked.body) as { id: string }
    const ready = await legal({ method: 'GET', url: `/api/v1/dossiers/${dossier.id}` })
    if (JSON.parse(ready.body).status !== 'ready') throw new Error(`dossier not ready: ${ready.body}`)
    const delivered = await legal({
      method: 'POST',
      url: `/api/v1/dossiers/${dossier.id}/deliveries`,
      payload: { method: 'secure-upload' }
    })
    if (delivered.statusCode >= 300) throw new Error(`delivery: ${delivered.statusCode} ${delivered.body}`)
    ids.case = c.id
    ids.dossier = dossier.id
  }

  const buildUnclearedDossier = async (): Promise<void> => {
    const legal = as('legalIntruder')
    const c = await created(
      await legal({
        method: 'POST',
        url: '/api/v1/cases',
        payload: {
          title: 'Detentions in the highlands',
          incidentIds: [ntkIncident.id, openIncident.id],
          recipient: 'icc-otp',
          profile: 'full'
        }
      })
    )
    const asked = await legal({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/dossiers`,
      payload: { recipientKey: (await testRecipient()).publicKey }
    })
    if (asked.statusCode !== 202) throw new Error(`dossier: ${asked.statusCode} ${asked.body}`)
    await app.jobs.settle()
    const dossier = JSON.parse(asked.body) as { id: string }
    const ready = await legal({ method: 'GET', url: `/api/v1/dossiers/${dossier.id}` })
    if (JSON.parse(ready.body).status !== 'ready') throw new Error(`dossier not ready: ${ready.body}`)
    ids.unclearedDossier = dossier.id
  }

  const buildOpenCase = async (): Promise<void> => {
    const c = await created(
      await as('legalIntruder')({
        method: 'POST',
        url: '/api/v1/cases',
        payload: { title: 'Killings in Jaghori', incidentIds: [openIncident.id], recipient: 'icc-otp', profile: 'full' }
      })
    )
    ids.openCase = c.id
  }

  return {
    app,
    headers,
    actorIds,
    state,
    buildDossier,
    buildUnclearedDossier,
    recorderKey,
    buildOpenCase,
    ids: Object.assign(ids, {
      recorderDevice,
      ntkIncident: ntkIncident.id,
      openIncident: openIncident.id,
      intruderIncident: intruderIncident.id,
      ntkPerson: ntkPerson.id,
      sensitivePerson: sensitivePerson.id,
      openPerson: openPerson.id,
      ntkEvidence: ntkEvidence.id,
      // Its stable exhibit id (SND-E-…), by which recipient references are imported.
      ntkExhibit: (ntkEvidence as { stableId?: string }).stableId ?? '',
      ntkLink: ntkLink.id,
      openEvidence: openEvidence.id
    })
  }
}
