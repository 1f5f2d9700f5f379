// The API client (web/src/api.ts) with fetch replaced: what reaches the server and what a screen gets back.
import t from 'tap'
import {
  ApiError,
  del,
  get,
  getText,
  patch,
  post,
  query,
  request,
  setCsrfToken,
  setSessionLostHandler,
  uploadForm
} from '../../web/src/api.ts'

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
    setSessionLostHandler(async () => false)
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
  setSessionLostHandler(async () => {
    lost++
    return false
  })
  await get('/api/v1/cases').catch(() => {})
  t.equal(lost, 1)
  await get('/api/v1/auth/me', { quietAuth: true }).catch(() => {})
  t.equal(lost, 1, 'quietAuth: the sign-in check itself')
})

t.test('signed in again over the form, the request that found the session gone is sent once more, with the new token', async (t) => {
  let signedIn = false
  const calls = fakeFetch(t, () =>
    signedIn ? json(201, { id: 'i-1' }) : json(401, { code: 'SANAD_ERR_UNAUTHENTICATED', message: 'sign in' })
  )
  setCsrfToken('old-token')
  setSessionLostHandler(async () => {
    signedIn = true
    setCsrfToken('new-token')
    return true
  })
  t.same(await post('/api/v1/incidents', { title: 'x' }), { id: 'i-1' }, 'the save completes')
  t.equal(calls.length, 2)
  t.equal(calls[1]!.body, '{"title":"x"}', 'the same input')
  t.equal(calls[1]!.headers['x-csrf-token'], 'new-token')
})

t.test('a sign-in given up (or a second 401) ends the request as unauthenticated, never in a loop', async (t) => {
  const calls = fakeFetch(t, () => json(401, { code: 'SANAD_ERR_UNAUTHENTICATED', message: 'sign in' }))
  let asked = 0
  setSessionLostHandler(async () => {
    asked++
    return true
  })
  t.match(await post('/api/v1/incidents', {}).catch((e: unknown) => e), { status: 401, code: 'SANAD_ERR_UNAUTHENTICATED' })
  t.equal(asked, 1)
  t.equal(calls.length, 2)
})

t.test('a device that knows it is offline says so (OFFLINE), not a generic network failure', async (t) => {
  fakeFetch(t, () => {
    throw new TypeError('Failed to fetch')
  })
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'navigator')
  Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true })
  t.teardown(() => {
    if (desc) Object.defineProperty(globalThis, 'navigator', desc)
    else delete (globalThis as { navigator?: unknown }).navigator
  })
  t.match(await post('/api/v1/incidents', {}).catch((e: unknown) => e), { status: 0, code: 'OFFLINE' })
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

t.test('a 401 with another code (a wrong password) is an error of the form, not a lost session', async (t) => {
  fakeFetch(t, () => json(401, { code: 'SANAD_ERR_LOGIN_FAILED', message: 'wrong' }))
  let lost = 0
  setSessionLostHandler(async () => {
    lost++
    return false
  })
  t.match(await post('/api/v1/auth/login', {}).catch((e: unknown) => e), { status: 401, code: 'SANAD_ERR_LOGIN_FAILED' })
  t.equal(lost, 0)
})

t.test('PATCH and DELETE carry the token too; getText asks for text and gets it as it is', async (t) => {
  const calls = fakeFetch(t, (c) => (c.method === 'GET' ? new Response('sanad.example/ledger\n12\n', { status: 200 }) : json(200, {})))
  setCsrfToken('token-2')
  await patch('/api/v1/incidents/1', { title: 'y' })
  await del('/api/v1/tokens/1')
  t.equal(await getText('/api/v1/ledger/checkpoint'), 'sanad.example/ledger\n12\n')
  t.match(calls, [
    { method: 'PATCH', headers: { 'x-csrf-token': 'token-2' }, body: '{"title":"y"}' },
    { method: 'DELETE', headers: { 'x-csrf-token': 'token-2' } },
    { method: 'GET', headers: { accept: 'text/plain' } }
  ])
  t.notOk('body' in calls[1]!, 'DELETE sends no body')
  t.equal(calls[2]!.headers['x-csrf-token'], undefined)
})

t.test('POST with no body sends an empty object, as the schemas expect', async (t) => {
  const calls = fakeFetch(t, () => json(200, {}))
  await post('/api/v1/auth/logout')
  t.equal(calls[0]!.body, '{}')
})

/** A stand-in for the browser's XMLHttpRequest: records what was sent, lets the test answer. */
class FakeXhr {
  static last: FakeXhr | null = null
  method = ''
  path = ''
  headers: Record<string, string> = {}
  sent: unknown = null
  status = 0
  statusText = ''
  responseText = ''
  responseType = ''
  aborted = false
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.last = this
  }
  open(method: string, path: string): void {
    this.method = method
    this.path = path
  }
  setRequestHeader(k: string, v: string): void {
    this.headers[k] = v
  }
  send(body: unknown): void {
    this.sent = body
  }
  abort(): void {
    this.aborted = true
    this.onabort?.()
  }
  answer(status: number, body: string, statusText = ''): void {
    this.status = status
    this.statusText = statusText
    this.responseText = body
    this.onload?.()
  }
}

function fakeXhr(t: { teardown: (fn: () => void) => void }): () => FakeXhr {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'XMLHttpRequest')
  Object.defineProperty(globalThis, 'XMLHttpRequest', { configurable: true, writable: true, value: FakeXhr })
  t.teardown(() => {
    if (had) Object.defineProperty(globalThis, 'XMLHttpRequest', had)
    else delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest
    FakeXhr.last = null
    setCsrfToken(null)
    setSessionLostHandler(async () => false)
  })
  return () => FakeXhr.last!
}

t.test('an upload sends the form with the token, reports progress and resolves with the answer', async (t) => {
  const xhr = fakeXhr(t)
  setCsrfToken('token-3')
  const form = new FormData()
  form.set('note', 'x')
  const progress: [number, number][] = []
  const done = uploadForm<{ id: string }>('/api/v1/incidents/1/evidence', form, (a, b) => progress.push([a, b]))
  t.match(xhr(), {
    method: 'POST',
    path: '/api/v1/incidents/1/evidence',
    headers: { 'x-csrf-token': 'token-3', accept: 'application/json' }
  })
  t.equal(xhr().sent, form)
  xhr().upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 })
  xhr().upload.onprogress?.({ lengthComputable: false, loaded: 7, total: 0 })
  xhr().answer(201, '{"id":"ev-1"}')
  t.same(await done, { id: 'ev-1' })
  t.same(progress, [[5, 10]], 'only progress that can be measured')
})

t.test('an upload refused by the server is an ApiError with its code; a proxy’s page by its status', async (t) => {
  const xhr = fakeXhr(t)
  const refused = uploadForm('/u', new FormData(), () => {})
  xhr().answer(413, JSON.stringify({ code: 'SANAD_ERR_FILE_TOO_LARGE', message: 'too large', field: 'file' }))
  const err = await refused.catch((e: unknown) => e)
  t.ok(err instanceof ApiError)
  t.match(err, { status: 413, code: 'SANAD_ERR_FILE_TOO_LARGE', field: 'file' })
  const proxied = uploadForm('/u', new FormData(), () => {})
  xhr().answer(504, '<html>Gateway Timeout</html>', 'Gateway Timeout')
  t.match(await proxied.catch((e: unknown) => e), { status: 504, code: 'HTTP_504', message: 'Gateway Timeout' })
})

t.test('an upload that loses the session reports it; a network failure and an abort have their own codes', async (t) => {
  const xhr = fakeXhr(t)
  let lost = 0
  setSessionLostHandler(async () => {
    lost++
    return false
  })
  const unauth = uploadForm('/u', new FormData(), () => {})
  xhr().answer(401, JSON.stringify({ code: 'SANAD_ERR_UNAUTHENTICATED', message: 'sign in' }))
  t.match(await unauth.catch((e: unknown) => e), { code: 'SANAD_ERR_UNAUTHENTICATED' })
  t.equal(lost, 1)
  const offline = uploadForm('/u', new FormData(), () => {})
  xhr().onerror?.()
  t.match(await offline.catch((e: unknown) => e), { status: 0, code: 'NETWORK' })
  const ctrl = new AbortController()
  const stopped = uploadForm('/u', new FormData(), () => {}, ctrl.signal)
  ctrl.abort()
  t.ok(xhr().aborted, 'the signal stops the upload')
  t.match(await stopped.catch((e: unknown) => e), { status: 0, code: 'ABORTED' })
  t.equal(lost, 1)
})
