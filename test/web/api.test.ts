// The API client (web/src/api.ts) with fetch replaced: what reaches the server and what a screen gets back.
import t from 'tap'
import { ApiError, get, post, query, request, setCsrfToken, setSessionLostHandler } from '../../web/src/api.ts'

type Call = { path: string; method: string; headers: Record<string, string>; body?: string }

/** Replaces fetch for one test: records the calls, answers with `answer`. */
function fakeFetch(t: { teardown: (fn: () => void) => void }, answer: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = []
  const real = globalThis.fetch
  globalThis.fetch = (async (path: string, init: RequestInit) => {
    const call: Call = {
      path,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      ...(typeof init.body === 'string' ? { body: init.body } : {})
    }
    calls.push(call)
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError')
    return await answer(call)
  }) as typeof fetch
  t.teardown(() => {
    globalThis.fetch = real
    setCsrfToken(null)
    setSessionLostHandler(() => {})
  })
  return calls
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

t.test('a state-changing call carries the CSRF token; a read does not need it', async (t) => {
  const calls = fakeFetch(t, () => json(200, { ok: true }))
  setCsrfToken('token-1')
  t.same(await get('/api/v1/cases'), { ok: true })
  await post('/api/v1/cases', { title: 'x' })
  t.equal(calls[0]!.headers['x-csrf-token'], undefined, 'GET: no token')
  t.equal(calls[1]!.headers['x-csrf-token'], 'token-1', 'POST: the token')
  t.equal(calls[1]!.body, '{"title":"x"}')
  t.equal(calls[1]!.headers['content-type'], 'application/json')
})

t.test('an error answer becomes an ApiError with the server’s code, field and details', async (t) => {
  fakeFetch(t, () =>
    json(409, { code: 'SANAD_ERR_NAMES_REVIEW_REQUIRED', message: 'review', field: 'namesReviewed', details: { possibleNames: [] } })
  )
  const err = await post('/api/v1/cases/x/dossiers', {}).catch((e: unknown) => e)
  t.ok(err instanceof ApiError)
  t.match(err, { status: 409, code: 'SANAD_ERR_NAMES_REVIEW_REQUIRED', field: 'namesReviewed', details: { possibleNames: [] } })
})

t.test('an answer that is not ours (a proxy’s HTML) still becomes an ApiError, by status', async (t) => {
  fakeFetch(t, () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
  t.match(await get('/api/v1/cases').catch((e: unknown) => e), { status: 502, code: 'HTTP_502' })
})

t.test('a request that never reaches the server is an ApiError NETWORK, which screens translate', async (t) => {
  fakeFetch(t, () => {
    throw new TypeError('Failed to fetch')
  })
  const err = await get('/api/v1/cases').catch((e: unknown) => e)
  t.ok(err instanceof ApiError, 'not the browser’s English TypeError')
  t.match(err, { status: 0, code: 'NETWORK' })
})

t.test('a request the caller aborted stays an abort (the caller asked for it)', async (t) => {
  fakeFetch(t, () => json(200, {}))
  const ctrl = new AbortController()
  ctrl.abort()
  const err = await get('/api/v1/incidents', { signal: ctrl.signal }).catch((e: unknown) => e)
  t.notOk(err instanceof ApiError)
  t.match(err, { name: 'AbortError' })
})

t.test('a lost session is reported once, unless the caller expects to be signed out', async (t) => {
  fakeFetch(t, () => json(401, { code: 'SANAD_ERR_UNAUTHENTICATED', message: 'sign in' }))
  let lost = 0
  setSessionLostHandler(() => {
    lost++
  })
  await get('/api/v1/cases').catch(() => {})
  t.equal(lost, 1)
  await get('/api/v1/auth/me', { quietAuth: true }).catch(() => {})
  t.equal(lost, 1, 'quietAuth: the sign-in check itself')
})

t.test('a 204 answer is undefined, not a JSON error', async (t) => {
  fakeFetch(t, () => new Response(null, { status: 204 }))
  t.equal(await post('/api/v1/auth/logout'), undefined)
})

t.test('requests are never cached and stay on the same origin', async (t) => {
  const seen: RequestInit[] = []
  const real = globalThis.fetch
  globalThis.fetch = (async (_p: string, init: RequestInit) => {
    seen.push(init)
    return json(200, {})
  }) as typeof fetch
  t.teardown(() => {
    globalThis.fetch = real
  })
  await request('GET', '/api/v1/cases')
  t.match(seen[0], { cache: 'no-store', credentials: 'same-origin' })
})

t.test('query() keeps only the values given', async (t) => {
  t.equal(
    query({ q: 'غزنی', limit: 25, offset: 0, province: '', category: undefined, status: null }),
    '?q=%D8%BA%D8%B2%D9%86%DB%8C&limit=25&offset=0'
  )
  t.equal(query({ q: '' }), '')
})
