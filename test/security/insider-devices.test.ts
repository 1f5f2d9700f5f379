// Insider attacks on capture signing that the data-case runner cannot express (each needs a record
// signed at run time): every one must be refused with its code and change nothing.
import t from 'tap'
import { insiderWorld } from '../helpers/insider-world.ts'
import { multipart } from '../helpers/multipart.ts'
import { evidenceFixture } from '../helpers/files.ts'
import { captureRecord, deviceKey, signedCapture } from '../helpers/devices.ts'

const PHOTO = evidenceFixture('no-metadata.jpg')

async function uploadWith(w: Awaited<ReturnType<typeof insiderWorld>>, as: 'recorder' | 'intruder', capture: string) {
  const body = multipart([
    { name: 'capture', value: capture },
    { name: 'file', value: PHOTO, filename: 'photo.jpg' }
  ])
  return await w.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${w.ids.openIncident}/evidence`,
    headers: { ...w.headers[as], ...body.headers },
    payload: body.payload
  })
}

t.test("a documenter uploads with a capture record signed by another user's device: 403, nothing changes", async (t) => {
  const w = await insiderWorld(t)
  const before = w.state()
  // A record the recorder's phone signed (intercepted or copied), sent as is by the intruder...
  const stolen = signedCapture(captureRecord(PHOTO, w.actorIds.recorder, w.ids.recorderDevice as string), w.recorderKey)
  // ...or one naming the intruder as documenter: the recorder's key still signed it (a signing oracle).
  const mine = signedCapture(captureRecord(PHOTO, w.actorIds.intruder, w.ids.recorderDevice as string), w.recorderKey)
  for (const [name, capture] of [
    ['the recorder as documenter', stolen],
    ['the intruder as documenter', mine]
  ] as const) {
    const res = await uploadWith(w, 'intruder', capture)
    t.equal(res.statusCode, 403, `${name}: ${res.body}`)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN', name)
  }
  t.same(w.state(), before, 'no record changed and nothing was appended to the ledger')
})

t.test('a documenter signs with a key of their own but names the recorder’s device: refused, nothing changes', async (t) => {
  const w = await insiderWorld(t)
  const before = w.state()
  const res = await uploadWith(
    w,
    'intruder',
    signedCapture(captureRecord(PHOTO, w.actorIds.intruder, w.ids.recorderDevice as string), deviceKey())
  )
  t.equal(res.statusCode, 422)
  t.equal(res.json().code, 'SANAD_ERR_CAPTURE_SIGNATURE')
  t.same(w.state(), before)
})

t.test('a revoked device key signs nothing the server accepts, even its owner’s own capture: 403, nothing changes', async (t) => {
  const w = await insiderWorld(t)
  // A record signed while the phone was still trusted, held back until after it was revoked (a seized phone).
  const held = signedCapture(captureRecord(PHOTO, w.actorIds.recorder, w.ids.recorderDevice as string), w.recorderKey)
  const revoked = await w.app.inject({ method: 'DELETE', url: `/api/v1/devices/${w.ids.recorderDevice}`, headers: w.headers.recorder })
  t.equal(revoked.statusCode, 204)
  const before = w.state()
  const res = await uploadWith(w, 'recorder', held)
  t.equal(res.statusCode, 403, res.body)
  t.equal(res.json().code, 'SANAD_ERR_DEVICE_REVOKED')
  t.same(w.state(), before, 'no record changed and nothing was appended to the ledger')
})
