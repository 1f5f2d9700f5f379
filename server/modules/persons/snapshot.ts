import type { Sqlite } from '../../db/open.ts'
import type { PersonSnapshot } from '../../lib/analysis/record-content.ts'
import type { PersonRow } from './repo.ts'

// A person as its content hash covers it (record-content.ts: sealed fields as their envelopes), built
// the same way from the service's row and from raw SQL (npm run verify, key rotation).

/** Identifying field → its sealed column, in the order of IDENTITY_FIELDS. */
const SEALED = [
  ['name', 'nameEnc', 'name_enc'],
  ['aliases', 'aliasesEnc', 'aliases_enc'],
  ['contacts', 'contactsEnc', 'contacts_enc'],
  ['address', 'addressEnc', 'address_enc'],
  ['homeLocation', 'homeLocationEnc', 'home_location_enc'],
  ['notes', 'notesEnc', 'notes_enc'],
  ['age', 'ageEnc', 'age_enc'],
  ['sex', 'sexEnc', 'sex_enc'],
  ['groups', 'groupsEnc', 'groups_enc']
] as const

export function personSnapshotOf(row: PersonRow, incident: string): PersonSnapshot {
  const sealed: Record<string, string> = {}
  for (const [field, key] of SEALED) {
    const v = row[key]
    if (v !== null) sealed[field] = v
  }
  return {
    id: row.id,
    incident,
    role: row.role,
    pseudonym: row.pseudonym,
    protected: row.protected,
    sensitive: row.sensitive,
    deceased: row.deceased,
    revision: row.revision,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    sealed
  }
}

type RawPerson = {
  id: string
  incident: string
  role: string
  pseudonym: string
  protected: number
  sensitive: number
  deceased: number
  revision: number
  createdAt: string
  createdBy: string
} & Record<string, string | number | null>

/** Every person as stored, straight from the tables (raw SQL on any connection). */
export function personSnapshots(sqlite: Sqlite): PersonSnapshot[] {
  const rows = sqlite
    .prepare<[], RawPerson>(
      `SELECT p.id AS id, i.id AS incident, p.role AS role, p.pseudonym AS pseudonym, p.protected AS protected,
        p.sensitive AS sensitive, p.deceased AS deceased, p.revision AS revision, p.created_at AS createdAt,
        p.created_by AS createdBy, ${SEALED.map(([, , column]) => `p.${column} AS ${column}`).join(', ')}
      FROM persons p JOIN incidents i ON i.seq = p.incident_seq ORDER BY p.seq`
    )
    .all()
  return rows.map((r) => {
    const sealed: Record<string, string> = {}
    for (const [field, , column] of SEALED) {
      const v = r[column]
      if (typeof v === 'string') sealed[field] = v
    }
    return {
      id: r.id,
      incident: r.incident,
      role: r.role,
      pseudonym: r.pseudonym,
      protected: r.protected === 1,
      sensitive: r.sensitive === 1,
      deceased: r.deceased === 1,
      revision: r.revision,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      sealed
    }
  })
}
