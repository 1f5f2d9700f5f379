// The recipient's own reference numbers imported back per exhibit (#17 item 7): the legal liaison
// sends them by stable exhibit id; each import is a row and a ledger entry carrying only ids, counts
// and the RFC 8785 hash of the content; the next dossier's exhibits.csv and exhibit pages print them;
// `npm run verify` re-derives the hash, so a database edit shows; other roles cannot import.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createCase, download, generate, world, type World } from '../../helpers/case-world.ts'
import { as } from '../../helpers/client.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { openSqlite, databaseFile } from '../../../server/db/connection.ts'
import { BlobStore } from '../../../server/blobs/store.ts'
import { loadLedgerSigner } from '../../../server/keys/key-files.ts'
import { verifyDataDir } from '../../../server/modules/verify/service.ts'
import { importContent, importDigest } from '../../../server/lib/export/recipient-references.ts'

async function stableIds(w: World): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [name, id] of Object.entries(w.evidence)) out[name] = (await w.doc(`/api/v1/evidence/${id}`)).json().stableId
  return out
}

const put = (w: World, caseId: string, payload: unknown) =>
  w.legal({ method: 'PUT', url: `/api/v1/cases/${caseId}/recipient-references`, payload: payload as Record<string, unknown> })

function ledgerOf(
  w: World,
  type: string
): Array<{ index: number; subject: { id: string; sha256?: string }; details: Record<string, unknown> }> {
  return w.app.sqlite
    .prepare('SELECT idx, canonical FROM ledger_entries ORDER BY idx')
    .all()
    .map((r) => JSON.parse((r as { canonical: Buffer }).canonical.toString('utf8')))
    .filter((e: { type: string }) => e.type === type)
}

/** Rows of exhibits.csv (no cell of these tests holds a comma, quote or line break). */
function csvRows(text: string): Array<Record<string, string>> {
  const [header = '', ...lines] = text.split('\r\n').filter((l) => l !== '')
  const cols = header.split(',')
  return lines.map((l) => {
    const cells: string[] = []
    let cur = ''
    let q = false
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]
      if (q) {
        if (ch === '"' && l[i + 1] === '"') {
          cur += '"'
          i++
        } else if (ch === '"') q = false
        else cur += ch
      } else if (ch === '"') q = true
      else if (ch === ',') {
        cells.push(cur)
        cur = ''
      } else cur += ch
    }
    cells.push(cur)
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']))
  })
}

t.test('imported references are stored per exhibit, recorded by hash only, and printed by the next dossier', async (t) => {
  if (!requireTool(t, 'unzip', 'pdftotext')) return
  const w = await world(t)
  const ids = await stableIds(w)
  const caseId = await createCase(w)
  const photo = ids['kabul-phone.jpg']!
  const video = ids['phone-video.mp4']!

  const first = await put(w, caseId, {
    source: 'paste',
    references: [
      { exhibitId: photo, reference: 'AFG-OTP-0001-0042' },
      { exhibitId: video, reference: 'AFG-OTP-0001-0043' }
    ]
  })
  t.equal(first.statusCode, 200, first.body)
  t.match(first.json(), {
    caseId,
    imports: 1,
    references: [
      { exhibitId: photo, reference: 'AFG-OTP-0001-0042', importedBy: w.legalActor },
      { exhibitId: video, reference: 'AFG-OTP-0001-0043' }
    ].sort((a, b) => (a.exhibitId < b.exhibitId ? -1 : 1))
  })

  // A later import sets what it names and keeps the rest.
  const second = await put(w, caseId, { source: 'csv', references: [{ exhibitId: video, reference: 'AFG-OTP-0001-0099' }] })
  t.equal(second.statusCode, 200, second.body)
  const now = (await w.legal(`/api/v1/cases/${caseId}/recipient-references`)).json()
  t.equal(now.imports, 2)
  t.same(Object.fromEntries(now.references.map((r: { exhibitId: string; reference: string }) => [r.exhibitId, r.reference])), {
    [photo]: 'AFG-OTP-0001-0042',
    [video]: 'AFG-OTP-0001-0099'
  })

  // The ledger: ids, counts, the content hash — never a reference.
  const entries = ledgerOf(w, 'recipient-references-imported')
  t.equal(entries.length, 2)
  t.same(entries[0]?.details, {
    import: 1,
    count: 2,
    source: 'paste',
    contentSha256: importDigest(
      importContent(caseId, [
        { exhibitId: photo, reference: 'AFG-OTP-0001-0042' },
        { exhibitId: video, reference: 'AFG-OTP-0001-0043' }
      ])
    ).sha256
  })
  t.equal(entries[0]?.subject.id, caseId)
  t.notOk(JSON.stringify(entries).includes('AFG-OTP'), 'no reference in the ledger')

  // The next dossier prints them: exhibits.csv's recipient_ref and each exhibit's page.
  const d = await generate(w, caseId)
  t.equal(d.status, 'ready')
  const dir = mkdtempSync(join(tmpdir(), 'sanad-recipient-refs-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const zip = join(dir, 'p.zip')
  writeFileSync(zip, await download(w, d.id, 'package'))
  const csvPath = execFileSync('unzip', ['-Z1', zip])
    .toString()
    .split('\n')
    .find((p) => p.endsWith('data/exhibits.csv'))
  const rows = csvRows(execFileSync('unzip', ['-p', zip, csvPath ?? '']).toString('utf8'))
  t.equal(rows.find((r) => r.stable_id === photo)?.recipient_ref, 'AFG-OTP-0001-0042')
  t.equal(rows.find((r) => r.stable_id === video)?.recipient_ref, 'AFG-OTP-0001-0099')
  t.equal(rows.find((r) => r.stable_id === ids['edited.jpg'])?.recipient_ref, '', 'an exhibit without one stays empty')
  const pdf = join(dir, 'd.pdf')
  writeFileSync(pdf, await download(w, d.id, 'pdf'))
  const text = execFileSync('pdftotext', [pdf, '-']).toString('utf8')
  t.match(text, /Recipient's reference/)
  t.match(text, /AFG-OTP-0001-0099/)
})

t.test('a list that is not strictly the schema, or names an exhibit outside the case, is refused and changes nothing', async (t) => {
  const w = await world(t)
  const ids = await stableIds(w)
  // A case of incident B only: the photo of incident A is not one of its exhibits.
  const caseId = await createCase(w, { title: 'Herat checkpoint', incidentIds: [w.incidents.b], elementLinks: [] })
  const own = ids['edited.jpg']!
  const cases: Array<[string, unknown, string]> = [
    ['an unknown field', { references: [{ exhibitId: own, reference: 'X-1', note: 'n' }] }, 'SANAD_ERR_UNKNOWN_FIELD'],
    ['an unknown top-level field', { references: [{ exhibitId: own, reference: 'X-1' }], extra: 1 }, 'SANAD_ERR_UNKNOWN_FIELD'],
    ['an id that is not a stable exhibit id', { references: [{ exhibitId: 'E1', reference: 'X-1' }] }, 'SANAD_ERR_VALIDATION'],
    ['an empty list', { references: [] }, 'SANAD_ERR_VALIDATION'],
    ['a reference with a line break', { references: [{ exhibitId: own, reference: 'X-1\nX-2' }] }, 'SANAD_ERR_VALIDATION'],
    ['a reference with leading space', { references: [{ exhibitId: own, reference: ' X-1' }] }, 'SANAD_ERR_VALIDATION'],
    ['a reference of 81 characters', { references: [{ exhibitId: own, reference: 'X'.repeat(81) }] }, 'SANAD_ERR_VALIDATION'],
    ['an unknown source', { source: 'email', references: [{ exhibitId: own, reference: 'X-1' }] }, 'SANAD_ERR_VALIDATION'],
    [
      'the same exhibit twice',
      {
        references: [
          { exhibitId: own, reference: 'X-1' },
          { exhibitId: own, reference: 'X-2' }
        ]
      },
      'SANAD_ERR_VALIDATION'
    ],
    [
      'an exhibit of another case',
      {
        references: [
          { exhibitId: own, reference: 'X-1' },
          { exhibitId: ids['kabul-phone.jpg'], reference: 'X-2' }
        ]
      },
      'SANAD_ERR_EXHIBIT_NOT_IN_CASE'
    ],
    [
      'an exhibit id no exhibit has',
      { references: [{ exhibitId: 'SND-E-1999-000001', reference: 'X-1' }] },
      'SANAD_ERR_EXHIBIT_NOT_IN_CASE'
    ]
  ]
  for (const [name, payload, code] of cases) {
    const res = await put(w, caseId, payload)
    t.equal(res.statusCode, 400, name)
    t.equal(res.json().code, code, name)
  }
  const missing = await put(w, '00000000-0000-4000-8000-000000000000', { references: [{ exhibitId: own, reference: 'X-1' }] })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'SANAD_ERR_CASE_NOT_FOUND')
  t.equal((await w.legal(`/api/v1/cases/${caseId}/recipient-references`)).json().imports, 0, 'nothing was imported')
  t.equal(ledgerOf(w, 'recipient-references-imported').length, 0, 'nothing was recorded')
})

t.test('insider: an account without case:write cannot import references, and nothing changes', async (t) => {
  const w = await world(t)
  const ids = await stableIds(w)
  const caseId = await createCase(w)
  const payload = { references: [{ exhibitId: ids['kabul-phone.jpg'], reference: 'FORGED-1' }] }
  for (const role of ['documenter', 'reviewer', 'auditor', 'admin'] as const) {
    const inject = await as(w.app, role)
    const res = await inject({ method: 'PUT', url: `/api/v1/cases/${caseId}/recipient-references`, payload })
    t.equal(res.statusCode, 403, `${role} is refused`)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN', role)
  }
  t.same((await w.legal(`/api/v1/cases/${caseId}/recipient-references`)).json().references, [], 'no reference stored')
  t.equal(ledgerOf(w, 'recipient-references-imported').length, 0, 'nothing recorded')
})

t.test('npm run verify re-derives each import hash: a database edit or deletion of an import is named', async (t) => {
  const w = await world(t)
  const ids = await stableIds(w)
  const caseId = await createCase(w)
  const res = await put(w, caseId, { references: [{ exhibitId: ids['kabul-phone.jpg'], reference: 'AFG-OTP-0001-0042' }] })
  t.equal(res.statusCode, 200, res.body)
  const other = await createCase(w, { title: 'Herat checkpoint', incidentIds: [w.incidents.b], elementLinks: [] })
  w.app.ledger.checkpoint()
  const dir = w.app.config.dataDir
  const origin = w.app.config.ledgerOrigin
  await w.app.close()
  const verifyDir = async (d: string) => {
    const sqlite = openSqlite(databaseFile(d), { readonly: true })
    try {
      return await verifyDataDir({
        sqlite,
        blobs: new BlobStore(d),
        verifierKey: loadLedgerSigner(d, origin, { create: false }).verifierKey,
        workers: 1
      })
    } finally {
      sqlite.close()
    }
  }
  const intact = await verifyDir(dir)
  t.same(
    intact.problems.filter((p) => /recipient/.test(p.message)),
    [],
    'the intact data dir has no problem with its imports'
  )
  const work = mkdtempSync(join(tmpdir(), 'sanad-refs-tamper-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  const attacks: Array<[string, string, RegExp]> = [
    [
      'a reference rewritten in the stored content',
      "UPDATE recipient_reference_imports SET content = replace(content, 'AFG-OTP-0001-0042', 'AFG-OTP-0001-0777')",
      /the recipient's references imported at ledger entry \d+ no longer hash to what that entry recorded/
    ],
    [
      'the content and its stored hash both rewritten',
      "UPDATE recipient_reference_imports SET content = replace(content, '0042', '0777'), content_sha256 = 'ab'",
      /no longer hash to what that entry recorded/
    ],
    [
      'an import moved to another case',
      `UPDATE recipient_reference_imports SET case_seq = (SELECT seq FROM cases WHERE id = '${other}')`,
      new RegExp(`case ${other}: the recipient's references imported at ledger entry`)
    ],
    [
      'an import deleted',
      'DELETE FROM recipient_reference_imports',
      /records an import of the recipient's references that the database no longer holds/
    ]
  ]
  for (const [name, sql, message] of attacks) {
    const copy = join(work, name.replace(/\W+/g, '-'))
    cpSync(dir, copy, { recursive: true })
    const db = new Database(databaseFile(copy))
    for (const { name: trig } of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'recipient_reference_imports'")
      .all() as Array<{ name: string }>)
      db.exec(`DROP TRIGGER ${trig}`)
    t.ok(db.prepare(sql).run().changes > 0, `${name}: the edit changed a row`)
    db.close()
    const report = await verifyDir(copy)
    t.equal(report.ok, false, `${name}: verification fails`)
    t.ok(
      report.problems.some((p) => p.code === 'SANAD_ERR_RECORD_LEDGER_MISMATCH' && message.test(p.message)),
      `${name}: named (${JSON.stringify(report.problems.map((p) => p.message))})`
    )
  }
})
