// Staff codes (#17 item 4): an admin gives an account an optional, unique code of a closed format;
// the users directory shows it, so the app names custodians "name (code)" and dossiers by code alone.
import t from 'tap'
import { testApp, accountFor, asRole } from '../../helpers/app.ts'

t.test('an admin sets a staff code; the directory shows it; a taken or malformed code is refused; removing it is null', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const doc = await accountFor(app, 'documenter')
  const rev = await accountFor(app, 'reviewer')
  const put = (id: string, staffCode: unknown) =>
    app.inject({ method: 'PUT', url: `/api/v1/users/${id}/staff-code`, headers: admin, payload: { staffCode } })
  const before = app.ledger.size()
  const set = await put(doc.id, 'KBL-07')
  t.equal(set.statusCode, 200, set.body)
  t.equal(set.json().staffCode, 'KBL-07')
  t.equal(app.ledger.size(), before + 1, 'a staff-code-assigned entry')
  const entry = (await app.inject({ url: `/api/v1/ledger/entries/${before}`, headers: admin })).json()
  t.equal(entry.entry.type, 'staff-code-assigned')
  t.notMatch(Buffer.from(entry.canonical, 'base64').toString(), /KBL-07/, 'the code stays on the account')
  const directory = (await app.inject({ url: '/api/v1/users/directory', headers: await asRole(app, 'auditor') })).json().items
  t.match(
    directory.find((u: { id: string }) => u.id === doc.id),
    { username: 'test-documenter', role: 'documenter', staffCode: 'KBL-07' }
  )
  t.notOk('staffCode' in directory.find((u: { id: string }) => u.id === rev.id), 'none set, none shown')
  const taken = await put(rev.id, 'KBL-07')
  t.equal(taken.statusCode, 409)
  t.equal(taken.json().code, 'SANAD_ERR_STAFF_CODE_TAKEN')
  for (const bad of ['kbl-07', 'K', 'Gul Ahmad', 'ABCDEFGHIJKLMNOPQ']) {
    const res = await put(rev.id, bad)
    t.equal(res.statusCode, 400, bad)
  }
  const removed = await put(doc.id, null)
  t.equal(removed.json().staffCode, null)
  t.equal((await put(rev.id, 'KBL-07')).statusCode, 200, 'a removed code may be given again')
})

t.test('insider: only admins set staff codes', async (t) => {
  const app = await testApp(t)
  const doc = await accountFor(app, 'documenter')
  for (const role of ['documenter', 'reviewer', 'legal', 'auditor'] as const) {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${doc.id}/staff-code`,
      headers: await asRole(app, role),
      payload: { staffCode: 'SELF-1' }
    })
    t.equal(res.statusCode, 403, role)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN', role)
  }
  const list = (await app.inject({ url: `/api/v1/users/${doc.id}`, headers: await asRole(app, 'admin') })).json()
  t.equal(list.staffCode, null, 'unchanged')
})
