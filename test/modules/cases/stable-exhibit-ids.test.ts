// Stable exhibit ids in dossiers (#17 item 7): each dossier numbers its exhibits E1, E2… in its own
// order, and prints the organisation-wide id SND-E-YYYY-NNNNNN beside each number; exhibits.csv carries
// it as `stable_id`, so the same exhibit is recognisable in two dossiers of different cases.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCase, download, generate, world, type World } from '../../helpers/case-world.ts'
import { requireTool } from '../../helpers/system-tools.ts'

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

async function csvOf(w: World, dossierId: string, dir: string): Promise<Array<Record<string, string>>> {
  const zip = join(dir, `${dossierId}.zip`)
  writeFileSync(zip, await download(w, dossierId, 'package'))
  const path = execFileSync('unzip', ['-Z1', zip])
    .toString()
    .split('\n')
    .find((p) => p.endsWith('data/exhibits.csv'))
  const [header = [], ...rows] = parseCsv(execFileSync('unzip', ['-p', zip, path ?? '']).toString('utf8'))
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

t.test('the same exhibit keeps its stable id in dossiers of two cases where its E-number differs', async (t) => {
  if (!requireTool(t, 'unzip', 'pdftotext')) return
  const w = await world(t)
  const dir = mkdtempSync(join(tmpdir(), 'sanad-stable-ids-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  const wide = await generate(w, await createCase(w))
  const narrow = await generate(w, await createCase(w, { title: 'Herat checkpoint', incidentIds: [w.incidents.b], elementLinks: [] }))
  t.equal(wide.status, 'ready')
  t.equal(narrow.status, 'ready')
  const wideRows = await csvOf(w, wide.id, dir)
  const narrowRows = await csvOf(w, narrow.id, dir)

  const stableOf = new Map<string, string>()
  for (const evidenceId of Object.values(w.evidence)) {
    const item = (await w.doc(`/api/v1/evidence/${evidenceId}`)).json()
    t.match(item.stableId, /^SND-E-\d{4}-\d{6}$/)
    stableOf.set(evidenceId, item.stableId)
  }
  for (const r of wideRows) t.equal(r.stable_id, stableOf.get(r.evidence_id ?? ''), `${r.item_id}: the id the evidence API shows`)

  const edited = w.evidence['edited.jpg'] ?? ''
  const inWide = wideRows.find((r) => r.evidence_id === edited)
  const inNarrow = narrowRows.find((r) => r.evidence_id === edited)
  t.ok(inWide && inNarrow, 'the exhibit is in both dossiers')
  t.not(inWide?.item_id, inNarrow?.item_id, 'under a different E-number in each')
  t.equal(inNarrow?.stable_id, inWide?.stable_id, 'with the same stable id')
  t.same(
    narrowRows.map((r) => r.stable_id),
    narrowRows.map((r) => wideRows.find((x) => x.evidence_id === r.evidence_id)?.stable_id),
    'every exhibit of the narrow case has its stable id of the wide case'
  )

  // Court metadata Sanad holds comes with each row (the restricted profile keeps collection facts).
  const photo = wideRows.find((r) => r.evidence_id === w.evidence['kabul-phone.jpg'])
  t.equal(photo?.source_type, 'device-handover')
  t.equal(photo?.collected_by, 'FD-07')
  t.equal(photo?.linked_elements, 'cah-imprisonment/deprivation-of-liberty')

  // The PDF prints the stable id beside each of its own E-numbers.
  const pdf = join(dir, 'narrow.pdf')
  writeFileSync(pdf, await download(w, narrow.id, 'pdf'))
  const text = execFileSync('pdftotext', [pdf, '-']).toString('utf8')
  for (const r of narrowRows) t.match(text, `${r.item_id} · ${r.stable_id}`, `${r.item_id} is printed with ${r.stable_id}`)
})
