import t from 'tap'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { parseVerifierKey, openCheckpoint } from '../../../server/lib/ledger/signed-note.ts'
import { leafHash, verifyInclusion, verifyConsistency } from '../../../server/lib/ledger/merkle.ts'

const independentVerifier = fileURLToPath(new URL('../../fixtures/independent-verifier/verify.py', import.meta.url))

async function grow(inject: Inject, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ title: `incident ${i}` }) })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
}

t.test('the checkpoint is a C2SP signed note: origin, size, base64 root, signed by the published key', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  await grow(inject, 3)
  const key = await inject({ url: '/api/v1/ledger/key' })
  t.equal(key.statusCode, 200)
  t.match(key.headers['content-type'], /text\/plain/)
  const vkey = key.body.trim()
  t.match(vkey, /^sanad\.local\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/)
  parseVerifierKey(vkey)
  const res = await inject({ url: '/api/v1/ledger/checkpoint' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/plain/)
  const lines = res.body.split('\n')
  t.equal(lines[0], 'sanad.local/ledger')
  t.equal(lines[1], String(app.ledger.size()), 'second line is the tree size')
  t.equal(Buffer.from(lines[2]!, 'base64').length, 32, 'third line is the base64 root hash')
  t.equal(lines[3], '')
  t.match(lines[4], /^\u2014 sanad\.local\/ledger [A-Za-z0-9+/]+=*$/)
  const { checkpoint } = openCheckpoint(res.body, vkey)
  t.equal(checkpoint.rootHash.toString('hex'), app.ledger.root(app.ledger.size()))
})

t.test('entries come with their exact canonical bytes, and every checkpoint issued is kept', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  await grow(inject, 2)
  const first = (await inject({ url: '/api/v1/ledger/checkpoint' })).body
  const n1 = app.ledger.size()
  await grow(inject, 3)
  const second = (await inject({ url: '/api/v1/ledger/checkpoint' })).body
  t.not(first, second)
  const again = (await inject({ url: '/api/v1/ledger/checkpoint' })).body
  t.equal(again, second, 'no new checkpoint while the ledger has not grown')
  const all = (await inject({ url: '/api/v1/ledger/checkpoints' })).json()
  t.same(all.items.map((c: { size: number }) => c.size).slice(-2), [n1, n1 + 3])
  const index = n1 + 1
  const e = (await inject({ url: `/api/v1/ledger/entries/${index}` })).json()
  t.equal(e.index, index)
  const bytes = Buffer.from(e.canonical, 'base64')
  t.equal(leafHash(bytes).toString('hex'), e.leafHash, 'leafHash = SHA-256(0x00 ‖ canonical)')
  t.same(JSON.parse(bytes.toString('utf8')), e.entry)
  t.match(e.entry, { v: 1, index, type: 'incident-created', actor: /^user:/, subject: { kind: 'incident' } })
  const before = (await inject({ url: `/api/v1/ledger/entries/${index - 1}` })).json()
  t.equal(e.entry.prevHash, before.leafHash, 'each entry names the hash of the one before')
  t.equal((await inject({ url: '/api/v1/ledger/entries/9999' })).json().code, 'SANAD_ERR_LEDGER_ENTRY_NOT_FOUND')
})

t.test('inclusion and consistency proofs verify against signed checkpoints', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  await grow(inject, 4)
  const vkey = (await inject({ url: '/api/v1/ledger/key' })).body.trim()
  const old = openCheckpoint((await inject({ url: '/api/v1/ledger/checkpoint' })).body, vkey).checkpoint
  await grow(inject, 7)
  const cur = openCheckpoint((await inject({ url: '/api/v1/ledger/checkpoint' })).body, vkey).checkpoint
  t.equal(cur.size, old.size + 7)
  for (let index = 0; index < cur.size; index++) {
    const e = (await inject({ url: `/api/v1/ledger/entries/${index}` })).json()
    const p = (await inject({ url: `/api/v1/ledger/proof/inclusion?index=${index}&size=${cur.size}` })).json()
    t.same([p.index, p.size], [index, cur.size])
    t.ok(
      verifyInclusion(
        Buffer.from(e.leafHash, 'hex'),
        index,
        cur.size,
        p.proof.map((h: string) => Buffer.from(h, 'hex')),
        cur.rootHash
      ),
      `entry ${index}`
    )
  }
  const c = (await inject({ url: `/api/v1/ledger/proof/consistency?from=${old.size}&to=${cur.size}` })).json()
  t.same([c.from, c.to], [old.size, cur.size])
  t.ok(
    verifyConsistency(
      old.size,
      cur.size,
      c.proof.map((h: string) => Buffer.from(h, 'hex')),
      old.rootHash,
      cur.rootHash
    )
  )
  const n = cur.size
  for (const url of [
    `/api/v1/ledger/proof/inclusion?index=${n}&size=${n}`,
    `/api/v1/ledger/proof/inclusion?index=0&size=${n + 1}`,
    '/api/v1/ledger/proof/consistency?from=0&to=3',
    '/api/v1/ledger/proof/consistency?from=5&to=4'
  ]) {
    const res = await inject({ url })
    t.equal(res.statusCode, 400, url)
    t.equal(res.json().code, 'SANAD_ERR_PROOF_RANGE', url)
  }
  t.equal((await inject({ url: '/api/v1/ledger/proof/inclusion?index=-1&size=3' })).statusCode, 400)
})

t.test('an independent verifier (Python hashlib + openssl, no project code) accepts the published proofs', async (t) => {
  if (!requireTool(t, 'python3', 'openssl')) return
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  await grow(inject, 5)
  const vkey = (await inject({ url: '/api/v1/ledger/key' })).body
  const oldCheckpoint = (await inject({ url: '/api/v1/ledger/checkpoint' })).body
  const from = app.ledger.size()
  await grow(inject, 4)
  const checkpoint = (await inject({ url: '/api/v1/ledger/checkpoint' })).body
  const to = app.ledger.size()
  const index = from + 1
  const entry = (await inject({ url: `/api/v1/ledger/entries/${index}` })).json()
  const inclusion = (await inject({ url: `/api/v1/ledger/proof/inclusion?index=${index}&size=${to}` })).json()
  const consistency = (await inject({ url: `/api/v1/ledger/proof/consistency?from=${from}&to=${to}` })).json()
  const run = (doc: unknown) => spawnSync('python3', [independentVerifier], { input: JSON.stringify(doc), encoding: 'utf8' })
  const ok = run({ vkey, checkpoint, entry, inclusion, consistency: { ...consistency, oldCheckpoint } })
  t.equal(ok.status, 0, ok.stdout + ok.stderr)
  t.match(ok.stdout, /ALL OK/)
  const forged = run({ vkey, checkpoint: checkpoint.replace(`\n${to}\n`, `\n${to + 1}\n`), entry, inclusion })
  t.not(forged.status, 0)
  t.match(forged.stdout, /signature does not verify/)
  const edited = run({
    vkey,
    checkpoint,
    entry: {
      ...entry,
      canonical: Buffer.from(Buffer.from(entry.canonical, 'base64').toString().replace('incident-created', 'incident-revised')).toString(
        'base64'
      )
    },
    inclusion
  })
  t.not(edited.status, 0)
  t.match(edited.stdout, /leaf hash does not match/)
})

t.test('an incident and its custody entry commit together or not at all', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  await grow(inject, 1)
  const before = app.ledger.size()
  const bad = await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ categories: ['no-such'] }) })
  t.equal(bad.statusCode, 400)
  t.equal(app.ledger.size(), before, 'a refused incident leaves no ledger entry')
  const { id } = (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const entries = app.ledger.subjectEntries('incident', id)
  t.equal(entries.length, 1)
  t.equal(entries[0]!.entry.type, 'incident-created')
})
