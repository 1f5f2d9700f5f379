import type { FastifyRequest } from 'fastify'
import { fail } from '../errors.ts'
import type { Role } from './permissions.ts'

export type SessionUser = { id: string; username: string; role: Role }

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null
  }
}

/** Who is asking: the account's row number (for clearances), its role and its actor id. */
export type Viewer = { userSeq: number; role: Role; actor: string }

/**
 * The pseudonymous id recorded as the actor of a change. Until accounts exist every request is
 * 'anonymous'; the auth plugin sets request.user.
 */
export function actorOf(request: FastifyRequest): string {
  return request.user ? `user:${request.user.id}` : 'anonymous'
}

/** The signed-in viewer of a request; object-level rules (need-to-know, ownership) need all three. */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.auth || !request.user) fail('SANAD_ERR_UNAUTHENTICATED')
  return { userSeq: request.auth.userSeq, role: request.user.role, actor: actorOf(request) }
}
