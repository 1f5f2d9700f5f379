// Insider attacks: ordinary accounts trying to get round a protection rule, one named data case per
// attack in test/fixtures/insider/ (like the ledger's tamper cases). Every attack must be refused with
// its code, change nothing (records and ledger alike), and no answer may carry any part of a
// protected name.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertTool } from '../helpers/system-tools.ts'
import { ACTORS, insiderWorld, SECRET_NAMES, type ActorName } from '../helpers/insider-world.ts'

// Many cases, each on a fresh app: on 2 busy cores this file needs more than tap's default 120 s.
t.setTimeout(600_000)

type Expect = {
  status: number
  code?: string
  /** Top-level fields the answer must not have. */
  absent?: string[]
  /** Top-level fields and the values they must have. */
  equals?: Record<string, unknown>
  /** Texts the raw answer must not contain (besides every part of every protected name). */
  excludes?: string[]
}
type Step = {
  as: ActorName
  method: string
  url: string
  body?: unknown
  expect: Expect
  /** Before steps only: placeholders to set from the answer, e.g. `{"org": "id"}` or `{"note": "items.0.id"}`. */
  save?: Record<string, string>
}
type Attack = {
  attack: string
  rule: string
  description: string
  /**
   * `dossier`: the world first has a delivered full-profile dossier naming the need-to-know witness.
   * `uncleared-dossier`: a full-profile dossier the uncleared legal liaison built himself.
   * `open-case`: the uncleared legal liaison's own case of the ordinary incident only ({openCase}).
   */
  setup?: 'dossier' | 'uncleared-dossier' | 'open-case'
  /** Steps of the account the rule protects, done before the attack (their own changes are allowed). */
  before?: Step[]
  steps: Step[]
  unchanged: boolean
}

const DIR = new URL('../fixtures/insider/', import.meta.url)
const attacks = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Attack) }))

/** Every given and family name of three or more letters: "Maryam Hashimi" → maryam, hashimi. */
const NAME_PARTS = Object.values(SECRET_NAMES)
  .flatMap((n) => n.split(/\s+/))
  .filter((p) => p.length >= 3)
  .map((p) => p.toLowerCase())

/**
 * The text an answer carries: a PDF's text (pdftotext) and every file of a ZIP (unzip -p) are read
 * as such, since their compressed bytes would hide a name from a plain search.
 */
function textOf(res: { body: string; rawPayload: Buffer; headers: Record<string, unknown> }): string {
  const type = String(res.headers['content-type'] ?? '')
  if (!type.startsWith('application/pdf') && !type.startsWith('application/zip')) return res.body
  const dir = mkdtempSync(join(tmpdir(), 'sanad-insider-'))
  try {
    const file = join(dir, 'answer')
    writeFileSync(file, res.rawPayload)
    // A missing reader fails the case naming the package, never lets it pass unread.
    assertTool(type.startsWith('application/pdf') ? 'pdftotext' : 'unzip')
    const text = type.startsWith('application/pdf')
      ? execFileSync('pdftotext', [file, '-'], { maxBuffer: 64 * 2 ** 20 })
      : execFileSync('unzip', ['-p', file], { maxBuffer: 256 * 2 ** 20 })
    return `${res.body}\n${text.toString('utf8')}`
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function fill(text: string, ids: Record<string, string>, actorIds: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => ids[name] ?? (name.startsWith('user:') ? whole : (actorIds[name] ?? whole)))
}

t.test('every attack file is well formed and names a known actor', async (t) => {
  t.ok(attacks.length >= 10, `${attacks.length} attacks`)
  for (const a of attacks) {
    t.equal(`${a.attack}.json`, a.file, 'the file is named after its attack')
    t.ok(a.rule && a.description && a.steps.length > 0, a.attack)
    for (const s of a.steps) t.ok(s.as in ACTORS, `${a.attack}: ${s.as}`)
  }
})

for (const a of attacks) {
  t.test(`${a.attack}: ${a.description}`, async (t) => {
    const w = await insiderWorld(t)
    if (a.setup === 'dossier') await w.buildDossier()
    if (a.setup === 'uncleared-dossier') await w.buildUnclearedDossier()
    if (a.setup === 'open-case') await w.buildOpenCase()
    for (const step of a.before ?? []) {
      const res = await w.app.inject({
        method: step.method as 'GET',
        url: fill(step.url, w.ids, w.actorIds),
        headers: w.headers[step.as],
        ...(step.body === undefined ? {} : { payload: JSON.parse(fill(JSON.stringify(step.body), w.ids, w.actorIds)) })
      })
      t.equal(res.statusCode, step.expect.status, `before: ${step.as} ${step.method} ${step.url}`)
      for (const [name, path] of Object.entries(step.save ?? {})) {
        const value = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], res.json())
        if (typeof value !== 'string') throw new Error(`before: no ${path} in ${res.body}`)
        w.ids[name] = value
      }
    }
    const before = w.state()
    for (const [i, step] of a.steps.entries()) {
      const res = await w.app.inject({
        method: step.method as 'GET',
        url: fill(step.url, w.ids, w.actorIds),
        headers: w.headers[step.as],
        ...(step.body === undefined ? {} : { payload: JSON.parse(fill(JSON.stringify(step.body), w.ids, w.actorIds)) })
      })
      const at = `step ${i + 1} (${step.as} ${step.method} ${step.url})`
      t.equal(res.statusCode, step.expect.status, `${at}: status`)
      const body =
        res.body.length > 0 && String(res.headers['content-type'] ?? '').includes('json') ? (res.json() as Record<string, unknown>) : {}
      if (step.expect.code) t.equal(body.code, step.expect.code, `${at}: code`)
      for (const field of step.expect.absent ?? []) t.notOk(field in body, `${at}: no ${field}`)
      for (const [field, value] of Object.entries(step.expect.equals ?? {})) t.same(body[field], value, `${at}: ${field}`)
      const raw = textOf(res).toLowerCase()
      for (const part of [...NAME_PARTS, ...(step.expect.excludes ?? []).map((x) => fill(x, w.ids, w.actorIds).toLowerCase())]) {
        t.notOk(raw.includes(part), `${at}: the answer does not carry "${part}"`)
      }
    }
    if (a.unchanged) t.same(w.state(), before, 'no record changed and nothing was appended to the ledger')
  })
}
