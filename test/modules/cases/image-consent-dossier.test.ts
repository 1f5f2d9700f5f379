// Image consent per exhibit in a dossier (#17 item 9): an image linked to a person who has not
// consented to images for this recipient is not carried in any profile — its blurred copy stands in,
// with its lineage; a video is withheld; an image linked only to consenting persons is carried and
// drawn; an image nobody linked keeps the incident-level rule, and the page says what happened to it.
// A sound recording linked to a person without consent to the use of their image or voice is withheld
// like a video, and the page says so.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { accountFor } from '../../helpers/app.ts'
import { createCase, download, generate, world, type World } from '../../helpers/case-world.ts'
import { toolPresent } from '../../helpers/system-tools.ts'
import { multipart } from '../../helpers/multipart.ts'
import { mergedIntoLookup } from '../../../server/modules/links/service.ts'
import { casesService } from '../../../server/modules/cases/service.ts'
import { exhibitsCsv } from '../../../server/modules/cases/exhibits-csv.ts'
import type { SnapshotExhibit } from '../../../server/modules/cases/dossier.ts'

/** The cases service as the routes build it, with depicts links and blurred copies. */
function cases(w: World) {
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
    depicts: app.depicts,
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

type Scene = { w: World; copy: string; consenting: string; refusing: string; audio: string }

/** A short silent WAV (PCM, 8 kHz mono): a recording of someone's voice, for the consent rule. */
function wav(samples: number): Buffer {
  const b = Buffer.alloc(44 + samples * 2)
  b.write('RIFF', 0)
  b.writeUInt32LE(36 + samples * 2, 4)
  b.write('WAVEfmt ', 8)
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20)
  b.writeUInt16LE(1, 22)
  b.writeUInt32LE(8000, 24)
  b.writeUInt32LE(16000, 28)
  b.writeUInt16LE(2, 32)
  b.writeUInt16LE(16, 34)
  b.write('data', 36)
  b.writeUInt32LE(samples * 2, 40)
  return b
}

async function scene(t: Parameters<typeof world>[0]): Promise<Scene> {
  const w = await world(t)
  const persons = (await w.doc(`/api/v1/incidents/${w.incidents.a}/persons`)).json().items as Array<{ id: string; pseudonym: string }>
  // W-0001 consented to the ICC and to images; W-0002 to images but only for the UN.
  const consenting = persons.find((p) => p.pseudonym === 'W-0001')?.id ?? ''
  const refusing = persons.find((p) => p.pseudonym === 'W-0002')?.id ?? ''
  const link = async (file: string, personId: string): Promise<void> => {
    const res = await w.doc({ method: 'POST', url: `/api/v1/evidence/${w.evidence[file]}/depicts`, payload: { personId } })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
  await link('kabul-phone.jpg', consenting)
  await link('kabul-phone.jpg', refusing)
  await link('screenshot.png', consenting)
  await link('phone-video.mp4', refusing)
  const { payload, headers } = multipart([{ name: 'file', value: wav(800), filename: 'voice-note.wav' }])
  const uploaded = await w.doc({ method: 'POST', url: `/api/v1/incidents/${w.incidents.a}/evidence`, payload, headers })
  if (uploaded.statusCode !== 201) throw new Error(uploaded.body)
  const audio = (uploaded.json() as { id: string }).id
  w.evidence['voice-note.wav'] = audio
  await link('voice-note.wav', refusing)
  const made = await w.doc({
    method: 'POST',
    url: `/api/v1/evidence/${w.evidence['kabul-phone.jpg']}/derivatives`,
    payload: { kind: 'blurred' }
  })
  if (made.statusCode !== 201) throw new Error(made.body)
  return { w, copy: made.json().evidence.id, consenting, refusing, audio }
}

async function snapshotOf(t: Parameters<typeof world>[0], s: Scene, profile: 'full' | 'restricted') {
  const caseId = await createCase(s.w, { profile, incidentIds: [s.w.incidents.a, s.w.incidents.b] })
  const d = await generate(s.w, caseId)
  t.equal(d.status, 'ready', 'the dossier is built')
  const legal = await accountFor(s.w.app, 'legal')
  const viewer = { userSeq: legal.seq, role: 'legal' as const, actor: `user:${legal.id}` }
  const prepared = await cases(s.w).prepare(d.id, viewer, { progress: () => undefined }, new Date())
  const by = (id: string | undefined): SnapshotExhibit => {
    const e = prepared.snapshot.exhibits.find((x) => x.evidenceId === id)
    if (e === undefined) throw new Error(`exhibit ${id} not in the dossier`)
    return e
  }
  return { dossier: d, prepared, by }
}

t.test(
  'full profile: the photo showing a person without consent is replaced by its blurred copy; the video is withheld; the consented screenshot is carried and drawn',
  async (t) => {
    const s = await scene(t)
    const { w } = s
    const { prepared, by, dossier } = await snapshotOf(t, s, 'full')
    const photo = by(w.evidence['kabul-phone.jpg'])
    const copy = by(s.copy)
    const shot = by(w.evidence['screenshot.png'])
    const video = by(w.evidence['phone-video.mp4'])
    const scan = by(w.evidence['statement-scan.pdf'])

    t.equal(photo.variant, 'withheld')
    t.equal(photo.file, null, 'the original is not carried, even to the ICC in full')
    t.equal(photo.withheldReason, 'depicted-without-image-consent')
    t.match(photo.imageConsent, {
      decision: 'blurred-derivative',
      reason: 'depicted-not-consented',
      missing: ['W-0002'],
      blurredCopy: copy.number
    })
    t.same(photo.blurredCopies, [copy.number])
    t.equal(photo.thumbnail, false)

    t.equal(copy.variant, 'original')
    t.not(copy.file, null, 'the blurred copy is carried')
    t.match(copy.imageConsent, { decision: 'carry', reason: 'blurred-copy' })
    t.match(copy.lineage, {
      kind: 'blurred',
      source: photo.number,
      sourceSha256: photo.sha256,
      derivativeSha256: copy.sha256,
      method: 'pixelate-then-box-blur-v1'
    })
    t.ok(
      photo.custody.some((r) => r.type === 'redacted-copy-made' && r.disclosure === 'shown'),
      "the lineage entry is in the source's custody, printed"
    )

    t.equal(shot.variant, 'original')
    t.match(shot.imageConsent, { decision: 'carry', reason: 'depicted-consented' })
    t.equal(shot.thumbnail, true, 'linked only to a consenting witness: drawn, although another witness of the incident did not consent')

    t.equal(video.variant, 'withheld')
    t.match(video.imageConsent, { decision: 'withhold', substitute: 'not-blurrable', missing: ['W-0002'] })
    t.equal(scan.imageConsent, undefined, 'a document is not decided by image consent')
    const audio = by(s.audio)
    t.equal(audio.variant, 'withheld', 'a voice identifies: the recording is not carried, even to the ICC in full')
    t.equal(audio.file, null)
    t.equal(audio.withheldReason, 'recorded-without-voice-consent')
    t.match(audio.imageConsent, { decision: 'withhold', substitute: 'voice-not-disguisable', missing: ['W-0002'], voice: true })

    const csv = exhibitsCsv(prepared.snapshot)
    t.match(csv, new RegExp(`blurred-copy:${copy.number}`), 'the related items of the photo name its blurred copy')
    t.match(csv, new RegExp(`blurred-copy-of:${photo.number}`), 'and the copy names its source')

    const rendered = await cases(w).render(prepared)
    if (!toolPresent(t, 'pdftotext', 'unzip')) return
    const dir = mkdtempSync(join(tmpdir(), 'sanad-consent-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'd.pdf'), rendered.bytes)
    // -raw: content-stream order, so a sentence wrapped in a table cell reads whole whatever the page layout.
    const text = execFileSync('pdftotext', ['-raw', join(dir, 'd.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ')
    t.match(text, `blurred copy ${copy.number} is carried instead.`)
    t.match(text, 'A video cannot be blurred here, so it is withheld.')
    t.match(text, 'Image or voice consent')
    t.match(
      text,
      'Not carried: W-0002 has not consented to the use of their image or voice for this recipient. A voice cannot be disguised here, so the recording is withheld.'
    )
    t.match(text, 'A blurred copy made by Sanad')
    t.notMatch(text, 'No thumbnail: a person of this incident', 'never "thumbnail withheld" beside a file carried in full')
    // The package the recipient gets carries no file of the original photo.
    writeFileSync(join(dir, 'p.zip'), await download(w, dossier.id, 'package'))
    const names = execFileSync('unzip', ['-Z1', join(dir, 'p.zip')])
      .toString()
      .split('\n')
    const exhibitFiles = names.filter((n) => n.includes('/data/exhibits/'))
    t.notOk(
      exhibitFiles.some((n) => n.includes(`/${photo.number}-`) || n.endsWith(`/${photo.number}.jpg`)),
      'no file of the withheld original'
    )
    t.ok(
      exhibitFiles.some((n) => n.includes(`/${copy.number}`)),
      'the blurred copy is in the package'
    )
  }
)

t.test('restricted profile: the same decisions; an image nobody linked keeps the incident-level rule, and says so', async (t) => {
  const s = await scene(t)
  // Unlink the screenshot: now nobody recorded whom it shows, and W-0002 of its incident did not consent.
  await s.w.doc({ method: 'DELETE', url: `/api/v1/evidence/${s.w.evidence['screenshot.png']}/depicts/${s.consenting}` })
  const { by } = await snapshotOf(t, s, 'restricted')
  const photo = by(s.w.evidence['kabul-phone.jpg'])
  t.equal(photo.variant, 'withheld')
  t.equal(photo.withheldReason, 'depicted-without-image-consent')
  t.equal(by(s.copy).variant, 'shared', 'the copy travels as its metadata-free copy')
  const shot = by(s.w.evidence['screenshot.png'])
  t.equal(shot.variant, 'shared', 'carried as before under the incident-level rule')
  t.match(shot.imageConsent, { decision: 'carry', reason: 'incident-not-consented', thumbnail: false })
  t.equal(shot.thumbnail, false, 'not drawn')
  t.equal(shot.thumbnailWithheld, false, 'the consent row says why, and that the file is carried')
  const audio = by(s.audio)
  t.equal(audio.variant, 'withheld', 'the linked recording is withheld in the restricted profile too')
  t.match(audio.imageConsent, { decision: 'withhold', substitute: 'voice-not-disguisable', voice: true })
  const image = by(s.w.evidence['edited.jpg'])
  t.match(image.imageConsent, { decision: 'carry', reason: 'incident-consented' }, 'incident B: everyone consented')
})
