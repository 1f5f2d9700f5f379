// exhibits.csv `pages` (#17 item 7): the page count of a carried PDF, read with pdf-lib from the stored
// file when the dossier is built; empty for other types, for a PDF that cannot be read, and for a file
// the dossier withholds. `author` is not recorded by Sanad and stays empty.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { pdfPageCount } from '../../../server/lib/pdf/page-count.ts'
import { createCase, download, generate, world, type World } from '../../helpers/case-world.ts'
import { multipart } from '../../helpers/multipart.ts'
import { requireTool } from '../../helpers/system-tools.ts'

/** A small PDF of `n` blank pages, made with pdf-lib. */
async function pdfOf(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create()
  for (let i = 0; i < n; i++) doc.addPage([200, 200])
  return Buffer.from(await doc.save())
}

t.test('the page count of a PDF file, and nothing for one pdf-lib cannot read', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-pages-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const write = (name: string, bytes: Buffer | string): string => {
    writeFileSync(join(dir, name), bytes)
    return join(dir, name)
  }
  t.equal(await pdfPageCount(write('three.pdf', await pdfOf(3))), 3)
  t.equal(await pdfPageCount(write('one.pdf', await pdfOf(1))), 1)
  t.equal(await pdfPageCount(write('garbage.pdf', 'not a pdf at all')), undefined, 'not a PDF')
  t.equal(await pdfPageCount(write('empty.pdf', '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')), undefined, 'no page tree')
  const whole = await pdfOf(4)
  t.equal(await pdfPageCount(write('cut.pdf', whole.subarray(0, 40))), undefined, 'cut short')
  t.equal(await pdfPageCount(join(dir, 'absent.pdf')), undefined, 'a file that is not there')
})

async function csvRows(w: World, dossierId: string, dir: string): Promise<Array<Record<string, string>>> {
  const zip = join(dir, `${dossierId}.zip`)
  writeFileSync(zip, await download(w, dossierId, 'package'))
  const path = execFileSync('unzip', ['-Z1', zip])
    .toString()
    .split('\n')
    .find((p) => p.endsWith('data/exhibits.csv'))
  // No cell of these rows holds a comma or a quote: a plain split reads them.
  const [header = '', ...lines] = execFileSync('unzip', ['-p', zip, path ?? ''])
    .toString('utf8')
    .trimEnd()
    .split('\r\n')
  const names = header.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])))
}

t.test("a dossier's exhibits.csv gives a carried PDF's page count, read from the stored file", async (t) => {
  if (!requireTool(t, 'unzip')) return
  const w = await world(t)
  const dir = mkdtempSync(join(tmpdir(), 'sanad-pages-csv-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const { payload, headers } = multipart([{ name: 'file', value: await pdfOf(3), filename: 'report.pdf' }])
  const res = await w.doc({ method: 'POST', url: `/api/v1/incidents/${w.incidents.a}/evidence`, payload, headers })
  t.equal(res.statusCode, 201, res.body)
  const report = (res.json() as { id: string }).id

  // The full profile carries the original PDF; the restricted one withholds documents (no metadata-free copy).
  const dossier = await generate(w, await createCase(w, { profile: 'full' }))
  t.equal(dossier.status, 'ready')
  const rows = await csvRows(w, dossier.id, dir)
  const row = (evidenceId: string | undefined) => rows.find((r) => r.evidence_id === evidenceId)
  t.match(row(report), { media_type: 'application/pdf', carried: 'original', pages: '3', author: '' }, 'three pages; author not recorded')
  t.match(
    row(w.evidence['statement-scan.pdf']),
    { carried: 'original', pages: '' },
    'a PDF pdf-lib cannot read: empty, the dossier still made'
  )
  t.equal(row(w.evidence['kabul-phone.jpg'])?.pages, '', 'not a PDF: empty')
  t.ok(
    rows.every((r) => r.author === ''),
    'author: not recorded by Sanad'
  )

  const restricted = await generate(w, await createCase(w))
  t.equal(restricted.status, 'ready')
  const withheld = (await csvRows(w, restricted.id, dir)).find((r) => r.evidence_id === report)
  t.match(withheld, { carried: 'withheld', pages: '' }, 'a file the dossier withholds is not read for its pages')
})
