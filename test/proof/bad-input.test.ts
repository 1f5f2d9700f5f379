import t, { type Test } from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput } from '../helpers/app.ts'
import { asRole } from '../helpers/app.ts'
import { PERMISSIONS, type Permission, type Role } from '../../server/auth/permissions.ts'
import { multipart } from '../helpers/multipart.ts'

/** Every /api/v1 route, as the auth plugin registered them. */
async function appWithRoutes(
  t: Test
): Promise<{ app: FastifyInstance; routes: Array<{ method: string; url: string; permission: Permission }> }> {
  const app = await testApp(t)
  return { app, routes: app.apiRoutes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS') }
}

function roleFor(permission: Permission): Role | null {
  const roles = PERMISSIONS[permission].roles as readonly Role[]
  return roles[0] ?? null
}

const hostile = fc.oneof(
  fc.constantFrom(
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    '\u0000',
    '%00',
    'a'.repeat(5000),
    '\u202Egpj.exe',
    ' ',
    '-1',
    '1e309',
    'NaN',
    '0x10',
    '9007199254740993',
    '{}',
    '[]',
    'null'
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 })
)

const weirdJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'title',
      'narrative',
      'narrativeLanguage',
      'occurred',
      'location',
      'categories',
      'reason',
      'username',
      'password',
      'role',
      'name',
      'consent',
      'protected',
      'incidentIds',
      'recipient',
      'profile',
      '__proto__',
      'constructor'
    ),
    fc.jsonValue({ maxDepth: 3 })
  ),
  fc.record(
    {
      title: fc.string({ unit: 'grapheme', maxLength: 400 }),
      narrative: fc.string({ unit: 'binary', maxLength: 50 }),
      narrativeLanguage: hostile,
      occurred: fc.record({ from: hostile, to: hostile, calendar: hostile }),
      location: fc.record({ province: hostile, lat: fc.double(), lon: fc.double() }),
      categories: fc.array(hostile, { maxLength: 5 })
    },
    { requiredKeys: [] }
  )
)

function fill(url: string, value: string): string {
  return url.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(value))
}

t.test(
  'every JSON endpoint answers hostile bodies and path parameters with a coded 4xx, never a 5xx or a half-stored record',
  async (t) => {
    const { app, routes } = await appWithRoutes(t)
    const headers: Partial<Record<Role, Record<string, string>>> = {}
    for (const role of ['admin', 'documenter', 'legal', 'auditor'] as Role[]) headers[role] = await asRole(app, role)
    const writes = routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    t.ok(writes.length >= 5, `${writes.length} write routes found`)
    const countRows = (): number =>
      (
        app.sqlite
          .prepare('SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM evidence) + (SELECT count(*) FROM ledger_entries) AS n')
          .get() as { n: number }
      ).n
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostile, weirdJson, async (route, param, body) => {
        const role = roleFor(route.permission)
        const before = countRows()
        const res = await app.inject({
          method: route.method as 'GET',
          url:
            fill(route.url, param) + (route.method === 'GET' ? `?q=${encodeURIComponent(param)}&limit=${encodeURIComponent(param)}` : ''),
          headers: role ? headers[role] : {},
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: body as object })
        })
        if (res.statusCode >= 500) throw new Error(`${route.method} ${route.url} answered ${res.statusCode}: ${res.body}`)
        if (res.statusCode >= 400) {
          const code = res.json().code as string
          if (!/^SANAD_ERR_[A-Z_]+$/.test(code))
            throw new Error(`${route.method} ${route.url} answered ${res.statusCode} without a coded error: ${res.body}`)
          if (countRows() !== before) throw new Error(`${route.method} ${route.url} refused the request but stored something`)
        }
        return true
      }),
      { numRuns: 600 }
    )
  }
)

t.test('malformed and truncated multipart uploads get a 4xx and leave nothing behind', async (t) => {
  const app = await testApp(t)
  const h = await asRole(app, 'documenter')
  const id = (await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(), headers: h })).json().id
  const good = multipart([{ name: 'file', value: Buffer.from('hello'), filename: 'a.txt' }])
  const bodies: Array<[string, Buffer, string]> = [
    ['truncated body', good.payload.subarray(0, good.payload.length - 20), good.headers['content-type']!],
    ['no boundary', good.payload, 'multipart/form-data'],
    ['wrong boundary', good.payload, 'multipart/form-data; boundary=nope'],
    ['garbage', Buffer.from('\x00\x01\x02garbage'), good.headers['content-type']!],
    [
      'two files',
      multipart([
        { name: 'file', value: Buffer.from('a'), filename: 'a' },
        { name: 'file', value: Buffer.from('b'), filename: 'b' }
      ]).payload,
      ''
    ],
    ['file under another name', multipart([{ name: 'upload', value: Buffer.from('a'), filename: 'a' }]).payload, ''],
    ['too many fields', multipart(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'x' }))).payload, '']
  ]
  for (const [name, payload, type] of bodies) {
    // Bodies built by the helper carry their boundary on the first line.
    const contentType = type || `multipart/form-data; boundary=${payload.toString('latin1', 2, payload.indexOf('\r\n'))}`
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/evidence`,
      payload,
      headers: { ...h, 'content-type': contentType }
    })
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode} ${res.body}`)
    t.match(res.json().code, /^SANAD_ERR_/, name)
  }
  const items = (await app.inject({ url: `/api/v1/incidents/${id}/evidence`, headers: h })).json().items
  t.same(items, [], 'no record')
})
