// What a dossier says about jurisdiction, verification and time-stamping: an ICC file names 1 May
// 2003 and leaves earlier conduct out of its summary; national and UN files carry no ICC flag; a
// war crime after 15 August 2021 carries a nexus-review note; with no time-stamping authority the
// cover says so instead of claiming a failure.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { incidentInput } from '../../helpers/app.ts'
import { world, generate, download, type World } from '../../helpers/case-world.ts'
import { skipUnlessTools } from '../../helpers/system-tools.ts'

const skip = skipUnlessTools('pdftotext')
const dir = mkdtempSync(join(tmpdir(), 'sanad-dossier-warnings-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

let w: World
let old: { id: string; reference: string }
let warCrime: { id: string; reference: string }

async function pdfText(caseId: string, language?: 'en' | 'fa'): Promise<{ text: string; summary: { incidents: number } }> {
  const d = await generate(w, caseId, language)
  if (d.status !== 'ready') throw new Error(JSON.stringify(d))
  const file = join(dir, `${d.id}.pdf`)
  writeFileSync(file, await download(w, d.id, 'pdf'))
  return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8'), summary: d.summary as { incidents: number } }
}

async function newCase(recipient: string, incidentIds: string[]): Promise<string> {
  const res = await w.legal({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { title: 'Killings old and new', incidentIds, recipient, profile: 'restricted' }
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

t.before(async () => {
  w = await world(t)
  // Recorded by a documenter, verified by a second person (the review workflow).
  const make = async (over: Record<string, unknown>) => {
    const created = (await w.doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(over) })).json()
    const move = (by: typeof w.doc, to: string) =>
      by({ method: 'POST', url: `/api/v1/incidents/${created.id}/transitions`, payload: { to } })
    await move(w.doc, 'submitted')
    await move(w.legal, 'under-review')
    const verified = await move(w.legal, 'verified')
    if (verified.statusCode !== 200) throw new Error(verified.body)
    return created
  }
  old = await make({ title: 'Killings in Mazar-e Sharif', occurred: { from: '1998-08-08' } })
  warCrime = await make({ title: 'Killing of a resistance fighter', occurred: { from: '2022-05-02' }, categories: ['wc-murder'] })
})

t.test('an ICC dossier names 1 May 2003, leaves earlier conduct out of its summary, and notes the nexus review', { skip }, async (t) => {
  const id = await newCase('icc-otp', [old.id, warCrime.id, w.incidents.b])
  const { text } = await pdfText(id)
  const flat = text.replace(/\s+/g, ' ')
  t.match(flat, /Conduct before 1 May 2003, when the Rome Statute entered into force for Afghanistan/)
  t.match(flat, new RegExp(`not counted in this summary: ${old.reference}`))
  t.match(flat, /Before ICC jurisdiction/, "the old incident's ICC flag, in words")
  t.notMatch(flat, /OUTSIDE_ICC_JURISDICTION_WINDOW/, 'never its code')
  t.match(flat, /Summary Incidents 2 /, 'two of the three incidents are counted')
  t.match(flat, /the armed-conflict nexus needs legal review/)
  t.match(flat, /not verified yet \(their status is printed with each\): SND-[0-9-]+\./, 'the draft incident is named as not verified')
  t.match(flat, /not timestamped: no authority configured/, 'no authority configured: no failure claimed')
  t.notMatch(flat, /no time-stamping authority answered/)
})

t.test('national and UN dossiers carry no ICC flag or ICC sentence, and count every incident', { skip }, async (t) => {
  for (const recipient of ['national', 'un-iima']) {
    const { text, summary } = await pdfText(await newCase(recipient, [old.id, warCrime.id]))
    const flat = text.replace(/\s+/g, ' ')
    t.notMatch(flat, /OUTSIDE_ICC_JURISDICTION_WINDOW|Before ICC jurisdiction/, `${recipient}: no ICC flag`)
    t.notMatch(flat, /1 May 2003/, `${recipient}: no ICC sentence`)
    t.match(flat, /Summary Incidents 2 /, `${recipient}: both incidents counted`)
    t.equal(summary.incidents, 2)
    t.match(flat, /the armed-conflict nexus needs legal review/, `${recipient}: the nexus note is not ICC-specific`)
  }
})

t.test('a Dari dossier says it in Dari', { skip }, async (t) => {
  const { text } = await pdfText(await newCase('icc-otp', [old.id]), 'fa')
  t.match(text, /مهر زمانی/, 'the timestamp line is in Dari')
  t.match(text, /اساسنامهٔ رم|اساسنامه/, 'the jurisdiction sentence is in Dari')
})
