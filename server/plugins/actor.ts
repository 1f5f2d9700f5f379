import type { FastifyRequest } from 'fastify'

export type SessionUser = { id: string, username: string, role: 'admin' | 'documenter' | 'legal' | 'auditor' }

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null
  }
}

/**
 * The pseudonymous id recorded as the actor of a change. Until accounts exist every request is
 * 'anonymous'; the identity plugin sets request.user.
 */
export function actorOf (request: FastifyRequest): string {
  return request.user ? `user:${request.user.id}` : 'anonymous'
}
