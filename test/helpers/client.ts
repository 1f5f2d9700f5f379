import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Role } from '../../server/auth/permissions.ts'
import { asRole } from './app.ts'

export type Inject = (opts: InjectOptions | string) => Promise<LightMyRequestResponse>

/** `app.inject` authenticated as a user of `role` (API token), for tests that are not about auth. */
export async function as(app: FastifyInstance, role: Role): Promise<Inject> {
  const headers = await asRole(app, role)
  return async (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    return await app.inject({ ...o, headers: { ...headers, ...(o.headers ?? {}) } } as InjectOptions)
  }
}
