import type { FastifyServerOptions } from 'fastify'
import { createRequire } from 'node:module'

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>

// Both compilers come from Fastify's own dependencies so they are always the versions Fastify expects.
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'))

/**
 * Compiled validators and serializers, shared by every app this process builds, keyed by what the
 * compiled function depends on: the shared schemas and options (the pool key), and the route's schema
 * as JSON (plus, for validators, whether it checks a body). Compiling is a pure function of these, and
 * a compiled function keeps no state between calls, so an app may use one another app compiled.
 * One app per process (the server) compiles each distinct response schema once instead of once per
 * route and status; a process that builds many apps (tests, scripts) compiles each once in all —
 * before this cache, compiling response serializers was two thirds of a test's CPU time.
 * The cache grows only with distinct schemas, which are a fixed set in this code base.
 */
const compiled = new Map<string, unknown>()

// Keys stay short: each distinct schema (by its JSON) gets a number. A shared schema's number is also
// remembered per object, so it is turned into JSON once per app even though Fastify asks for a compiler
// once per plugin context (each time a new object holding the same shared schemas, which Fastify
// keeps as given). A route's schema is read afresh each time.
const contentIds = new Map<string, number>()
const sharedIds = new WeakMap<object, number>()
function contentId(value: unknown): number {
  const json = JSON.stringify(value) ?? 'undefined'
  let id = contentIds.get(json)
  if (id === undefined) contentIds.set(json, (id = contentIds.size))
  return id
}
function sharedId(value: unknown): number {
  if (typeof value !== 'object' || value === null) return contentId(value)
  let id = sharedIds.get(value)
  if (id === undefined) sharedIds.set(value, (id = contentId(value)))
  return id
}
function poolId(externalSchemas: Record<string, unknown>, options: unknown): string {
  const schemas = Object.entries(externalSchemas).map(([id, schema]) => `${JSON.stringify(id)}=${sharedId(schema)}`)
  return `${schemas.join(',')};${JSON.stringify(options)}`
}

function memo<T>(key: string, make: () => T): T {
  const known = compiled.get(key) as T | undefined
  if (known !== undefined) return known
  const made = make()
  compiled.set(key, made)
  return made
}

// A server compiles every route's validators and serializers while it starts, so a schema that does
// not compile stops the start. A test process builds a fresh app per test but each test file sends
// requests to a few routes only, and compiling all of them was half of a test file's start-up CPU: a
// test process (tap only, like useTestPasswordHashing) compiles each on its first use instead.
// test/http/schema-compilers.test.ts builds an app compiling eagerly, which checks every schema.
let onFirstUse = false

/** Compiles route schemas on first use (on) or while the app starts (off, as a server always does). */
export function compileSchemasOnFirstUse(on = true): void {
  if (on && process.env.TAP !== '1') throw new Error('compiling schemas on first use is for test processes run by tap only')
  onFirstUse = on
}

type Validator = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown }

// Fastify passes ajv's root-data context only to a function that has `schemaEnv`, and reads `errors`
// from the function it called: the stand-in has the first and copies the second.
function validatorOnFirstUse(key: string, make: () => Validator): Validator {
  const standIn: Validator = (data, context) => {
    const validate = memo(key, make)
    const result = validate.schemaEnv ? validate(data, context) : validate(data)
    standIn.errors = validate.errors
    return result
  }
  standIn.schemaEnv = true
  return standIn
}

function serializerOnFirstUse(key: string, make: () => (data: unknown) => string): (data: unknown) => string {
  return (data) => memo(key, make)(data)
}

// The compilers' own pools: one ajv (or fast-json-stringify option set) per set of shared schemas.
let validatorPool: BuildValidator | undefined
let serializerPool: BuildSerializer | undefined

/**
 * Query strings and path parameters arrive as text, so their validator coerces ("5" to 5, "true" to
 * true, one value to an array). A JSON body arrives typed: coercing it would turn `"protected": null`,
 * `0` or `"false"` into `false` and record a consent sent as `null` as a refusal. So bodies get a
 * validator with the same options and every shared schema, but no coercion: a wrong type is a 400
 * naming the field. Both come from the compiler Fastify uses by default (ajv with ajv-formats).
 */
export function bodyStrictValidators(): BuildValidator {
  validatorPool ??= (fastifyRequire('@fastify/ajv-compiler') as () => BuildValidator)()
  const pool = validatorPool
  return (externalSchemas, options) => {
    const poolKey = poolId(externalSchemas as Record<string, unknown>, options)
    const coercing = () => memo(`validators coercing ${poolKey}`, () => pool(externalSchemas, options))
    // Sanad's schemas are JSON Schema, never JTD: only the ajv form of the options occurs.
    const strict = () =>
      memo(`validators strict ${poolKey}`, () =>
        pool(externalSchemas, {
          ...options,
          customOptions: { ...options?.customOptions, coerceTypes: false }
        } as Parameters<BuildValidator>[1])
      )
    // Each pool is an ajv holding (and checking) every shared schema: made at start, or on first use.
    if (!onFirstUse) {
      coercing()
      strict()
    }
    return (route) => {
      const body = route.httpPart === 'body'
      const key = `validator ${body ? 'strict' : 'coercing'} ${poolKey} ${contentId(route.schema)}`
      const make = () => (body ? strict() : coercing())(route)
      if (!onFirstUse) return memo(key, make)
      return (compiled.get(key) ?? validatorOnFirstUse(key, make as () => Validator)) as ReturnType<typeof make>
    }
  }
}

/** Fastify's default serializer compiler (fast-json-stringify), with compiled serializers shared. */
export function sharedSerializers(): BuildSerializer {
  serializerPool ??= (
    fastifyRequire('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => BuildSerializer }
  ).SerializerSelector()
  const pool = serializerPool
  return (externalSchemas, options) => {
    const poolKey = poolId(externalSchemas as Record<string, unknown>, options)
    const compile = () => memo(`serializers ${poolKey}`, () => pool(externalSchemas, options))
    if (!onFirstUse) compile()
    return (route) => {
      const key = `serializer ${poolKey} ${contentId(route.schema)}`
      const make = () => compile()(route)
      if (!onFirstUse) return memo(key, make)
      return (compiled.get(key) as ReturnType<typeof make> | undefined) ?? serializerOnFirstUse(key, make)
    }
  }
}
