import t from 'tap'
import { readFileSync } from 'node:fs'
import { testApp, asRole, incidentInput } from '../helpers/app.ts'

type App = Awaited<ReturnType<typeof testApp>>
type Case = { attack: string; description: string; route: Route; set: Record<string, unknown>; field: string }
type Query = { name: string; description: string; url: string; status: number; field?: string }
type Route = 'create-person' | 'patch-person' | 'record-consent' | 'create-incident' | 'patch-incident' | 'create-pattern'

const { cases, queries } = JSON.parse(readFileSync(new URL('../fixtures/coerced-bodies/cases.json', import.meta.url), 'utf8')) as {
  cases: Case[]
  queries: Query[]
}

type World = { app: App; headers: Record<string, string>; incident: string; person: string }

/** Each route's ordinary request: method, URL and a valid body the case's values are set into. */
const ROUTES: Record<Route, (w: World) => { method: 'POST' | 'PATCH'; url: string; body: Record<string, unknown> }> = {
  'create-person': (w) => ({
    method: 'POST',
    url: `/api/v1/incidents/${w.incident}/persons`,
    body: { role: 'witness', name: 'Another Witness' }
  }),
  'patch-person': (w) => ({ method: 'PATCH', url: `/api/v1/persons/${w.person}`, body: {} }),
  'record-consent': (w) => ({ method: 'POST', url: `/api/v1/persons/${w.person}/consent`, body: {} }),
  'create-incident': () => ({ method: 'POST', url: '/api/v1/incidents', body: incidentInput() }),
  'patch-incident': (w) => ({ method: 'PATCH', url: `/api/v1/incidents/${w.incident}`, body: {} }),
  'create-pattern': () => ({
    method: 'POST',
    url: '/api/v1/patterns',
    body: { title: 'Night raids on Hazara homes', description: 'Searches of homes at night.' }
  })
}

/** A copy of `body` with `value` set at each dotted path. */
function withValues(body: Record<string, unknown>, set: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(body)
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split('.')
    let node = out
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>
    node[keys.at(-1)!] = value
  }
  return out
}

/** Everything the cases could change, as the API shows it. */
async function state(w: World): Promise<unknown> {
  const get = async (url: string): Promise<unknown> => (await w.app.inject({ url, headers: w.headers })).json()
  return {
    persons: await get(`/api/v1/incidents/${w.incident}/persons`),
    consent: await get(`/api/v1/persons/${w.person}/consent`),
    incidents: await get('/api/v1/incidents?limit=200'),
    patterns: await get('/api/v1/patterns')
  }
}

async function world(t: Parameters<typeof testApp>[0]): Promise<World> {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const incident = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: incidentInput() })
  if (incident.statusCode !== 201) throw new Error(incident.body)
  // A protected, need-to-know witness with consent to go to the ICC: what the coerced values would undo.
  const person = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.json().id}/persons`,
    headers,
    payload: { role: 'witness', name: 'Zarghuna Ahmadi', protected: true, sensitive: true, consent: { storage: true, icc: true } }
  })
  if (person.statusCode !== 201) throw new Error(person.body)
  return { app, headers, incident: incident.json().id, person: person.json().id }
}

t.test('a body value of the wrong type is 400 naming the field, and nothing is written', async (t) => {
  t.ok(cases.length >= 20, `${cases.length} cases`)
  const w = await world(t)
  const before = await state(w)
  for (const c of cases) {
    t.test(c.attack, async (t) => {
      const route = ROUTES[c.route](w)
      const size = w.app.ledger.size()
      const res = await w.app.inject({ method: route.method, url: route.url, headers: w.headers, payload: withValues(route.body, c.set) })
      t.equal(res.statusCode, 400, res.body)
      t.match(res.json(), { code: 'SANAD_ERR_VALIDATION', field: c.field })
      t.equal(w.app.ledger.size(), size, 'no ledger entry')
    })
  }
  t.same(await state(w), before, 'no person, consent, incident or pattern changed')
})

t.test('the same routes take the same fields with their proper types', async (t) => {
  const w = await world(t)
  for (const [route, set] of [
    ['create-person', { protected: false, sensitive: false, consent: { icc: false } }],
    ['patch-person', { protected: false, sensitive: false, name: 'Zarghuna A.', loweringReason: 'person-consented' }],
    ['record-consent', { icc: false, interpreter: false }],
    ['create-incident', { title: '404', victims: { count: 3, countIsEstimate: false }, categories: ['cah-murder'] }],
    ['patch-incident', { title: 'Changed', baseRevision: 1 }],
    ['create-pattern', { attack: { widespread: false } }]
  ] as Array<[Route, Record<string, unknown>]>) {
    const r = ROUTES[route](w)
    const res = await w.app.inject({ method: r.method, url: r.url, headers: w.headers, payload: withValues(r.body, set) })
    t.ok(res.statusCode === 200 || res.statusCode === 201, `${route}: ${res.statusCode} ${res.body}`)
  }
})

t.test('query strings and path parameters are still read from text', async (t) => {
  const w = await world(t)
  for (const q of queries) {
    const res = await w.app.inject({ url: q.url.replace('{incident}', w.incident), headers: w.headers })
    t.equal(res.statusCode, q.status, `${q.name}: ${res.body.slice(0, 300)}`)
    if (q.field !== undefined) t.match(res.json(), { code: 'SANAD_ERR_VALIDATION', field: q.field }, q.name)
  }
})
