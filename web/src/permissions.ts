// Generated from server/auth/permissions.ts by `npm run gen:permissions`. Do not edit.
// What each role may do, for showing or hiding screens and buttons. The server decides; this only
// avoids offering what would be refused.
import type { Role } from './context.ts'

const MATRIX = {
  'session': ['admin', 'documenter', 'reviewer', 'legal', 'auditor'],
  'incident:read': ['documenter', 'reviewer', 'legal'],
  'incident:write': ['documenter', 'reviewer'],
  'incident:review': ['reviewer', 'legal'],
  'stats:read': ['admin', 'documenter', 'reviewer', 'legal', 'auditor'],
  'person:read': ['documenter', 'reviewer', 'legal'],
  'person:write': ['documenter', 'reviewer'],
  'evidence:read': ['documenter', 'reviewer', 'legal', 'auditor'],
  'evidence:content': ['documenter', 'reviewer', 'legal'],
  'evidence:write': ['documenter', 'reviewer'],
  'ledger:read': ['admin', 'documenter', 'reviewer', 'legal', 'auditor'],
  'verify:run': ['admin', 'auditor'],
  'case:read': ['legal', 'auditor'],
  'case:write': ['legal'],
  'user:manage': ['admin'],
  'user:directory': ['admin', 'documenter', 'reviewer', 'legal', 'auditor'],
  'audit:read': ['admin', 'auditor']
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof MATRIX

export function can (role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (MATRIX[permission] as readonly Role[]).includes(role)
}
