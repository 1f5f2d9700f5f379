import t from 'tap'
import { testApp, asRole, accountFor, sessionAs } from '../../helpers/app.ts'
import { anotherAccount, deviceKey, enrolDevice } from '../../helpers/devices.ts'

type LedgerRow = { type: string; canonical: Buffer }
const entries = (app: Awaited<ReturnType<typeof testApp>>, type: string) =>
  (app.sqlite.prepare('SELECT type, canonical FROM ledger_entries WHERE type = ? ORDER BY idx').all(type) as LedgerRow[]).map((r) =>
    JSON.parse(r.canonical.toString('utf8'))
  )

t.test(
  'a signed-in user enrols a device key as a JWK and gets its id; the ledger records ids and the key hash, never the label',
  async (t) => {
    const app = await testApp(t)
    const headers = await sessionAs(app, 'documenter')
    const me = await accountFor(app, 'documenter')
    const key = deviceKey()
    const res = await app.inject({ method: 'POST', url: '/api/v1/devices', headers, payload: { label: "Zarghuna's phone", jwk: key.jwk } })
    t.equal(res.statusCode, 201, res.body)
    const device = res.json()
    t.match(device, { userId: me.id, label: "Zarghuna's phone", algorithm: 'ECDSA-P256', publicKey: key.spki, revokedAt: null })
    t.match(device.id, /^[0-9a-f-]{36}$/)
    const [enrolled] = entries(app, 'device-enrolled')
    t.match(enrolled, {
      actor: `user:${me.id}`,
      subject: { kind: 'device', id: device.id, sha256: device.keySha256 },
      details: { user: me.id, algorithm: 'ECDSA-P256' }
    })
    t.notMatch(JSON.stringify(enrolled), /Zarghuna/, 'the label stays out of the ledger')
  }
)

t.test('a key given as SPKI is the same key; enrolling it twice is refused', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const key = deviceKey()
  const first = await app.inject({ method: 'POST', url: '/api/v1/devices', headers, payload: { label: 'phone', spki: key.spki } })
  t.equal(first.statusCode, 201, first.body)
  const again = await app.inject({ method: 'POST', url: '/api/v1/devices', headers, payload: { label: 'phone', jwk: key.jwk } })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'SANAD_ERR_DEVICE_KEY_TAKEN')
  t.equal(entries(app, 'device-enrolled').length, 1)
})

t.test('a key that is not ECDSA P-256, or given twice or not at all, is refused', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const key = deviceKey()
  const { generateKeyPairSync } = await import('node:crypto')
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a P-384 key', { label: 'x', spki: p384 }, 'SANAD_ERR_DEVICE_KEY_INVALID'],
    ['bytes that are no key', { label: 'x', spki: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=' }, 'SANAD_ERR_DEVICE_KEY_INVALID'],
    ['a point off the curve', { label: 'x', jwk: { ...key.jwk, y: key.jwk.x } }, 'SANAD_ERR_DEVICE_KEY_INVALID'],
    ['both forms', { label: 'x', jwk: key.jwk, spki: key.spki }, 'SANAD_ERR_VALIDATION'],
    ['neither', { label: 'x' }, 'SANAD_ERR_VALIDATION'],
    ['a private key (d)', { label: 'x', jwk: { ...key.jwk, d: key.jwk.x } }, 'SANAD_ERR_UNKNOWN_FIELD']
  ]
  for (const [name, payload, code] of cases) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/devices', headers, payload })
    t.equal(res.statusCode, 400, `${name}: ${res.body}`)
    t.equal(res.json().code, code, name)
  }
  t.equal(entries(app, 'device-enrolled').length, 0, 'nothing enrolled')
})

t.test("each user lists their own devices; an admin lists everyone's", async (t) => {
  const app = await testApp(t)
  const mine = await asRole(app, 'documenter')
  const other = await anotherAccount(app, 'second-documenter', 'documenter')
  const a = await enrolDevice(app, mine, deviceKey(), 'phone')
  const b = await enrolDevice(app, other.headers, deviceKey(), 'tablet')
  const list = async (headers: Record<string, string>) =>
    ((await app.inject({ url: '/api/v1/devices', headers })).json().items as Array<{ id: string }>).map((d) => d.id)
  t.same(await list(mine), [a])
  t.same(await list(other.headers), [b])
  t.same(await list(await asRole(app, 'admin')), [a, b])
  t.same(await list(await asRole(app, 'auditor')), [])
})

t.test('the owner revokes their device, once; an admin revokes anyone’s; both are ledger entries', async (t) => {
  const app = await testApp(t)
  const mine = await asRole(app, 'documenter')
  const me = await accountFor(app, 'documenter')
  const a = await enrolDevice(app, mine, deviceKey())
  const b = await enrolDevice(app, mine, deviceKey())
  const res = await app.inject({ method: 'DELETE', url: `/api/v1/devices/${a}`, headers: mine })
  t.equal(res.statusCode, 204)
  const again = await app.inject({ method: 'DELETE', url: `/api/v1/devices/${a}`, headers: mine })
  t.equal(again.statusCode, 204, 'revoking again changes nothing')
  const byAdmin = await app.inject({ method: 'DELETE', url: `/api/v1/devices/${b}`, headers: await asRole(app, 'admin') })
  t.equal(byAdmin.statusCode, 204)
  const revoked = entries(app, 'device-revoked')
  t.equal(revoked.length, 2)
  t.match(revoked[0], { actor: `user:${me.id}`, subject: { kind: 'device', id: a }, details: { user: me.id, by: 'owner' } })
  t.match(revoked[1], { subject: { kind: 'device', id: b }, details: { user: me.id, by: 'admin' } })
  const items = (await app.inject({ url: '/api/v1/devices', headers: mine })).json().items as Array<{ revokedAt: string | null }>
  t.ok(
    items.every((d) => d.revokedAt !== null),
    'both show as revoked'
  )
  t.throws(() => app.sqlite.prepare('DELETE FROM devices').run(), /never deleted/, 'the database refuses to delete a device key')
  t.throws(() => app.sqlite.prepare("UPDATE devices SET public_key = 'x'").run(), /revoked once/, 'or to change one')
})

t.test('another user cannot revoke my device (403, nothing changes); an unknown id is 404', async (t) => {
  const app = await testApp(t)
  const mine = await asRole(app, 'documenter')
  const a = await enrolDevice(app, mine, deviceKey())
  for (const headers of [
    (await anotherAccount(app, 'second-documenter', 'documenter')).headers,
    await asRole(app, 'auditor'),
    await asRole(app, 'legal')
  ]) {
    const res = await app.inject({ method: 'DELETE', url: `/api/v1/devices/${a}`, headers })
    t.equal(res.statusCode, 403)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN')
  }
  t.equal(entries(app, 'device-revoked').length, 0)
  const missing = await app.inject({ method: 'DELETE', url: '/api/v1/devices/00000000-0000-4000-8000-000000000000', headers: mine })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'SANAD_ERR_DEVICE_NOT_FOUND')
})
