// The sender and the marking of a dossier (#17 item 5): the organisation named by the settings is the
// package's Source-Organization and the cover's sender; every page carries the profile's classification.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../../server/config.ts'
import { createCase, download, generate, world, type World } from '../../helpers/case-world.ts'
import { requireTool } from '../../helpers/system-tools.ts'

t.setTimeout(300_000)
const dir = mkdtempSync(join(tmpdir(), 'sanad-org-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const ORG = {
  organisationName: 'Afghan Witness Documentation Centre',
  organisationContact: 'evidence@awdc.example',
  organisationFocalPoint: 'Head of the legal unit'
}

function bagInfo(zip: Buffer, name: string): string {
  const file = join(dir, `${name}.zip`)
  writeFileSync(file, zip)
  const list = execFileSync('unzip', ['-Z1', file]).toString().split('\n')
  return execFileSync('unzip', ['-p', file, list.find((p) => p.endsWith('/bag-info.txt')) ?? '']).toString('utf8')
}

function pages(pdf: Buffer, name: string): string[] {
  const file = join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  return execFileSync('pdftotext', [file, '-'], { maxBuffer: 64 * 2 ** 20 })
    .toString('utf8')
    .split('\f')
    .filter((p) => p.trim() !== '')
}

t.test('the organisation settings are read from the environment, trimmed, empty by default', async (t) => {
  const env = { SANAD_ORG_NAME: ' AWDC ', SANAD_ORG_CONTACT: 'Kabul, PD 3', SANAD_ORG_FOCAL_POINT: 'Legal unit' }
  t.match(loadConfig(env), { organisationName: 'AWDC', organisationContact: 'Kabul, PD 3', organisationFocalPoint: 'Legal unit' })
  t.match(loadConfig({}), { organisationName: '', organisationContact: '', organisationFocalPoint: '' })
})

t.test('bag-info and the cover name the configured organisation, its contact and focal point', async (t) => {
  if (!requireTool(t, 'unzip', 'pdftotext')) return
  const w = await world(t, { config: ORG })
  const d = await generate(w, await createCase(w))
  t.equal(d.status, 'ready')
  const info = bagInfo(await download(w, d.id, 'package'), 'org')
  t.match(info, /^Source-Organization: Afghan Witness Documentation Centre$/m)
  t.match(info, /^Contact-Name: Head of the legal unit$/m)
  t.match(info, /^Contact-Email: evidence@awdc\.example$/m)
  t.notMatch(info, /Source-Organization: Sanad/)
  const cover = pages(await download(w, d.id, 'pdf'), 'org')[0]!
  t.match(cover, /Submitted by\s+Afghan Witness Documentation Centre/)
  t.match(cover, /Contact\s+evidence@awdc\.example/)
  t.match(cover, /Focal point\s+Head of the legal unit/)
})

// One world without the organisation settings for the two tests below: neither changes what the other reads.
let plain: Promise<World> | undefined
const plainWorld = (): Promise<World> => {
  plain ??= world(t)
  return plain
}

t.test('without the settings the package names this Sanad deployment, as before', async (t) => {
  if (!requireTool(t, 'unzip')) return
  const w = await plainWorld()
  const d = await generate(w, await createCase(w))
  const info = bagInfo(await download(w, d.id, 'package'), 'default')
  t.match(info, /^Source-Organization: Sanad \(sanad\.local\/ledger\)$/m)
  t.notMatch(info, /Contact-Name|Contact-Email|Sanad-Organisation-Contact/)
})

t.test('every page carries the classification of its profile, in the dossier language', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const w = await plainWorld()
  const table = [
    ['full', 'en', /CONFIDENTIAL — FULL PROFILE — contains identities of protected persons/],
    ['restricted', 'en', /RESTRICTED — REDACTED PROFILE/],
    ['public', 'en', /PUBLIC — PUBLIC PROFILE/],
    ['full', 'fa', /محرمانه — پروفایل کامل/],
    ['restricted', 'ps', /محدود — سانسور شوی پروفایل/]
  ] as const
  for (const [profile, language, banner] of table) {
    const caseId = await createCase(w, profile === 'public' ? { profile, recipient: 'public' } : { profile })
    const d = await generate(w, caseId, language)
    t.equal(d.status, 'ready', `${profile} ${language}`)
    const all = pages(await download(w, d.id, 'pdf'), `${profile}-${language}`)
    t.ok(all.length > 1)
    const unmarked = all.flatMap((p, i) => (banner.test(p.replace(/\s+/g, ' ')) ? [] : [i + 1]))
    t.same(unmarked, [], `${profile} ${language}: every page marked`)
  }
})
