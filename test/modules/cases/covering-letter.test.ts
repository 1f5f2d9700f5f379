// The covering letter and the declaration of authenticity at the front of a dossier (#17 item 5):
// allegations, scope and requests without naming anyone, and the responsible officer who signs.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { accountFor } from '../../helpers/app.ts'
import { createCase, download, generate, NAMES, world } from '../../helpers/case-world.ts'
import { requireTool } from '../../helpers/system-tools.ts'

t.setTimeout(300_000)
const dir = mkdtempSync(join(tmpdir(), 'sanad-letter-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

function pages(pdf: Buffer, name: string): string[] {
  const file = join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  return execFileSync('pdftotext', [file, '-'], { maxBuffer: 64 * 2 ** 20 })
    .toString('utf8')
    .split('\f')
    .map((p) => p.replace(/\s+/g, ' '))
}

t.test('a full dossier opens with a covering letter naming no one and a declaration signed by its officer', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const w = await world(t, { config: { organisationName: 'Afghan Witness Documentation Centre' } })
  const officer = (await accountFor(w.app, 'legal')).username
  for (const language of ['en', 'fa'] as const) {
    const d = await generate(w, await createCase(w, { profile: 'full' }), language)
    t.equal(d.status, 'ready')
    const all = pages(await download(w, d.id, 'pdf'), `full-${language}`)
    const letter = all.findLastIndex((p) => (language === 'en' ? /Covering letter/ : /نامهٔ همراه/).test(p))
    t.ok(letter > 0, `${language}: the letter follows the cover`)
    const declaration = all.findLastIndex((p) => (language === 'en' ? /Declaration of authenticity/ : /اعلامیهٔ اصالت/).test(p))
    t.ok(declaration >= letter, `${language}: then the declaration`)
    const front = all.slice(letter, declaration + 1).join('\n')
    for (const name of Object.values(NAMES)) t.notOk(front.includes(name), `${language}: no ${name} in the letter`)
    t.ok(front.includes(officer), `${language}: the officer (username, no staff code yet) signs`)
    t.ok(front.includes('Afghan Witness Documentation Centre'))
    if (language === 'en') {
      t.match(front, /Summary of allegations/)
      t.match(front, /Imprisonment|imprisonment/)
      t.match(front, /Temporal scope \d{4}-\d{2}-\d{2}/)
      t.match(front, /Territorial scope .*Kabul/)
      t.match(front, /Persons affected \d+ victims recorded/)
      t.match(front, /Protective measures/)
      t.match(front, /Annex 2: the evidence package/)
    } else {
      t.match(front, /خلاصهٔ ادعاها/)
      t.match(front, /تدابیر حمایتی/)
      t.notMatch(front, /Covering letter|Summary of allegations/)
    }
  }
})

t.test('a restricted dossier asks for no protective measures of named persons', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const w = await world(t)
  const d = await generate(w, await createCase(w))
  const all = pages(await download(w, d.id, 'pdf'), 'restricted')
  const front = all.slice(0, 4).join('\n')
  t.match(front, /Covering letter/)
  t.notMatch(front, /Protective measures/)
  t.match(front, /treated as confidential/)
})
