// Every call to the Sanad API goes through here: same origin, cookie session, the CSRF token on
// state-changing calls, and error answers turned into ApiError with the server's SANAD_ERR_* code.

export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: number
  readonly code: string
  readonly field: string | undefined
  readonly details: Record<string, unknown> | undefined
  constructor(status: number, code: string, message: string, field?: string, details?: Record<string, unknown>) {
    super(message)
    this.status = status
    this.code = code
    this.field = field
    this.details = details
  }
}

const CSRF_KEY = 'sanad.csrf'
let csrfToken: string | null = readStored()
let onSessionLost: (() => Promise<boolean>) | null = null

function readStored(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY)
  } catch {
    return null
  }
}

/** The CSRF token of this tab's session (kept in sessionStorage so a reload keeps working). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
  try {
    if (token === null) sessionStorage.removeItem(CSRF_KEY)
    else sessionStorage.setItem(CSRF_KEY, token)
  } catch {
    /* storage disabled: the token lives in memory only */
  }
}
export const hasCsrfToken = (): boolean => csrfToken !== null
/** The token itself, for requests made outside this module (the resumable uploads, quick exit). */
export const currentCsrfToken = (): string | null => csrfToken

/**
 * Called when the server says the session is gone (expired, ended elsewhere). It resolves true
 * once the user has signed in again: the request is then sent once more, so a save completes.
 */
export function setSessionLostHandler(handler: () => Promise<boolean>): void {
  onSessionLost = handler
}

const SAFE = new Set(['GET', 'HEAD'])

/** A request that never reached the server: the device is offline, or the server cannot be reached. */
function networkError(): ApiError {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false
  return offline ? new ApiError(0, 'OFFLINE', 'offline') : new ApiError(0, 'NETWORK', 'network error')
}

/** The error is a request that never reached the server: sending it again may work. */
export const isNetworkError = (err: unknown): boolean => err instanceof ApiError && (err.code === 'NETWORK' || err.code === 'OFFLINE')

async function errorFrom(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; field?: string; details?: Record<string, unknown> } = {}
  try {
    body = (await res.json()) as typeof body
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText, body.field, body.details)
}

export type ApiOptions = { signal?: AbortSignal; headers?: Record<string, string>; quietAuth?: boolean }

export async function request(method: string, path: string, body?: unknown, options: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {})
    })
  } catch (err) {
    // Aborted by the caller: it knows why. Anything else never reached the server (offline, server gone).
    if (options.signal?.aborted) throw err
    throw networkError()
  }
  if (!res.ok) {
    const err = await errorFrom(res)
    if (res.status === 401 && err.code === 'SANAD_ERR_UNAUTHENTICATED' && !options.quietAuth && onSessionLost) {
      // Signed in again: the same request once more, with the new session's CSRF token.
      if (await onSessionLost()) return await request(method, path, body, { ...options, quietAuth: true })
    }
    throw err
  }
  return res
}

export async function api<T>(method: string, path: string, body?: unknown, options?: ApiOptions): Promise<T> {
  const res = await request(method, path, body, options)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

export const get = async <T>(path: string, options?: ApiOptions): Promise<T> => await api<T>('GET', path, undefined, options)
export const post = async <T>(path: string, body?: unknown, options?: ApiOptions): Promise<T> =>
  await api<T>('POST', path, body ?? {}, options)
export const patch = async <T>(path: string, body: unknown): Promise<T> => await api<T>('PATCH', path, body)
export const del = async <T>(path: string): Promise<T> => await api<T>('DELETE', path)

export async function getText(path: string): Promise<string> {
  const res = await request('GET', path, undefined, { headers: { accept: 'text/plain' } })
  return await res.text()
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * Sends a multipart form with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * Resolves with the parsed JSON answer; rejects with ApiError.
 */
export function uploadForm<T>(
  path: string,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.responseType = 'text'
    xhr.setRequestHeader('accept', 'application/json')
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total)
    }
    xhr.onload = () => {
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T)
      else {
        // The upload is not sent again here: its queue keeps the file and offers to send it again.
        if (xhr.status === 401 && body.code === 'SANAD_ERR_UNAUTHENTICATED') void onSessionLost?.()
        reject(
          new ApiError(
            xhr.status,
            String(body.code ?? `HTTP_${xhr.status}`),
            String(body.message ?? xhr.statusText),
            body.field as string | undefined,
            body.details as Record<string, unknown> | undefined
          )
        )
      }
    }
    xhr.onerror = () => reject(networkError())
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'aborted'))
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(form)
  })
}
