/**
 * The permission matrix: every route names one permission in `config.permission`; the auth plugin
 * refuses a route that names none. The README's permission table is generated from this object and
 * a test walks every route against it for every role.
 */
export const ROLES = ['admin', 'documenter', 'reviewer', 'legal', 'auditor'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = {
  // No session needed: liveness, API docs, reference data, the ledger's public key and checkpoint.
  public: { roles: [] as Role[], public: true, description: 'Anyone, without signing in.' },
  session: {
    roles: ['admin', 'documenter', 'reviewer', 'legal', 'auditor'],
    description: 'Any signed-in user (own session and profile).'
  },
  'incident:read': {
    roles: ['documenter', 'reviewer', 'legal'],
    description: 'Read incidents, patterns, revisions and search; export a search as CSV; submit own incidents for review.'
  },
  'incident:write': {
    roles: ['documenter', 'reviewer'],
    description: 'Create and change incidents and patterns, retract incidents.'
  },
  // Review is a second pair of eyes: a reviewer (a senior documenter) or the legal liaison, never the author.
  'incident:review': {
    roles: ['reviewer', 'legal'],
    description: "Take others' submitted incidents for review, verify or return them, assign reviewers."
  },
  'stats:read': { roles: ['admin', 'documenter', 'reviewer', 'legal', 'auditor'], description: 'Aggregated counts (no records).' },
  'person:read': { roles: ['documenter', 'reviewer', 'legal'], description: 'Read person records (identities only where cleared).' },
  'person:write': { roles: ['documenter', 'reviewer'], description: 'Create persons, record consent.' },
  'evidence:read': {
    roles: ['documenter', 'reviewer', 'legal', 'auditor'],
    description: 'Evidence records: hashes, type, size, metadata, flags, custody.'
  },
  'evidence:content': {
    roles: ['documenter', 'reviewer', 'legal'],
    description: 'Download evidence content (every access is recorded).'
  },
  'evidence:write': { roles: ['documenter', 'reviewer'], description: 'Upload evidence.' },
  'ledger:read': { roles: ['admin', 'documenter', 'reviewer', 'legal', 'auditor'], description: 'Ledger entries and proofs.' },
  'verify:run': { roles: ['admin', 'auditor'], description: 'Run full verification jobs.' },
  'case:read': { roles: ['legal', 'auditor'], description: 'Cases, dossier status and export history.' },
  'case:write': { roles: ['legal'], description: 'Build cases, generate and download dossiers.' },
  'user:manage': { roles: ['admin'], description: 'Create, disable and reset users.' },
  // Who did what: ledger entries, revisions and custody name accounts as `user:<id>`; the web app shows
  // their account names. Account name and role only: no state, no sign-in times, no clearances.
  'user:directory': {
    roles: ['admin', 'documenter', 'reviewer', 'legal', 'auditor'],
    description: 'Account names and roles by id, to show who did what (nothing else about the accounts).'
  },
  'audit:read': {
    roles: ['admin', 'auditor'],
    description: 'Sensitive actions: clearances, password resets of legal accounts, new admin accounts.'
  }
} as const satisfies Record<string, { roles: readonly Role[]; description: string; public?: boolean }>

export type Permission = keyof typeof PERMISSIONS

export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role)
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission
  }
}
