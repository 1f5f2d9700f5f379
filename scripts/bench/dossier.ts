import { readFileSync } from 'node:fs'
import * as openpgp from 'openpgp'
import { join } from 'node:path'
import { openDatabase, databaseFile } from '../../server/db/open.ts'
import { BlobStore } from '../../server/blobs/store.ts'
import { loadLedgerSigner, loadMasterKey } from '../../server/keys/key-files.ts'
import { ledgerService } from '../../server/ledger/service.ts'
import { incidentLookup, incidentService } from '../../server/modules/incidents/service.ts'
import { personsService } from '../../server/modules/persons/service.ts'
import { evidenceService } from '../../server/modules/evidence/service.ts'
import { generatedIncident } from './registry.ts'
import { redactionStageSeconds } from './redaction.ts'
import { type Figure, ROOT, authenticate, peakRss, startServer } from './harness.ts'

const fixture = (name: string): Buffer => readFileSync(join(ROOT, 'test/fixtures/evidence', name))

/**
 * A distinct file per exhibit from the test fixtures: JPEG photographs (80 KB, EXIF with GPS) with
 * a few bytes of their image data changed so that every picture — and its shared copy — differs,
 * small PNG screenshots, and MP4 videos (which the restricted profile lists by hash only).
 */
function exhibitFile(i: number): { name: string; bytes: Buffer } {
  const kind = i % 10
  if (kind < 8) {
    const jpeg = Buffer.from(fixture('kabul-phone.jpg'))
    const at = jpeg.length - 2000 - (i % 1000)
    jpeg.writeUInt32BE(i, at)
    return { name: `photo-${i}.jpg`, bytes: jpeg }
  }
  if (kind === 8) {
    const png = fixture('screenshot.png')
    return { name: `screenshot-${i}.png`, bytes: Buffer.concat([png, Buffer.from(`\u0000${i}`)]) }
  }
  return { name: `video-${i}.mp4`, bytes: Buffer.concat([fixture('phone-video.mp4'), Buffer.from(String(i).padStart(8, '0'))]) }
}

/**
 * One status request, tried again once on a reset connection: while the build holds the event loop
 * for seconds (gathering the records is synchronous), the server's keep-alive timer may fire before
 * the waiting request is read and close the socket under it (ECONNRESET), which is not a failed build.
 */
async function pollOnce(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers })
  } catch {
    return await fetch(url, { headers: { ...headers, connection: 'close' } })
  }
}

/** Seeds incidents, persons (with ICC and image consent) and evidence straight through the services. */
async function seed(dataDir: string, incidents: number, exhibits: number, log: (s: string) => void): Promise<string[]> {
  const origin = 'bench/ledger'
  const { sqlite, db } = openDatabase(databaseFile(dataDir))
  const ledger = ledgerService({ sqlite, signer: loadLedgerSigner(dataDir, origin), origin })
  const blobs = new BlobStore(dataDir)
  await blobs.init()
  const incidentsSvc = incidentService({ db, sqlite, ledger })
  const master = loadMasterKey(dataDir)
  const persons = personsService({ db, sqlite, master, ledger })
  const evidence = evidenceService({ db, sqlite, ledger, blobs, master, incidents: incidentLookup(db) })
  const ids: string[] = []
  const bench = { userSeq: 0, role: 'documenter' as const, actor: 'user:bench' }
  for (let i = 0; i < incidents; i++) {
    const incident = incidentsSvc.create(generatedIncident(i), 'user:bench')
    ids.push(incident.id)
    persons.create(incident.id, { role: 'witness', name: `Bench Witness ${i}`, consent: { storage: true, icc: true, image: true } }, bench)
    persons.create(incident.id, { role: 'victim', name: `Bench Victim ${i}`, consent: { storage: true, icc: true, image: true } }, bench)
  }
  log(`dossier: ${incidents} incidents seeded; ingesting ${exhibits} exhibits`)
  for (let i = 0; i < exhibits; i++) {
    const file = exhibitFile(i)
    const received = await blobs.receiveBuffer(file.bytes)
    await evidence.ingest(ids[i % incidents]!, { file: { ...received, filename: file.name }, source: 'device-handover' }, 'user:bench')
  }
  ledger.checkpoint()
  sqlite.close()
  return ids
}

/**
 * The dossier benchmark of issue 8: a case of `incidents` incidents with `exhibits` exhibits, built
 * by the real server as a job; wall time from the request to "ready", the server's peak RSS, and the
 * sizes of the PDF and the evidence package. The restricted profile is the heavier one: every image
 * gets a metadata-free shared copy derived on the way.
 */
export async function benchDossier(work: string, incidents: number, exhibits: number, log: (s: string) => void): Promise<Figure[]> {
  const dataDir = join(work, 'dossier-data')
  const ids = await seed(dataDir, incidents, exhibits, log)
  const password = 'Quiet-river-passphrase-4821'
  const server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: password, SANAD_LEDGER_ORIGIN: 'bench/ledger' })
  try {
    const headers = { ...(await authenticate(server.url, password, 'legal')), 'content-type': 'application/json' }
    const figures: Figure[] = []
    const runs = [
      ['restricted', 'first build: derives a metadata-free copy of every image'],
      ['restricted', 'again: the copies exist'],
      ['full', 'originals']
    ] as const
    // A full-profile package names protected persons: it is encrypted to the recipient's OpenPGP key.
    const { publicKey: recipientKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Bench recipient', email: 'bench@otp.example' }],
      format: 'armored'
    })
    for (const [profile, note] of runs) {
      const created = await fetch(`${server.url}/api/v1/cases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: `Bench case (${profile})`, incidentIds: ids, recipient: 'icc-otp', profile })
      })
      if (created.status !== 201) throw new Error(`case creation failed: ${created.status} ${await created.text()}`)
      const caseId = ((await created.json()) as { id: string }).id
      log(`dossier: building a ${profile} dossier (${note}) of ${incidents} incidents and ${exhibits} exhibits`)
      const start = process.hrtime.bigint()
      const asked = await fetch(`${server.url}/api/v1/cases/${caseId}/dossiers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ namesReviewed: true, ...(profile === 'full' ? { recipientKey } : {}) })
      })
      if (asked.status !== 202) throw new Error(`dossier request failed: ${asked.status} ${await asked.text()}`)
      const { id } = (await asked.json()) as { id: string }
      let view: {
        status: string
        message?: string | null
        size?: number
        packageSize?: number
        error?: string
        summary?: { pages?: number; attachedToPdf?: number; withheld?: number }
      }
      let phase = ''
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        view = (await (await pollOnce(`${server.url}/api/v1/dossiers/${id}`, headers)).json()) as typeof view
        const now = (view.message ?? view.status).replace(/ \d+\/\d+$/, '')
        if (now !== phase) log(`dossier: ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s: ${(phase = now)}`)
        if (view.status === 'ready' || view.status === 'failed') break
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (view.status !== 'ready') throw new Error(`dossier build failed: ${view.error ?? ''}`)
      const rss = peakRss(server.child.pid as number)
      const label = `${profile}, ${note}, ${incidents} incidents / ${exhibits} exhibits`
      figures.push(
        {
          section: 'dossier',
          name: `build (${label}; ${view.summary?.pages ?? '?'} pages)`,
          value: seconds,
          unit: 's',
          target: '≤ 30 s',
          met: seconds <= 30
        },
        {
          section: 'dossier',
          name: `server peak RSS so far (${profile}, ${note.split(':')[0]})`,
          value: rss / 2 ** 20,
          unit: 'MiB',
          target: '≤ 1024 MiB',
          met: rss <= 2 ** 30
        }
      )
      if (note.startsWith('first')) {
        // The pure redaction stages (issue 14): their cost on a case of this size, as a share of this build.
        const redaction = redactionStageSeconds(incidents, exhibits)
        const share = (100 * redaction) / seconds
        figures.push(
          {
            section: 'dossier',
            name: `redaction stages (plan, redacted snapshot, manifest, names review; ${incidents} incidents / ${exhibits} exhibits)`,
            value: redaction * 1000,
            unit: 'ms'
          },
          {
            section: 'dossier',
            name: 'redaction stages as a share of the restricted build',
            value: share,
            unit: '%',
            target: '< 10 %',
            met: share < 10
          }
        )
      }
      if (!note.startsWith('again')) {
        figures.push(
          {
            section: 'dossier',
            name: `PDF size (${profile}; ${view.summary?.attachedToPdf ?? '?'} exhibits attached, ${view.summary?.withheld ?? 0} listed by hash)`,
            value: (view.size ?? NaN) / 2 ** 20,
            unit: 'MiB'
          },
          { section: 'dossier', name: `evidence package size (${profile})`, value: (view.packageSize ?? NaN) / 2 ** 20, unit: 'MiB' }
        )
      }
    }
    return figures
  } finally {
    await server.stop()
  }
}
