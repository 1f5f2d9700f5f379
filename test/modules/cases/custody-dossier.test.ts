// A rendered dossier whose exhibit has custody events recorded by people (#17 items 4 and 11): read
// back with pdftotext, the exhibit's custody begins at collection — captured online, received,
// transferred, sealed, declared, then uploaded — and every custodian is named by staff code and
// role, never by the `user:<uuid>` of their account (that mapping is the custodian register's).
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { accountFor, asRole } from '../../helpers/app.ts'
import { world, createCase, generate, download } from '../../helpers/case-world.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const run = promisify(execFile)

async function staffCode(app: FastifyInstance, role: 'documenter' | 'reviewer' | 'legal', code: string): Promise<void> {
  const account = await accountFor(app, role)
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/users/${account.id}/staff-code`,
    headers: await asRole(app, 'admin'),
    payload: { staffCode: code }
  })
  if (res.statusCode !== 200) throw new Error(res.body)
}

t.test('the custody timeline of a rendered dossier begins at collection and names custodians by staff code and role', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const dir = mkdtempSync(join(tmpdir(), 'sanad-custody-dossier-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const w = await world(t)
  await staffCode(w.app, 'documenter', 'KBL-07')
  await staffCode(w.app, 'reviewer', 'HRT-02')
  await staffCode(w.app, 'legal', 'LGL-01')
  const item = w.evidence['kabul-phone.jpg']!
  const post = async (payload: Record<string, unknown>): Promise<void> => {
    const res = await w.doc({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
  // Recorded out of order; the dossier prints them in the order they happened.
  await post({ type: 'physical-item-sealed', occurredAt: '2022-03-02', sealNumber: 'SEAL-000417' })
  await post({ type: 'transferred', occurredAt: '2022-03-01T10:00:00+04:30', toStaffCode: 'HRT-02', method: 'hand-delivery' })
  await post({ type: 'received', occurredAt: '2021-09-14', fromSource: 'witness', medium: 'memory-card', method: 'in-person' })
  await post({
    type: 'captured-online',
    occurredAt: '2021-08-20T06:12:00Z',
    url: 'https://social.example/posts/4471',
    postId: '4471',
    tool: 'Hunchly',
    toolVersion: '2.4.1',
    platform: 'facebook'
  })
  await post({ type: 'collector-declaration', occurredAt: '2024-05-01', template: 'collector-declaration-v1' })
  const accounts = await Promise.all((['documenter', 'reviewer', 'legal'] as const).map((r) => accountFor(w.app, r)))

  const caseId = await createCase(w, { profile: 'full' })
  const d = await generate(w, caseId, 'en')
  t.equal(d.status, 'ready')
  const file = join(dir, 'custody.pdf')
  writeFileSync(file, await download(w, d.id, 'pdf'))
  const { stdout } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 })
  const text = stdout.replace(/[ \t]+/g, ' ')

  // The exhibit's section: from its heading to the next exhibit's.
  const start = text.search(/E1 · SND-E-\d{4}-\d{6} · SND-\d{4}-\d{6}/)
  t.ok(start >= 0, 'the exhibit section')
  const section = text.slice(start, text.indexOf('E2 · SND-E-', start + 1))
  const timeline = section.slice(section.indexOf('Custody from collection'))
  t.ok(section.includes('Custody from collection'), 'a custody timeline from collection')
  const order = ['Captured online', 'Received', 'Transferred', 'Physical item sealed', 'Taken into custody']
  let at = 0
  for (const event of order) {
    const i = timeline.indexOf(event, at)
    t.ok(i >= at, `${event} follows the events before it`)
    at = Math.max(at, i)
  }
  t.match(timeline, /2021-08-20/, 'it begins at the capture, years before the upload')
  t.match(section, /KBL-07/, 'the collector by staff code')
  t.match(section, /HRT-02/, 'the colleague it was transferred to by staff code')
  t.match(section, /Collector's declaration \(KBL-07/, "the collector's declaration, by staff code")
  // Sanad's own custody entries (taken into custody, opened) name the account by staff code and role.
  const custody = section.slice(section.indexOf('Custody timeline'))
  t.match(custody, /KBL-07 · documenter/, 'the uploader: staff code and role')
  t.match(custody, /LGL-01 · legal liaison/, 'the legal liaison who opened it: staff code and role')
  t.notMatch(section, /user:[0-9a-f-]{8}/, 'no user:<uuid> in the exhibit section')
  // Only the register maps the codes to accounts (the organisation holds the identities).
  const register = text.slice(text.indexOf('Custodian register'))
  for (const a of accounts) t.ok(register.replace(/\s+/g, '').includes(`user:${a.id}`), `the register lists ${a.id}`)
})
