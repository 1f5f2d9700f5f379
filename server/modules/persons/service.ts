import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import { allows, type Role } from '../../auth/permissions.ts'
import { categoryById } from '../../lib/afghan-context.ts'
import { decryptField, encryptField, fieldKey, type FieldContext, type FieldKey } from '../../lib/field-crypto.ts'
import type { ConsentHistory, ConsentInput, Person, PersonIdentity, PersonInput, PersonPatch } from '../../types/schemas.ts'
import type { LedgerAppend } from '../ledger/types.ts'
import { personRepo, type IncidentRef, type PersonRow } from './repo.ts'
import { CONSENT_KEYS, CONSENT_PURPOSES, consentKind, consentState, keyOfPurpose } from './consent.ts'
import { disclose, type Disclosure, type DisclosureOptions, type PersonFacts } from './disclosure.ts'
import { PSEUDONYM_PREFIX, formatPseudonym } from '../../lib/pseudonym.ts'


/** The identifying fields, each its own envelope: name in `name_enc`, and so on. */
export const IDENTITY_FIELDS = ['name', 'aliases', 'contacts', 'address', 'homeLocation', 'notes'] as const
export type IdentityField = (typeof IDENTITY_FIELDS)[number]
const COLUMN = {
  name: 'nameEnc', aliases: 'aliasesEnc', contacts: 'contactsEnc', address: 'addressEnc', homeLocation: 'homeLocationEnc', notes: 'notesEnc'
} as const satisfies Record<IdentityField, keyof PersonRow>

/**
 * Why an identity is being read, recorded with the access. A fixed vocabulary (or a case id), never
 * free text: the ledger is shown to auditors and must hold no personal data.
 */
export const ACCESS_PURPOSES = [
  'case-preparation', 'witness-contact', 'protection-assessment', 'verification', 'data-correction',
  'consent-review', 'follow-up', 'disclosure-icc', 'disclosure-un', 'disclosure-national', 'disclosure-public',
  'disclosure-internal', 'other'
] as const
export const ACCESS_PURPOSE_PATTERN = `^(${ACCESS_PURPOSES.join('|')}|case:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`

/** Incident categories (by their taxonomy tags) whose persons are need-to-know (Murad Code). */
export const NEED_TO_KNOW_TAGS = ['need-to-know', 'sexual-violence'] as const

export type Viewer = { userSeq: number, role: Role, actor: string }

export type PersonsDeps = {
  db: Db
  sqlite: Sqlite
  master: Buffer
  ledger?: LedgerAppend
  now?: () => Date
}

/** True when the incident concerns sexual violence (or another need-to-know category or tag). */
export function incidentIsNeedToKnow (document: unknown): boolean {
  const doc = document as { categories?: string[], tags?: string[] }
  for (const id of doc.categories ?? []) {
    const tags = categoryById(id)?.tags ?? []
    if (NEED_TO_KNOW_TAGS.some((t) => tags.includes(t))) return true
  }
  return (doc.tags ?? []).some((t) => (NEED_TO_KNOW_TAGS as readonly string[]).includes(t))
}

export function personContext (personId: string, field: IdentityField): FieldContext {
  return { table: 'persons', column: field, rowId: personId }
}

/**
 * Persons linked to incidents, their consent and the reading of their identities. Identifying fields
 * are encrypted field by field; every response that carries a decrypted identity is recorded in the
 * custody ledger (`accessed`) in the same transaction that reads it.
 */
export function personsService (deps: PersonsDeps) {
  const repo = personRepo(deps.db)
  const key: FieldKey = fieldKey(deps.master)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function encrypt (personId: string, field: IdentityField, value: unknown): string {
    return encryptField(key, personContext(personId, field), JSON.stringify(value))
  }

  function decryptIdentity (row: PersonRow): PersonIdentity {
    const identity: Record<string, unknown> = {}
    for (const field of IDENTITY_FIELDS) {
      const envelope = row[COLUMN[field]]
      if (envelope !== null) identity[field] = JSON.parse(decryptField(key, personContext(row.id, field), envelope))
    }
    return identity as unknown as PersonIdentity
  }

  function presentFields (row: PersonRow): IdentityField[] {
    return IDENTITY_FIELDS.filter((f) => row[COLUMN[f]] !== null)
  }

  function mustIncident (incidentId: string): IncidentRef {
    const incident = repo.incidentById(incidentId)
    if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return incident
  }

  function mustPerson (id: string): PersonRow {
    const row = repo.byId(id)
    if (!row) fail('SANAD_ERR_PERSON_NOT_FOUND')
    return row
  }

  function incidentOf (row: PersonRow): IncidentRef {
    const incident = repo.incidentBySeq(row.incidentSeq)
    if (!incident) throw new Error(`person ${row.id} has no incident`)
    return incident
  }

  function needToKnow (row: PersonRow, incident: IncidentRef): boolean {
    return row.sensitive || incidentIsNeedToKnow(incident.document)
  }

  /** The viewer recorded the person, or holds a clearance for its incident. */
  function cleared (row: PersonRow, incident: IncidentRef, viewer: Viewer): boolean {
    return row.createdBy === viewer.actor || repo.hasClearance(viewer.userSeq, incident.seq)
  }

  function mayReadIdentity (row: PersonRow, incident: IncidentRef, viewer: Viewer): boolean {
    if (!allows(viewer.role, 'person:read')) return false
    return !needToKnow(row, incident) || cleared(row, incident, viewer)
  }

  function view (row: PersonRow, incident: IncidentRef): Person {
    return {
      id: row.id,
      pseudonym: row.pseudonym,
      role: row.role as Person['role'],
      incidentId: incident.id,
      protected: row.protected,
      sensitive: row.sensitive,
      needToKnow: needToKnow(row, incident),
      consent: consentState(repo.consents(row.seq)),
      revision: row.revision,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  function recordAccess (row: PersonRow, actor: string, fields: IdentityField[], purpose: string | undefined): void {
    deps.ledger?.append({
      type: 'accessed', actor, subject: { kind: 'person', id: row.id },
      details: { fields, ...(purpose ? { purpose } : {}) }
    })
  }

  /** Appends one consent row per purpose named; returns the ledger summary (no personal data). */
  function writeConsent (row: PersonRow, input: ConsentInput, actor: string): Array<{ purpose: string, kind: string }> {
    const named = CONSENT_KEYS.filter((k) => typeof input[k] === 'boolean')
    if (named.length === 0) fail('SANAD_ERR_VALIDATION', 'Name at least one purpose (storage, internalAnalysis, icc, un, national, publication, image).', { field: 'consent' })
    const today = now().slice(0, 10)
    const givenOn = input.date ?? today
    if (!isRealDate(givenOn)) fail('SANAD_ERR_DATE_INVALID', undefined, { field: 'date' })
    if (givenOn > today) fail('SANAD_ERR_DATE_INVALID', 'Consent cannot be dated in the future.', { field: 'date' })
    const history = repo.consents(row.seq)
    const at = now()
    return named.map((k) => {
      const purpose = CONSENT_PURPOSES[k]
      const granted = input[k] === true
      const previous = history.filter((h) => h.purpose === purpose).at(-1)
      const kind = consentKind(granted, previous)
      repo.insertConsent({
        personSeq: row.seq, purpose, granted, kind, givenOn,
        method: input.method ?? null, language: input.language ?? null, interpreter: input.interpreter ?? null,
        obtainedBy: input.obtainedBy ?? actor, recordedAt: at, recordedBy: actor
      })
      return { purpose, kind }
    })
  }

  const service = {
    create (incidentId: string, input: PersonInput, actor: string): Person {
      const id = randomUUID()
      const at = now()
      return deps.sqlite.transaction(() => {
        const incident = mustIncident(incidentId)
        if (incident.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        const pseudonym = formatPseudonym(input.role, repo.nextPseudonymNumber(PSEUDONYM_PREFIX[input.role]))
        const enc = (field: Exclude<IdentityField, 'name'>): string | null => input[field] === undefined ? null : encrypt(id, field, input[field])
        const row = repo.insert({
          id, incidentSeq: incident.seq, role: input.role, pseudonym,
          protected: input.protected ?? true, sensitive: input.sensitive ?? false,
          nameEnc: encrypt(id, 'name', input.name),
          aliasesEnc: enc('aliases'), contactsEnc: enc('contacts'), addressEnc: enc('address'),
          homeLocationEnc: enc('homeLocation'), notesEnc: enc('notes'),
          revision: 1, createdAt: at, createdBy: actor, updatedAt: at
        })
        deps.ledger?.append({
          type: 'person-created', actor, subject: { kind: 'person', id },
          details: { incident: incident.id, role: row.role, protected: row.protected, fields: presentFields(row) }
        })
        if (input.consent) {
          const changes = writeConsent(row, input.consent, actor)
          deps.ledger?.append({ type: 'consent-changed', actor, subject: { kind: 'person', id }, details: { changes } })
        }
        return view(row, incident)
      })()
    },

    /** Persons of an incident, by pseudonym only: a list never decrypts anything. */
    list (incidentId: string): { items: Person[] } {
      const incident = mustIncident(incidentId)
      return { items: repo.ofIncident(incident.seq).map((row) => ({ ...view(row, incident), identityWithheld: 'listing' as const })) }
    },

    /** One person; with the identity when the viewer may see it, and that reading is recorded. */
    get (id: string, viewer: Viewer, purpose?: string): Person {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const incident = incidentOf(row)
        const out = view(row, incident)
        if (!mayReadIdentity(row, incident, viewer)) return { ...out, identityWithheld: 'need-to-know' as const }
        const identity = decryptIdentity(row)
        recordAccess(row, viewer.actor, presentFields(row), purpose)
        return { ...out, identity }
      })()
    },

    update (id: string, patch: PersonPatch, actor: string): Person {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const incident = incidentOf(row)
        const values: Record<string, unknown> = {}
        const changed: string[] = []
        for (const field of IDENTITY_FIELDS) {
          const value = patch[field]
          if (value === undefined) continue
          if (value === null && field === 'name') fail('SANAD_ERR_VALIDATION', 'A person always has a name.', { field: 'name' })
          values[COLUMN[field]] = value === null ? null : encrypt(row.id, field, value)
          changed.push(field)
        }
        if (patch.protected !== undefined) { values.protected = patch.protected; changed.push('protected') }
        if (patch.sensitive !== undefined) { values.sensitive = patch.sensitive; changed.push('sensitive') }
        const revision = row.revision + 1
        repo.update(row.seq, { ...values as Partial<PersonRow>, revision, updatedAt: now() })
        deps.ledger?.append({ type: 'person-revised', actor, subject: { kind: 'person', id: row.id }, details: { revision, fields: changed.sort() } })
        return view(mustPerson(id), incident)
      })()
    },

    recordConsent (id: string, input: ConsentInput, actor: string): ConsentHistory {
      deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const changes = writeConsent(row, input, actor)
        deps.ledger?.append({ type: 'consent-changed', actor, subject: { kind: 'person', id: row.id }, details: { changes } })
      })()
      return service.consentHistory(id)
    },

    consentHistory (id: string): ConsentHistory {
      const row = mustPerson(id)
      const history = repo.consents(row.seq)
      return {
        current: consentState(history),
        history: history.map((h) => ({
          purpose: keyOfPurpose(h.purpose), granted: h.granted, kind: h.kind as ConsentHistory['history'][number]['kind'],
          date: h.givenOn, method: h.method, language: h.language ?? null, interpreter: h.interpreter,
          obtainedBy: h.obtainedBy, recordedAt: h.recordedAt, recordedBy: h.recordedBy
        }))
      }
    },

    /**
     * What of a person may go to a recipient (case files, dossiers, packages call this). Decrypts only
     * when the identity may be disclosed, and records that reading in the ledger.
     */
    /**
     * The names and aliases of an incident's persons, for removing them from free text before an
     * export (never shown). Reading them is recorded like any other identity read.
     */
    redactionTerms (incidentId: string, actor: string, purpose: string): Array<{ personId: string, pseudonym: string, terms: string[] }> {
      const incident = mustIncident(incidentId)
      return deps.sqlite.transaction(() => repo.ofIncident(incident.seq).map((row) => {
        const identity = decryptIdentity(row)
        const terms = [identity.name, ...(identity.aliases ?? [])].filter((x): x is string => typeof x === 'string' && x.trim().length > 0)
        if (terms.length > 0) recordAccess(row, actor, ['name', ...(identity.aliases?.length ? ['aliases' as const] : [])], purpose)
        return { personId: row.id, pseudonym: row.pseudonym, terms }
      }))()
    },

    discloseFor (id: string, options: Omit<DisclosureOptions, 'viewerRole' | 'viewerCleared'> & { viewer: Viewer, purpose?: string }): Disclosure {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const incident = incidentOf(row)
        const facts: PersonFacts = {
          id: row.id, pseudonym: row.pseudonym, role: row.role as PersonFacts['role'], protected: row.protected,
          needToKnow: needToKnow(row, incident), consent: consentState(repo.consents(row.seq))
        }
        const result = disclose({ ...facts, identity: () => decryptIdentity(row) }, {
          recipient: options.recipient, profile: options.profile, viewerRole: options.viewer.role,
          viewerCleared: cleared(row, incident, options.viewer)
        })
        if (result.identity) recordAccess(row, options.viewer.actor, presentFields(row), options.purpose ?? `disclosure-${options.recipient}`)
        return result
      })()
    }
  }
  return service
}

function isRealDate (value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value
}

export type PersonsService = ReturnType<typeof personsService>
