import type { Sqlite } from '../../db/open.ts'
import { personLinkContentSha256 } from '../../lib/analysis/person-links.ts'

// Person-to-incident links (#18 item 5) against the ledger entries that recorded them: the
// `person-created` entry for a person's first link, one `person-linked` entry for each further one.
// `person_incidents` rows have no id of their own, so a person's rows (in insertion order) are aligned
// with its entries (in ledger order); each row must re-derive the link hash its entry recorded. A role
// edited, a link moved to another incident, deleted, or planted with no entry all show. Entries written
// before the hash existed are checked on ids only (incident and role), and said so.

type Problem = { code: string; message: string; index?: number }

/** What a ledger entry recorded of one link. */
export type LinkEntry = { index: number; incident: string; role: string; linkSha256: string | undefined }

type LinkRow = {
  person: string
  incident: string
  role: string
  linkedAt: string
  linkedBy: string
  removedAt: string | null
  removedBy: string | null
  removalReason: string | null
}

const MISMATCH = 'SANAD_ERR_RECORD_LEDGER_MISMATCH'
const OLDER = ' (an older entry without a link hash: checked on ids only)'

function derive(r: LinkRow): string {
  return personLinkContentSha256({
    person: r.person,
    incident: r.incident,
    role: r.role,
    linkedAt: r.linkedAt,
    linkedBy: r.linkedBy,
    removedAt: r.removedAt ?? undefined,
    removedBy: r.removedBy ?? undefined,
    removalReason: r.removalReason ?? undefined
  })
}

function matches(e: LinkEntry, r: LinkRow): boolean {
  return e.linkSha256 === undefined ? e.incident === r.incident && e.role === r.role && r.removedAt === null : e.linkSha256 === derive(r)
}

/** Why a row no longer matches the entry it stands against (the first difference that explains it). */
function mismatch(person: string, e: LinkEntry, r: LinkRow): Problem {
  const what = `person ${person}: its link to incident ${e.incident} as ${e.role} recorded by ledger entry ${e.index}`
  const older = e.linkSha256 === undefined ? OLDER : ''
  let message: string
  if (r.incident !== e.incident) message = `${what} now points at incident ${r.incident} (link moved in the database?)${older}`
  else if (r.role !== e.role) message = `${what} now reads role ${r.role} (role edited in the database?)${older}`
  else if (r.removedAt !== null)
    message = `${what} is marked removed, but no ledger entry records a removal (edited in the database?)${older}`
  else message = `${what} no longer hashes to what that entry recorded (time or actor edited in the database?)${older}`
  return { code: MISMATCH, index: e.index, message }
}

function deleted(person: string, e: LinkEntry): Problem {
  const older = e.linkSha256 === undefined ? OLDER : ''
  return {
    code: MISMATCH,
    index: e.index,
    message: `person ${person}: ledger entry ${e.index} records its link to incident ${e.incident} as ${e.role}, but the database no longer holds that link (deleted?)${older}`
  }
}

function planted(person: string, r: LinkRow): Problem {
  return {
    code: MISMATCH,
    message: `person ${person}: the database links it to incident ${r.incident} as ${r.role}, but no ledger entry records that link (added in the database?)`
  }
}

/**
 * Aligns one person's entries and rows, both in the order written. A row that matches a later entry
 * means the entries before it lost their rows (deleted); an entry that matches a later row means the
 * rows before it have no entry (planted); otherwise the two stand against each other (edited).
 */
export function alignPersonLinks(person: string, entries: readonly LinkEntry[], rows: readonly LinkRow[]): Problem[] {
  const out: Problem[] = []
  let i = 0
  let j = 0
  while (i < entries.length && j < rows.length) {
    const e = entries[i]!
    const r = rows[j]!
    if (matches(e, r)) {
      i++
      j++
    } else if (entries.slice(i + 1).some((later) => matches(later, r))) out.push(deleted(person, entries[i++]!))
    else if (rows.slice(j + 1).some((later) => matches(e, later))) out.push(planted(person, rows[j++]!))
    else {
      out.push(mismatch(person, e, r))
      i++
      j++
    }
  }
  for (; i < entries.length; i++) out.push(deleted(person, entries[i]!))
  for (; j < rows.length; j++) out.push(planted(person, rows[j]!))
  return out
}

/** Every person's links against its entries; and how many entries are older ones, checked on ids only. */
export function personLinkProblems(sqlite: Sqlite, entries: ReadonlyMap<string, LinkEntry[]>): { problems: Problem[]; older: number } {
  // A data dir from before persons across incidents (#18) has no links table to check.
  if (sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_incidents'").get() === undefined)
    return { problems: [], older: 0 }
  const rows = sqlite
    .prepare<[], LinkRow>(
      `SELECT p.id AS person, i.id AS incident, l.role AS role, l.linked_at AS linkedAt, l.linked_by AS linkedBy,
        l.removed_at AS removedAt, l.removed_by AS removedBy, l.removal_reason AS removalReason
      FROM person_incidents l JOIN persons p ON p.seq = l.person_seq JOIN incidents i ON i.seq = l.incident_seq ORDER BY l.seq`
    )
    .all()
  const byPerson = new Map<string, LinkRow[]>()
  for (const r of rows) {
    const list = byPerson.get(r.person) ?? []
    list.push(r)
    byPerson.set(r.person, list)
  }
  const problems: Problem[] = []
  let older = 0
  for (const person of new Set([...entries.keys(), ...byPerson.keys()])) {
    const recorded = entries.get(person) ?? []
    older += recorded.filter((e) => e.linkSha256 === undefined).length
    problems.push(...alignPersonLinks(person, recorded, byPerson.get(person) ?? []))
  }
  return { problems, older }
}
