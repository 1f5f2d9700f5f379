// Depicts links and blurred copies (#17 item 9): who an exhibit shows, by pseudonym, and a blurred
// copy kept as an exhibit of its own with its lineage in the ledger. Both need the right to add
// evidence and need-to-know for the exhibit's incident.
import t from 'tap'
import { createHash } from 'node:crypto'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { asUsername, incidentInput, TEST_PASSWORD, testApp } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { blurImage, DEFAULT_BLUR } from '../../../server/lib/media/blur.ts'
import jpeg from 'jpeg-js'
import exifr from 'exifr'
import { BLUE, RED, orientedJpeg } from '../../helpers/oriented-jpeg.ts'

const NAME = 'Zarghuna Ahmadi'
const OTHER = 'Mohammad Nabi Rahimi'

/** A second account of a role (the helpers give one account per role). */
async function another(app: FastifyInstance, role: 'documenter'): Promise<Inject> {
  await app.users.create({ username: `other-${role}`, password: TEST_PASSWORD, role }, 'system')
  const headers = await asUsername(app, `other-${role}`)
  return async (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    return await app.inject({ ...o, headers: { ...headers, ...(o.headers ?? {}) } } as InjectOptions)
  }
}

async function upload(doc: Inject, incident: string, file: string): Promise<string> {
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture(file), filename: `${NAME}.${file.split('.').pop()}` }])
  const res = await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function scene(app: FastifyInstance, categories?: string[]) {
  const doc = await as(app, 'documenter')
  const incident = (
    await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(categories ? { categories } : {}) })
  ).json().id
  const other = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const person = async (inc: string, name: string): Promise<{ id: string; pseudonym: string }> =>
    (
      await doc({ method: 'POST', url: `/api/v1/incidents/${inc}/persons`, payload: { role: 'witness', name, consent: { storage: true } } })
    ).json()
  const witness = await person(incident, NAME)
  const elsewhere = await person(other, OTHER)
  const photo = await upload(doc, incident, 'kabul-phone.jpg')
  const video = await upload(doc, incident, 'phone-video.mp4')
  return { doc, incident, witness, elsewhere, photo, video }
}

t.test('a depicts link is 201 with the pseudonym; its ledger entry holds ids and the content hash; the record lists it', async (t) => {
  const app = await testApp(t)
  const { doc, witness, photo } = await scene(app)
  const res = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })
  t.equal(res.statusCode, 201, res.body)
  const link = res.json()
  t.match(link, { evidenceId: photo, personId: witness.id, pseudonym: witness.pseudonym })
  t.match(link.contentSha256, /^[0-9a-f]{64}$/)
  t.notMatch(res.body, new RegExp(NAME), 'never the name')
  const entry = (await doc(`/api/v1/ledger/entries/${link.ledgerIndex}`)).json()
  t.equal(entry.entry.type, 'depicts-linked')
  t.same(entry.entry.details, { link: link.id, evidence: photo, person: witness.id, contentSha256: link.contentSha256 })
  const record = (await doc(`/api/v1/evidence/${photo}`)).json()
  t.same(record.depicts, [{ personId: witness.id, pseudonym: witness.pseudonym }])
  t.notMatch(JSON.stringify(record.depicts), new RegExp(NAME))
})

t.test('a second link to the same person is 409; a person of another incident is 400; nothing is written', async (t) => {
  const app = await testApp(t)
  const { doc, witness, elsewhere, photo } = await scene(app)
  await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })
  const size = app.ledger.size()
  const again = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'SANAD_ERR_DEPICTS_EXISTS')
  const foreign = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: elsewhere.id } })
  t.equal(foreign.statusCode, 400)
  t.equal(foreign.json().code, 'SANAD_ERR_PERSON_NOT_IN_INCIDENT')
  const unknown = await doc({
    method: 'POST',
    url: `/api/v1/evidence/${photo}/depicts`,
    payload: { personId: '00000000-0000-4000-8000-000000000000' }
  })
  t.equal(unknown.json().code, 'SANAD_ERR_PERSON_NOT_FOUND')
  const extra = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id, name: NAME } })
  t.equal(extra.statusCode, 400)
  t.equal(app.ledger.size(), size)
})

t.test('removing a link marks it removed with its own entry; the record no longer lists it; again is 404', async (t) => {
  const app = await testApp(t)
  const { doc, witness, photo } = await scene(app)
  await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })
  const res = await doc({ method: 'DELETE', url: `/api/v1/evidence/${photo}/depicts/${witness.id}` })
  t.equal(res.statusCode, 200, res.body)
  const removed = res.json()
  t.match(removed, { personId: witness.id, removedBy: /^user:/ })
  const entry = (await doc(`/api/v1/ledger/entries/${removed.removedLedgerIndex}`)).json()
  t.equal(entry.entry.type, 'depicts-link-removed')
  t.equal(entry.entry.details.contentSha256, removed.contentSha256)
  t.same((await doc(`/api/v1/evidence/${photo}`)).json().depicts, [])
  const again = await doc({ method: 'DELETE', url: `/api/v1/evidence/${photo}/depicts/${witness.id}` })
  t.equal(again.json().code, 'SANAD_ERR_DEPICTS_NOT_FOUND')
  // Linked again after removal: a new link.
  t.equal((await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })).statusCode, 201)
})

t.test('a blurred copy is a new exhibit of the same incident, with its lineage in one ledger entry; made once', async (t) => {
  const app = await testApp(t)
  const { doc, incident, photo } = await scene(app)
  const source = (await doc(`/api/v1/evidence/${photo}`)).json()
  const res = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/derivatives`, payload: { kind: 'blurred' } })
  t.equal(res.statusCode, 201, res.body)
  const { lineage, evidence } = res.json()
  t.equal(evidence.incidentId, incident)
  t.not(evidence.id, photo)
  t.match(evidence.stableId, /^SND-E-\d{4}-\d{6}$/)
  t.equal(evidence.name, `blurred-${source.stableId}.jpg`, "named after the source's stable id, never its file name")
  t.notMatch(res.body, new RegExp(NAME), "the source's name (a person's) is not carried over")
  t.equal(evidence.mediaType, 'image/jpeg')
  t.match(lineage, {
    derivativeId: evidence.id,
    sourceId: photo,
    kind: 'blurred',
    method: 'pixelate-then-box-blur-v1',
    sourceSha256: source.sha256,
    derivativeSha256: evidence.sha256
  })
  t.match(lineage.parameters, { ...DEFAULT_BLUR, orientation: 1 })
  // Anyone can redo it from the source's bytes and the recorded parameters, and get the same hash.
  const redone = blurImage('image/jpeg', evidenceFixture('kabul-phone.jpg'), DEFAULT_BLUR)
  t.equal(createHash('sha256').update(redone.bytes).digest('hex'), evidence.sha256, 'deterministic: the same bytes again')
  t.equal(lineage.parameters.block, redone.block)
  const entry = (await doc(`/api/v1/ledger/entries/${lineage.ledgerIndex}`)).json().entry
  t.equal(entry.type, 'redacted-copy-made')
  t.same(entry.subject, { kind: 'evidence', id: photo, sha256: source.sha256 })
  t.match(entry.details, {
    derivative: evidence.id,
    kind: 'blurred',
    sourceSha256: source.sha256,
    derivativeSha256: evidence.sha256,
    contentSha256: lineage.contentSha256
  })
  const ingest = (await doc(`/api/v1/ledger/entries/${evidence.ingestIndex}`)).json().entry
  t.equal(ingest.type, 'ingested')
  t.equal(ingest.details.derivedFrom, photo)
  t.same((await doc(`/api/v1/evidence/${photo}`)).json().derivatives, [lineage], 'the source lists its copy')
  t.same((await doc(`/api/v1/evidence/${evidence.id}`)).json().derivedFrom, lineage, 'the copy names its source')
  // The copy is a file like any other: downloadable, without the source's metadata.
  const content = await doc(`/api/v1/evidence/${evidence.id}/content?variant=original`)
  t.equal(content.statusCode, 200)
  t.notOk(content.rawPayload.includes(Buffer.from('SM-A515F')), 'no camera model from the source')
  const size = app.ledger.size()
  const again = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/derivatives`, payload: { kind: 'blurred' } })
  t.equal(again.statusCode, 200)
  t.equal(again.json().evidence.id, evidence.id, 'the copy made before')
  t.equal(app.ledger.size(), size, 'nothing new written')
})

t.test(
  'a photo stored sideways (EXIF Orientation 6) gets an upright blurred copy without EXIF; the lineage records the orientation',
  async (t) => {
    const app = await testApp(t)
    const { doc, incident } = await scene(app)
    const source = orientedJpeg(64, 32, 6)
    const { payload, headers } = multipart([{ name: 'file', value: source, filename: 'portrait.jpg' }])
    const up = await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })
    t.equal(up.statusCode, 201, up.body)
    const photo = up.json().id as string
    const res = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/derivatives`, payload: { kind: 'blurred' } })
    t.equal(res.statusCode, 201, res.body)
    const { lineage, evidence } = res.json()
    t.match(lineage.parameters, { ...DEFAULT_BLUR, orientation: 6 })
    const content = (await doc(`/api/v1/evidence/${evidence.id}/content?variant=original`)).rawPayload
    const img = jpeg.decode(content, { useTArray: true, formatAsRGBA: true })
    t.same([img.width, img.height], [32, 64], 'upright: as tall as the original looks in a viewer')
    const band = (y0: number, y1: number): number[] => {
      const sum = [0, 0, 0]
      for (let y = y0; y < y1; y++)
        for (let x = 0; x < img.width; x++) for (let c = 0; c < 3; c++) sum[c]! += img.data[(y * img.width + x) * 4 + c]!
      return sum.map((v) => v / ((y1 - y0) * img.width))
    }
    const near = (a: number[], b: readonly number[]): boolean => a.every((v, i) => Math.abs(v - b[i]!) < 40)
    t.ok(near(band(0, 24), RED), 'what a viewer shows on top (stored on the left) is on top')
    t.ok(near(band(40, 64), BLUE))
    t.notOk(content.includes(Buffer.from('Exif')), 'the copy carries no EXIF')
    t.equal(await exifr.parse(content), undefined, 'no metadata at all')
    // Redone from the source's bytes and the recorded parameters: the same hash.
    const redone = blurImage('image/jpeg', source, DEFAULT_BLUR, lineage.parameters.orientation)
    t.equal(createHash('sha256').update(redone.bytes).digest('hex'), evidence.sha256)
    const entry = (await doc(`/api/v1/ledger/entries/${lineage.ledgerIndex}`)).json().entry
    t.equal(entry.details.parameters.orientation, 6, 'the ledger entry records it')
  }
)

t.test('a video, a copy of a copy, and an unknown kind are refused and nothing is written', async (t) => {
  const app = await testApp(t)
  const { doc, photo, video } = await scene(app)
  const copy = (await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/derivatives`, payload: { kind: 'blurred' } })).json().evidence
    .id
  const size = app.ledger.size()
  const v = await doc({ method: 'POST', url: `/api/v1/evidence/${video}/derivatives`, payload: { kind: 'blurred' } })
  t.equal(v.statusCode, 409)
  t.equal(v.json().code, 'SANAD_ERR_VARIANT_UNAVAILABLE')
  t.match(v.json().message, /video/i)
  const c = await doc({ method: 'POST', url: `/api/v1/evidence/${copy}/derivatives`, payload: { kind: 'blurred' } })
  t.equal(c.json().code, 'SANAD_ERR_VARIANT_UNAVAILABLE')
  const k = await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/derivatives`, payload: { kind: 'pixelated' } })
  t.equal(k.statusCode, 400)
  t.equal(app.ledger.size(), size)
})

t.test('insiders: without need-to-know, or without the right to add evidence, nothing can be linked, removed or derived', async (t) => {
  const app = await testApp(t)
  const { doc, witness, photo } = await scene(app, ['cah-sexual-violence-other'])
  await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })
  const intruder = await another(app, 'documenter')
  const legal = await as(app, 'legal')
  const auditor = await as(app, 'auditor')
  const size = app.ledger.size()
  const tries: Array<[Inject, string, string, Record<string, unknown> | undefined, number, string]> = [
    [intruder, 'POST', `/api/v1/evidence/${photo}/depicts`, { personId: witness.id }, 403, 'SANAD_ERR_NEED_TO_KNOW'],
    [intruder, 'DELETE', `/api/v1/evidence/${photo}/depicts/${witness.id}`, undefined, 403, 'SANAD_ERR_NEED_TO_KNOW'],
    [intruder, 'POST', `/api/v1/evidence/${photo}/derivatives`, { kind: 'blurred' }, 403, 'SANAD_ERR_NEED_TO_KNOW'],
    [legal, 'POST', `/api/v1/evidence/${photo}/depicts`, { personId: witness.id }, 403, 'SANAD_ERR_FORBIDDEN'],
    [legal, 'POST', `/api/v1/evidence/${photo}/derivatives`, { kind: 'blurred' }, 403, 'SANAD_ERR_FORBIDDEN'],
    [auditor, 'DELETE', `/api/v1/evidence/${photo}/depicts/${witness.id}`, undefined, 403, 'SANAD_ERR_FORBIDDEN']
  ]
  for (const [who, method, url, payload, status, code] of tries) {
    const res = await who({ method: method as 'POST', url, ...(payload ? { payload } : {}) })
    t.equal(res.statusCode, status, `${method} ${url}`)
    t.equal(res.json().code, code)
  }
  t.equal(app.ledger.size(), size, 'nothing written')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n, 2, 'no copy made')
  // The barred reader sees no depicts list on the integrity view.
  const seen = (await intruder(`/api/v1/evidence/${photo}`)).json()
  t.equal(seen.withheld, 'need-to-know')
  t.notOk('depicts' in seen)
})

t.test('removing a link of a person the remover may not read is refused: it would let the image out', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const incident = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const witness = (
    await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/persons`, payload: { role: 'witness', name: NAME, sensitive: true } })
  ).json()
  const photo = await upload(doc, incident, 'kabul-phone.jpg')
  await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: witness.id } })
  const other = await another(app, 'documenter')
  const size = app.ledger.size()
  const res = await other({ method: 'DELETE', url: `/api/v1/evidence/${photo}/depicts/${witness.id}` })
  t.equal(res.statusCode, 403)
  t.equal(res.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  t.equal(app.ledger.size(), size)
  t.equal((await doc(`/api/v1/evidence/${photo}`)).json().depicts.length, 1, 'still linked')
})
