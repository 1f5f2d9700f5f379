import t from 'tap'
import { readFileSync } from 'node:fs'
import { testApp, asRole, accountFor, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { openCheckpoint } from '../../../server/lib/ledger/signed-note.ts'
import { canonicalJson } from '../../../server/lib/ledger/canonical-json.ts'
import { leafHash, verifyInclusion } from '../../../server/lib/ledger/merkle.ts'
import { ledgerRepo } from '../../../server/ledger/repo.ts'

type App = Awaited<ReturnType<typeof testApp>>
type Item = {
  index: number
  leafHash: string
  proof: string[]
  entry: {
    index: number
    type: string
    actor: string
    time: string
    subject: { kind: string; id: string }
    details: Record<string, unknown>
  }
}
type Page = { items: Item[]; next?: string; checkpoint: string; size: number }

/** Two incidents, a witness in each; the witness of the first is read by the documenter and by legal. */
async function world(app: App) {
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const incident = async (): Promise<string> =>
    (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const first = await incident()
  const second = await incident()
  const person = async (incidentId: string): Promise<string> => {
    const res = await doc({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/persons`,
      payload: { role: 'witness', name: 'Zarghuna Ahmadi', protected: false }
    })
    if (res.statusCode !== 201) throw new Error(res.body)
    return res.json().id
  }
  const witness = await person(first)
  const other = await person(second)
  await doc(`/api/v1/persons/${witness}?purpose=follow-up`)
  await legal(`/api/v1/persons/${witness}?purpose=case-preparation`)
  await legal(`/api/v1/persons/${witness}?purpose=verification`)
  await legal(`/api/v1/persons/${other}?purpose=verification`)
  await accountFor(app, 'auditor') // made now, so that its user-created entry is not made mid-test
  const docUser = `user:${(await accountFor(app, 'documenter')).id}`
  const legalUser = `user:${(await accountFor(app, 'legal')).id}`
  return { first, second, witness, other, docUser, legalUser }
}

/** Every entry, straight from the table, to compare a filtered answer against. */
function all(app: App): Item['entry'][] {
  return (app.sqlite.prepare('SELECT canonical FROM ledger_entries ORDER BY idx').all() as Array<{ canonical: Buffer }>).map((r) =>
    JSON.parse(r.canonical.toString('utf8'))
  )
}

async function page(app: App, query: string): Promise<Page> {
  const res = await app.inject({ url: `/api/v1/ledger/entries?${query}`, headers: await asRole(app, 'auditor') })
  if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('GET /ledger/entries answers "who read this witness\'s identity, when, why" in one request', async (t) => {
  const app = await testApp(t)
  const w = await world(app)
  const res = await page(app, `subject=person:${w.witness}&type=accessed&actor=${encodeURIComponent(w.legalUser)}`)
  t.same(
    res.items.map((i) => i.entry.details.purpose),
    ['case-preparation', 'verification'],
    'legal read her twice, with these purposes'
  )
  t.ok(res.items.every((i) => i.entry.actor === w.legalUser && i.entry.subject.id === w.witness && typeof i.entry.time === 'string'))
  t.notOk('next' in res, 'one page')
  t.notOk(JSON.stringify(res).includes('Zarghuna'), 'no name')
})

t.test('each filter alone, and all combined, give exactly the entries that match', async (t) => {
  const app = await testApp(t)
  const w = await world(app)
  const entries = all(app)
  const from = entries[Math.floor(entries.length / 2)]!.time
  const cases: Array<[string, (e: Item['entry']) => boolean]> = [
    [`subject=person:${w.witness}`, (e) => e.subject.kind === 'person' && e.subject.id === w.witness],
    [`subject=incident:${w.second}`, (e) => e.subject.kind === 'incident' && e.subject.id === w.second],
    ['type=accessed', (e) => e.type === 'accessed'],
    ['type=person-created', (e) => e.type === 'person-created'],
    [`actor=${encodeURIComponent(w.docUser)}`, (e) => e.actor === w.docUser],
    ['actor=system', (e) => e.actor === 'system'],
    [`from=${from}`, (e) => e.time >= from],
    [`to=${from}`, (e) => e.time < from],
    [`to=${from.slice(0, 10)}`, () => true],
    ['from=2001-01-01&to=2001-12-31', () => false],
    [`subject=person:${w.witness}&type=accessed`, (e) => e.subject.id === w.witness && e.type === 'accessed'],
    [`type=accessed&actor=${encodeURIComponent(w.legalUser)}`, (e) => e.type === 'accessed' && e.actor === w.legalUser],
    [
      `subject=person:${w.witness}&type=accessed&actor=${encodeURIComponent(w.docUser)}&from=${entries[0]!.time}&to=2999-01-01`,
      (e) => e.subject.id === w.witness && e.type === 'accessed' && e.actor === w.docUser
    ]
  ]
  for (const [query, match] of cases) {
    const expected = entries.filter(match).map((e) => e.index)
    const got = (await page(app, `${query}&limit=200`)).items.map((i) => i.index)
    t.same(got, expected, `${query}: ${expected.length} entries`)
  }
  t.ok(
    entries.some((e) => e.actor === 'system'),
    'the world has system entries to find'
  )
})

t.test(
  "pages follow the cursor without repeating or skipping, and every proof verifies against the page's signed checkpoint",
  async (t) => {
    const app = await testApp(t)
    await world(app)
    const vkey = app.ledger.verifierKey()
    const size = app.ledger.size()
    const seen: number[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const p = await page(app, `limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      pages++
      t.ok(p.items.length <= 3)
      const cp = openCheckpoint(p.checkpoint, vkey).checkpoint
      t.equal(cp.size, p.size, 'the checkpoint is signed by the ledger key, of the size given')
      for (const item of p.items) {
        const bytes = Buffer.from(canonicalJson(item.entry as never))
        t.equal(leafHash(bytes).toString('hex'), item.leafHash, `leaf ${item.index}`)
        t.ok(item.index < p.size)
        t.ok(
          verifyInclusion(
            Buffer.from(item.leafHash, 'hex'),
            item.index,
            p.size,
            item.proof.map((h) => Buffer.from(h, 'hex')),
            cp.rootHash
          ),
          `proof of ${item.index}`
        )
        seen.push(item.index)
      }
      cursor = p.next
    } while (cursor !== undefined && pages < 100)
    t.same(
      seen,
      Array.from({ length: size }, (_, i) => i),
      'every entry once, in order'
    )
    t.equal(pages, Math.ceil(size / 3))
    t.equal((await page(app, '')).items.length, Math.min(size, 50), 'default limit 50')
    const tooMany = await app.inject({ url: '/api/v1/ledger/entries?limit=201', headers: await asRole(app, 'auditor') })
    t.equal(tooMany.statusCode, 400, 'at most 200 per page')
  }
)

t.test('a malformed subject, actor, type, time or cursor is 400 and an unknown field too; without a session 401', async (t) => {
  const app = await testApp(t)
  const auditor = await asRole(app, 'auditor')
  for (const [query, code] of [
    ['subject=person', 'SANAD_ERR_VALIDATION'],
    ['subject=person:not-a-uuid', 'SANAD_ERR_VALIDATION'],
    ['subject=witness:00000000-0000-4000-8000-000000000000', 'SANAD_ERR_VALIDATION'],
    ['subject=person:00000000-0000-4000-8000-000000000000%27%20OR%201=1', 'SANAD_ERR_VALIDATION'],
    ['actor=farida', 'SANAD_ERR_VALIDATION'],
    ['type=read-by-taliban', 'SANAD_ERR_VALIDATION'],
    ['from=2026-02-30', 'SANAD_ERR_DATE_INVALID'],
    ['from=yesterday', 'SANAD_ERR_VALIDATION'],
    ['cursor=-1', 'SANAD_ERR_VALIDATION'],
    ['limit=0', 'SANAD_ERR_VALIDATION'],
    ['name=Zarghuna', 'SANAD_ERR_UNKNOWN_FIELD']
  ] as const) {
    const res = await app.inject({ url: `/api/v1/ledger/entries?${query}`, headers: auditor })
    t.equal(res.statusCode, 400, query)
    t.match(res.json().code, /^SANAD_ERR_(VALIDATION|UNKNOWN_FIELD|DATE_INVALID)$/, query)
    if (code !== 'SANAD_ERR_VALIDATION') t.equal(res.json().code, code, query)
  }
  const anonymous = await app.inject({ url: '/api/v1/ledger/entries' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'SANAD_ERR_UNAUTHENTICATED')
})

t.test('every filter is served by an index, not a scan of the ledger', async (t) => {
  const app = await testApp(t)
  const repo = ledgerRepo(app.sqlite)
  const plans: Array<[string, Record<string, string>]> = [
    ['subject', { subjectKind: 'person', subjectId: 'x' }],
    ['subject+type', { subjectKind: 'person', subjectId: 'x', type: 'accessed' }],
    ['subject+actor+time', { subjectKind: 'person', subjectId: 'x', actor: 'user:x', from: '2026-01-01T00:00:00.000Z' }],
    ['type', { type: 'accessed' }],
    ['actor', { actor: 'user:x' }],
    ['actor+type', { actor: 'user:x', type: 'accessed' }],
    ['time', { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }]
  ]
  for (const [name, filter] of plans) {
    const plan = repo.filterPlan({ ...filter, after: -1, below: 1000, limit: 51 })
    t.match(plan, /USING (COVERING )?INDEX ledger_entries_/, `${name}: ${plan}`)
    t.notMatch(plan, /\bSCAN\b/, `${name}: no scan of the ledger`)
    // A time range is read from its index and sorted by idx; every other filter reads in idx order.
    if (name !== 'time') t.notMatch(plan, /TEMP B-TREE/, `${name}: read in index order`)
    t.same(repo.filter({ ...filter, after: -1, below: 10, limit: 5 }), [], `${name} runs`)
  }
})

t.test('the migration fills the actor of entries written before the column existed, and keeps them append-only', async (t) => {
  const app = await testApp(t)
  await world(app)
  const sql = readFileSync(new URL('../../../migrations/0010_ledger-filters-and-clearance-requests.sql', import.meta.url), 'utf8')
  const handWritten = sql.slice(sql.indexOf('-- ---- hand-written')).split('--> statement-breakpoint').slice(0, 3)
  t.equal(handWritten.length, 3, 'drop trigger, fill, re-create trigger')
  // As an older database looked: the column empty.
  app.sqlite.exec(
    "DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET actor = ''; CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;"
  )
  app.sqlite.transaction(() => {
    for (const statement of handWritten) app.sqlite.exec(statement)
  })()
  const rows = app.sqlite.prepare('SELECT actor, canonical FROM ledger_entries').all() as Array<{ actor: string; canonical: Buffer }>
  t.ok(rows.length > 5)
  t.ok(
    rows.every((r) => r.actor === JSON.parse(r.canonical.toString('utf8')).actor),
    'every actor as its entry says'
  )
  t.throws(() => app.sqlite.prepare("UPDATE ledger_entries SET actor = 'user:x'").run(), /append-only/)
})
