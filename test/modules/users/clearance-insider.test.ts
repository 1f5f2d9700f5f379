import t from 'tap'
import { readFileSync } from 'node:fs'
import { testApp, asRole, asUsername, accountFor, incidentInput } from '../../helpers/app.ts'

// Insider attacks on need-to-know clearances, one named data case each: an ordinary account (an admin
// included) tries to get round the four-eyes rule. Each must be 403 and change nothing at all.
type Case = {
  name: string
  setup?: 'sole-admin'
  as: 'admin-a' | 'admin-b' | 'auditor' | 'documenter' | 'legal'
  method: 'GET' | 'POST'
  url: string
  body?: Record<string, unknown>
  expect: { status: number; code: string }
}
const cases = JSON.parse(readFileSync(new URL('../../fixtures/insider/clearances/cases.json', import.meta.url), 'utf8')) as Case[]

function state(app: Awaited<ReturnType<typeof testApp>>): string {
  const q = (sql: string): unknown[] => app.sqlite.prepare(sql).all()
  return JSON.stringify({
    ledger: q('SELECT idx, leaf_hash FROM ledger_entries ORDER BY idx'),
    clearances: q('SELECT * FROM clearances ORDER BY seq'),
    requests: q('SELECT * FROM clearance_requests ORDER BY seq'),
    users: q('SELECT id, role, disabled_at FROM users ORDER BY seq')
  })
}

for (const c of cases) {
  t.test(`insider: ${c.name} → ${c.expect.status} ${c.expect.code}, nothing changed`, async (t) => {
    const app = await testApp(t)
    // admin-a: the test admin; admin-b: the first-start `admin`. Every account exists before the attack.
    const headers = {
      'admin-a': await asRole(app, 'admin'),
      'admin-b': await asUsername(app, 'admin'),
      auditor: await asRole(app, 'auditor'),
      documenter: await asRole(app, 'documenter'),
      legal: await asRole(app, 'legal')
    }
    const adminA = (await accountFor(app, 'admin')).id
    const adminB = app.users.byUsername('admin')?.id ?? ''
    const legal = (await accountFor(app, 'legal')).id
    const incident = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: headers.documenter,
        payload: incidentInput({ categories: ['cah-rape'] })
      })
    ).json().id as string
    const ask = async (as: Record<string, string>, userId: string): Promise<string> => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/users/${userId}/clearances`,
        headers: as,
        payload: { incidentId: incident }
      })
      if (res.statusCode !== 202) throw new Error(`setup: ${res.statusCode} ${res.body}`)
      return res.json().id
    }
    const request = await ask(headers['admin-a'], legal)
    const requestForAdminA = await ask(headers['admin-b'], adminA)
    if (c.setup === 'sole-admin') {
      const res = await app.inject({ method: 'POST', url: `/api/v1/users/${adminB}/disable`, headers: headers['admin-a'] })
      if (res.statusCode !== 200) throw new Error(res.body)
    }
    const fill = (s: string): string =>
      s
        .replaceAll('{request}', request)
        .replaceAll('{requestForAdminA}', requestForAdminA)
        .replaceAll('{adminA}', adminA)
        .replaceAll('{legal}', legal)
        .replaceAll('{incident}', incident)

    const before = state(app)
    const res = await app.inject({
      method: c.method,
      url: fill(c.url),
      headers: c.as === 'admin-b' ? await asUsername(app, 'admin') : headers[c.as],
      ...(c.body ? { payload: JSON.parse(fill(JSON.stringify(c.body))) } : {})
    })
    t.equal(res.statusCode, c.expect.status, res.body)
    t.equal(res.json().code, c.expect.code)
    t.equal(state(app), before, 'no ledger entry, clearance, request or account changed')
    const cleared = (
      await app.inject({ url: `/api/v1/users/${c.as === 'legal' ? legal : adminA}/clearances`, headers: headers['admin-a'] })
    ).json().items
    t.same(cleared, [], 'nobody holds a clearance')
  })
}
