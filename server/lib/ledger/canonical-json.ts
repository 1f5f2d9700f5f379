// RFC 8785 (JSON Canonicalization Scheme) encoding for everything we hash or sign.
//
// The `canonicalize` package does the serialisation (UTF-16 code-unit key order,
// ECMAScript number formatting, minimal string escaping). It is lenient in ways
// that would make hashes silently depend on accidents (it drops `undefined`
// members, calls `toJSON`, stringifies lone surrogates), so we first walk the
// value and refuse anything that is not plain I-JSON (RFC 7493).

import canonicalizeImport from 'canonicalize'

type Serialize = (input: unknown) => string | undefined
// `canonicalize` is CommonJS (`module.exports = fn`) but its typings declare a
// default export, so under NodeNext the import may arrive either way.
const canonicalize: Serialize =
  typeof canonicalizeImport === 'function'
    ? (canonicalizeImport as Serialize)
    : (canonicalizeImport as unknown as { default: Serialize }).default

/** Any value that survives a JSON round trip unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export const CANONICAL_JSON_ERROR = 'SANAD_ERR_JSON_NOT_CANONICALIZABLE'
export const CANONICAL_JSON_NONCANONICAL = 'SANAD_ERR_JSON_NONCANONICAL'

/** Thrown when a value cannot be canonicalised or bytes are not canonical. */
export class CanonicalJsonError extends Error {
  readonly code: string
  /** JSONPath-like location of the offending value, e.g. `$.details.items[2]`. */
  readonly path: string
  constructor(code: string, path: string, message: string) {
    super(message)
    this.name = 'CanonicalJsonError'
    this.code = code
    this.path = path
  }
}

// A lone surrogate cannot be encoded as UTF-8; I-JSON forbids it.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

function fail(path: string, what: string): never {
  throw new CanonicalJsonError(CANONICAL_JSON_ERROR, path, `canonical JSON: ${what} at ${path}`)
}

function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** Throws CanonicalJsonError unless `value` is plain, finite, acyclic JSON. */
export function assertJsonValue(value: unknown, path = '$', ancestors: Set<object> = new Set()): asserts value is JsonValue {
  switch (typeof value) {
    case 'boolean':
      return
    case 'string':
      if (LONE_SURROGATE.test(value)) fail(path, 'string contains a lone UTF-16 surrogate')
      return
    case 'number':
      if (!Number.isFinite(value)) fail(path, `non-finite number ${String(value)} is not allowed`)
      return
    case 'undefined':
      return fail(path, 'undefined is not allowed (omit the member or use null)')
    case 'object':
      break
    default:
      return fail(path, `${typeof value} is not allowed`)
  }
  if (value === null) return
  if (ancestors.has(value)) fail(path, 'cyclic reference')
  ancestors.add(value)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // `in` catches holes in sparse arrays, which JSON would turn into null.
      if (!(i in value)) fail(`${path}[${i}]`, 'array hole is not allowed')
      assertJsonValue(value[i], `${path}[${i}]`, ancestors)
    }
  } else {
    if (!isPlainObject(value)) fail(path, `object of type ${value.constructor?.name ?? 'unknown'} is not plain JSON`)
    for (const [key, member] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) fail(path, 'member name contains a lone UTF-16 surrogate')
      assertJsonValue(member, memberPath(path, key), ancestors)
    }
  }
  ancestors.delete(value)
}

/** RFC 8785 canonical form as a string. Throws CanonicalJsonError on non-JSON input. */
export function canonicalJsonString(value: unknown): string {
  assertJsonValue(value)
  const text = canonicalize(value)
  // Unreachable after assertJsonValue, but keeps the type honest.
  if (text === undefined) fail('$', 'value has no JSON representation')
  return text
}

/** RFC 8785 canonical form as UTF-8 bytes: the exact bytes we hash and sign. */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(canonicalJsonString(value), 'utf8')
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Parses bytes that must already be canonical JSON. Throws CanonicalJsonError
 * (code SANAD_ERR_JSON_NONCANONICAL) if they are invalid UTF-8, invalid JSON,
 * or any valid JSON that is not byte-for-byte its own canonical form
 * (whitespace, key order, duplicate keys, number spelling, escapes, lost precision).
 */
export function parseCanonicalJson(bytes: Uint8Array): JsonValue {
  let text: string
  let value: unknown
  try {
    text = utf8.decode(bytes)
    value = JSON.parse(text)
  } catch (err) {
    throw new CanonicalJsonError(
      CANONICAL_JSON_NONCANONICAL,
      '$',
      `canonical JSON: bytes are not valid UTF-8 JSON (${(err as Error).message})`
    )
  }
  const again = canonicalJson(value)
  if (!again.equals(bytes)) {
    throw new CanonicalJsonError(
      CANONICAL_JSON_NONCANONICAL,
      '$',
      'canonical JSON: bytes are valid JSON but not in RFC 8785 canonical form'
    )
  }
  return value as JsonValue
}
