import t from 'tap'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { parseVerifierKey, openCheckpoint } from '../../../server/lib/signed-note.ts'
import { leafHash, verifyInclusion, verifyConsistency } from '../../../server/lib/merkle.ts'

const independentVerifier = fileURLToPath(new URL('../../fixtures/independent-verifier/verify.py', import.meta.url))

async function grow (app: Awaited<ReturnType<typeof testApp>>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ title: `incident ${i}` }) })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
}

t.test('the checkpoint is a C2SP signed note: origin, size, base64 root, signed by the published key', async (t) => {
  const app = await testApp(t)
  await grow(app, 3)
  const key = await app.inject({ url: '/api/v1/ledger/key' })
  t.equal(key.statusCode, 200)
  t.match(key.headers['content-type'], /text\/plain/)
  const vkey = key.body.trim()
  t.match(vkey, /^sanad\.local\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/)
  parseVerifierKey(vkey)
  const res = await app.inject({ url: '/api/v1/ledger/checkpoint' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/plain/)
  const lines = res.body.split('\n')
  t.equal(lines[0], 'sanad.local/ledger')
  t.equal(lines[1], '3', 'second line is the tree size')
  t.equal(Buffer.from(lines[2]!, 'base64').length, 32, 'third line is the base64 root hash')
  t.equal(lines[3], '')
  t.match(lines[4], /^\u2014 sanad\.local\/ledger [A-Za-z0-9+/]+=*$/)
  const { checkpoint } = openCheckpoint(res.body, vkey)
  t.equal(checkpoint.rootHash.toString('hex'), app.ledger.root(3))
})

t.test('entries come with their exact canonical bytes, and every checkpoint issued is kept', async (t) => {
  const app = await testApp(t)
  await grow(app, 2)
  const first = (await app.inject({ url: '/api/v1/ledger/checkpoint' })).body
  await grow(app, 3)
  const second = (await app.inject({ url: '/api/v1/ledger/checkpoint' })).body
  t.not(first, second)
  const again = (await app.inject({ url: '/api/v1/ledger/checkpoint' })).body
  t.equal(again, second, 'no new checkpoint while the ledger has not grown')
  const all = (await app.inject({ url: '/api/v1/ledger/checkpoints' })).json()
  t.same(all.items.map((c: { size: number }) => c.size), [2, 5])
  const e = (await app.inject({ url: '/api/v1/ledger/entries/1' })).json()
  t.equal(e.index, 1)
  const bytes = Buffer.from(e.canonical, 'base64')
  t.equal(leafHash(bytes).toString('hex'), e.leafHash, 'leafHash = SHA-256(0x00 ‖ canonical)')
  t.same(JSON.parse(bytes.toString('utf8')), e.entry)
  t.match(e.entry, { v: 1, index: 1, type: 'incident-created', actor: 'anonymous', subject: { kind: 'incident' } })
  const e0 = (await app.inject({ url: '/api/v1/ledger/entries/0' })).json()
  t.equal(e.entry.prevHash, e0.leafHash, 'each entry names the hash of the one before')
  t.equal((await app.inject({ url: '/api/v1/ledger/entries/99' })).json().code, 'SANAD_ERR_LEDGER_ENTRY_NOT_FOUND')
})

t.test('inclusion and consistency proofs verify against signed checkpoints', async (t) => {
  const app = await testApp(t)
  await grow(app, 4)
  const vkey = (await app.inject({ url: '/api/v1/ledger/key' })).body.trim()
  const old = openCheckpoint((await app.inject({ url: '/api/v1/ledger/checkpoint' })).body, vkey).checkpoint
  await grow(app, 7)
  const cur = openCheckpoint((await app.inject({ url: '/api/v1/ledger/checkpoint' })).body, vkey).checkpoint
  t.equal(cur.size, 11)
  for (let index = 0; index < cur.size; index++) {
    const e = (await app.inject({ url: `/api/v1/ledger/entries/${index}` })).json()
    const p = (await app.inject({ url: `/api/v1/ledger/proof/inclusion?index=${index}&size=${cur.size}` })).json()
    t.same([p.index, p.size], [index, cur.size])
    t.ok(verifyInclusion(Buffer.from(e.leafHash, 'hex'), index, cur.size, p.proof.map((h: string) => Buffer.from(h, 'hex')), cur.rootHash), `entry ${index}`)
  }
  const c = (await app.inject({ url: `/api/v1/ledger/proof/consistency?from=${old.size}&to=${cur.size}` })).json()
  t.same([c.from, c.to], [4, 11])
  t.ok(verifyConsistency(4, 11, c.proof.map((h: string) => Buffer.from(h, 'hex')), old.rootHash, cur.rootHash))
  for (const url of ['/api/v1/ledger/proof/inclusion?index=11&size=11', '/api/v1/ledger/proof/inclusion?index=0&size=12', '/api/v1/ledger/proof/consistency?from=0&to=3', '/api/v1/ledger/proof/consistency?from=5&to=4']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    t.equal(res.json().code, 'SANAD_ERR_PROOF_RANGE', url)
  }
  t.equal((await app.inject({ url: '/api/v1/ledger/proof/inclusion?index=-1&size=3' })).statusCode, 400)
})

t.test('an independent verifier (Python hashlib + openssl, no project code) accepts the published proofs', async (t) => {
  const app = await testApp(t)
  await grow(app, 5)
  const vkey = (await app.inject({ url: '/api/v1/ledger/key' })).body
  const oldCheckpoint = (await app.inject({ url: '/api/v1/ledger/checkpoint' })).body
  await grow(app, 4)
  const checkpoint = (await app.inject({ url: '/api/v1/ledger/checkpoint' })).body
  const entry = (await app.inject({ url: '/api/v1/ledger/entries/6' })).json()
  const inclusion = (await app.inject({ url: '/api/v1/ledger/proof/inclusion?index=6&size=9' })).json()
  const consistency = (await app.inject({ url: '/api/v1/ledger/proof/consistency?from=5&to=9' })).json()
  const run = (doc: unknown) => spawnSync('python3', [independentVerifier], { input: JSON.stringify(doc), encoding: 'utf8' })
  const ok = run({ vkey, checkpoint, entry, inclusion, consistency: { ...consistency, oldCheckpoint } })
  t.equal(ok.status, 0, ok.stdout + ok.stderr)
  t.match(ok.stdout, /ALL OK/)
  const forged = run({ vkey, checkpoint: checkpoint.replace(/\n9\n/, '\n10\n'), entry, inclusion })
  t.not(forged.status, 0)
  t.match(forged.stdout, /signature does not verify/)
  const edited = run({ vkey, checkpoint, entry: { ...entry, canonical: Buffer.from(Buffer.from(entry.canonical, 'base64').toString().replace('incident-created', 'incident-revised')).toString('base64') }, inclusion })
  t.not(edited.status, 0)
  t.match(edited.stdout, /leaf hash does not match/)
})

t.test('an incident and its custody entry commit together or not at all', async (t) => {
  const app = await testApp(t)
  await grow(app, 1)
  const before = app.ledger.size()
  const bad = await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ categories: ['no-such'] }) })
  t.equal(bad.statusCode, 400)
  t.equal(app.ledger.size(), before, 'a refused incident leaves no ledger entry')
  const { id } = (await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const entries = app.ledger.subjectEntries('incident', id)
  t.equal(entries.length, 1)
  t.equal(entries[0]!.entry.type, 'incident-created')
})
