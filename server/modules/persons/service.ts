import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import { allows } from '../../auth/permissions.ts'
import { incidentIsNeedToKnow, mayPassNeedToKnow, mayReadIncident, type LoweringReason } from '../../lib/protection/need-to-know.ts'
import { decryptField, encryptField, fieldKey, type FieldContext, type FieldKey } from '../../lib/crypto/field-crypto.ts'
import type { ConsentHistory, ConsentInput, ConsentState, Person, PersonIdentity, PersonInput, PersonPatch } from '../../types/schemas.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { personRepo, type IncidentRef, type PersonRow } from './repo.ts'
import { CONSENT_KEYS, CONSENT_PURPOSES, consentKind, consentState, keyOfPurpose } from './consent.ts'
import { disclose, disclosureDecision, type Disclosure, type DisclosureOptions, type PersonFacts } from './disclosure.ts'
import { PSEUDONYM_PREFIX, formatPseudonym } from '../../lib/text/pseudonym.ts'

export type { Viewer }

/** The identifying fields, each its own envelope: name in `name_enc`, and so on. */
export const IDENTITY_FIELDS = ['name', 'aliases', 'contacts', 'address', 'homeLocation', 'notes'] as const
export type IdentityField = (typeof IDENTITY_FIELDS)[number]
const COLUMN = {
  name: 'nameEnc',
  aliases: 'aliasesEnc',
  contacts: 'contactsEnc',
  address: 'addressEnc',
  homeLocation: 'homeLocationEnc',
  notes: 'notesEnc'
} as const satisfies Record<IdentityField, keyof PersonRow>

export type PersonsDeps = {
  db: Db
  sqlite: Sqlite
  master: Buffer
  ledger: LedgerAppend
  now?: () => Date
}

/** An earlier value of an identifying field, as shown to a reader who may read the identity. */
export type IdentityHistoryItem = {
  field: IdentityField
  value: unknown
  replacedInRevision: number
  replacedAt: string
  replacedBy: string
}

export function personContext(personId: string, field: IdentityField): FieldContext {
  return { table: 'persons', column: field, rowId: personId }
}

function historyContext(historyId: string): FieldContext {
  return { table: 'person_identity_history', column: 'value', rowId: historyId }
}

/**
 * Persons linked to incidents, their consent and the reading of their identities. Identifying fields
 * are encrypted field by field; every response that carries a decrypted identity is recorded in the
 * custody ledger (`accessed`) in the same transaction that reads it.
 */
export function personsService(deps: PersonsDeps) {
  const repo = personRepo(deps.db)
  const key: FieldKey = fieldKey(deps.master)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function encrypt(personId: string, field: IdentityField, value: unknown): string {
    return encryptField(key, personContext(personId, field), JSON.stringify(value))
  }

  function decryptIdentity(row: PersonRow): PersonIdentity {
    const identity: Record<string, unknown> = {}
    for (const field of IDENTITY_FIELDS) {
      const envelope = row[COLUMN[field]]
      if (envelope !== null) identity[field] = JSON.parse(decryptField(key, personContext(row.id, field), envelope))
    }
    return identity as unknown as PersonIdentity
  }

  function presentFields(row: PersonRow): IdentityField[] {
    return IDENTITY_FIELDS.filter((f) => row[COLUMN[f]] !== null)
  }

  function mustIncident(incidentId: string): IncidentRef {
    const incident = repo.incidentById(incidentId)
    if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return incident
  }

  function mustPerson(id: string): PersonRow {
    const row = repo.byId(id)
    if (!row) fail('SANAD_ERR_PERSON_NOT_FOUND')
    return row
  }

  function incidentOf(row: PersonRow): IncidentRef {
    const incident = repo.incidentBySeq(row.incidentSeq)
    if (!incident) throw new Error(`person ${row.id} has no incident`)
    return incident
  }

  function needToKnow(row: PersonRow, incident: IncidentRef): boolean {
    return row.sensitive || incidentIsNeedToKnow(incident.document)
  }

  /** The viewer recorded the person or its incident, or holds a clearance for the incident. */
  function cleared(row: PersonRow, incident: IncidentRef, viewer: Viewer): boolean {
    return row.createdBy === viewer.actor || incident.createdBy === viewer.actor || repo.hasClearance(viewer.userSeq, incident.seq)
  }

  function mayReadIdentity(row: PersonRow, incident: IncidentRef, viewer: Viewer): boolean {
    if (!allows(viewer.role, 'person:read')) return false
    return mayPassNeedToKnow(needToKnow(row, incident), false, () => cleared(row, incident, viewer))
  }

  /**
   * Every write to a need-to-know person (identity, protection, consent) needs the right to read it:
   * otherwise an uncleared account could lower the flag and then read, or overwrite a witness's
   * contacts and record consent in her name.
   */
  function mustMayWrite(row: PersonRow, incident: IncidentRef, viewer: Viewer): void {
    if (!mayReadIdentity(row, incident, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
  }

  /** Adding a person to a need-to-know incident needs the same right as reading its persons. */
  function mustMayAddTo(incident: IncidentRef, viewer: Viewer): void {
    if (!mayReadIncident(incident, viewer.actor, () => repo.hasClearance(viewer.userSeq, incident.seq))) fail('SANAD_ERR_NEED_TO_KNOW')
  }

  function view(row: PersonRow, incident: IncidentRef): Person {
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

  function recordAccess(row: PersonRow, actor: string, fields: Array<IdentityField | 'history'>, purpose: string | undefined): void {
    deps.ledger.append({
      type: 'accessed',
      actor,
      subject: { kind: 'person', id: row.id },
      details: { fields, ...(purpose ? { purpose } : {}) }
    })
  }

  /** Appends one consent row per purpose named; returns the ledger summary (no personal data). */
  function writeConsent(row: PersonRow, input: ConsentInput, actor: string): Array<{ purpose: string; kind: string }> {
    const named = CONSENT_KEYS.filter((k) => typeof input[k] === 'boolean')
    if (named.length === 0)
      fail('SANAD_ERR_VALIDATION', 'Name at least one purpose (storage, internalAnalysis, icc, un, national, publication, image).', {
        field: 'consent'
      })
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
        personSeq: row.seq,
        purpose,
        granted,
        kind,
        givenOn,
        method: input.method ?? null,
        language: input.language ?? null,
        interpreter: input.interpreter ?? null,
        obtainedBy: input.obtainedBy ?? actor,
        recordedAt: at,
        recordedBy: actor
      })
      return { purpose, kind }
    })
  }

  const service = {
    create(incidentId: string, input: PersonInput, viewer: Viewer): Person {
      const id = randomUUID()
      const at = now()
      const actor = viewer.actor
      return deps.sqlite.transaction(() => {
        const incident = mustIncident(incidentId)
        mustMayAddTo(incident, viewer)
        if (incident.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        const pseudonym = formatPseudonym(input.role, repo.nextPseudonymNumber(PSEUDONYM_PREFIX[input.role]))
        const enc = (field: Exclude<IdentityField, 'name'>): string | null =>
          input[field] === undefined ? null : encrypt(id, field, input[field])
        const row = repo.insert({
          id,
          incidentSeq: incident.seq,
          role: input.role,
          pseudonym,
          protected: input.protected ?? true,
          sensitive: input.sensitive ?? false,
          nameEnc: encrypt(id, 'name', input.name),
          aliasesEnc: enc('aliases'),
          contactsEnc: enc('contacts'),
          addressEnc: enc('address'),
          homeLocationEnc: enc('homeLocation'),
          notesEnc: enc('notes'),
          revision: 1,
          createdAt: at,
          createdBy: actor,
          updatedAt: at
        })
        deps.ledger.append({
          type: 'person-created',
          actor,
          subject: { kind: 'person', id },
          details: { incident: incident.id, role: row.role, protected: row.protected, fields: presentFields(row) }
        })
        if (input.consent) {
          const changes = writeConsent(row, input.consent, actor)
          deps.ledger.append({ type: 'consent-changed', actor, subject: { kind: 'person', id }, details: { changes } })
        }
        return view(row, incident)
      })()
    },

    /**
     * Persons of an incident, by pseudonym only: a list never decrypts anything. For a need-to-know
     * incident even the list is for cleared readers: roles and consent say too much.
     */
    list(incidentId: string, viewer: Viewer): { items: Person[] } {
      mustMayAddTo(mustIncident(incidentId), viewer)
      return service.pseudonymsOf(incidentId)
    },

    /** The same list for the export pipeline, which applies disclosure itself (discloseFor). */
    pseudonymsOf(incidentId: string): { items: Person[] } {
      const incident = mustIncident(incidentId)
      return { items: repo.ofIncident(incident.seq).map((row) => ({ ...view(row, incident), identityWithheld: 'listing' as const })) }
    },

    /** One person; with the identity when the viewer may see it, and that reading is recorded. */
    get(id: string, viewer: Viewer, purpose?: string): Person {
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

    update(id: string, patch: PersonPatch, viewer: Viewer): Person {
      const actor = viewer.actor
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const incident = incidentOf(row)
        mustMayWrite(row, incident, viewer)
        const lowers = (patch.sensitive === false && row.sensitive) || (patch.protected === false && row.protected)
        if (lowers && patch.loweringReason === undefined) {
          fail('SANAD_ERR_VALIDATION', 'Lowering sensitive or protected needs a loweringReason.', { field: 'loweringReason' })
        }
        const at = now()
        const revision = row.revision + 1
        const values: Record<string, unknown> = {}
        const changed: string[] = []
        for (const field of IDENTITY_FIELDS) {
          const value = patch[field]
          if (value === undefined) continue
          if (value === null && field === 'name') fail('SANAD_ERR_VALIDATION', 'A person always has a name.', { field: 'name' })
          const before = row[COLUMN[field]]
          // The value being replaced is kept, encrypted like the current one: a correction never erases.
          if (before !== null) {
            const historyId = randomUUID()
            const plain = decryptField(key, personContext(row.id, field), before)
            repo.insertIdentityHistory({
              id: historyId,
              personSeq: row.seq,
              field,
              replacedInRevision: revision,
              valueEnc: encryptField(key, historyContext(historyId), plain),
              replacedAt: at,
              replacedBy: actor
            })
          }
          values[COLUMN[field]] = value === null ? null : encrypt(row.id, field, value)
          changed.push(field)
        }
        if (patch.protected !== undefined) {
          values.protected = patch.protected
          changed.push('protected')
        }
        if (patch.sensitive !== undefined) {
          values.sensitive = patch.sensitive
          changed.push('sensitive')
        }
        repo.update(row.seq, { ...(values as Partial<PersonRow>), revision, updatedAt: at })
        deps.ledger.append({
          type: 'person-revised',
          actor,
          subject: { kind: 'person', id: row.id },
          details: { revision, fields: changed.sort(), ...(lowers ? { loweringReason: patch.loweringReason } : {}) }
        })
        return view(mustPerson(id), incident)
      })()
    },

    /**
     * An admin lowers need-to-know or protection without reading the identity (admins see no records):
     * only `sensitive: false` / `protected: false` with a reason from the closed list; nothing is shown.
     */
    lowerByAdmin(id: string, input: { sensitive?: false; protected?: false; loweringReason: LoweringReason }, viewer: Viewer): void {
      if (viewer.role !== 'admin') fail('SANAD_ERR_FORBIDDEN')
      if (input.sensitive === undefined && input.protected === undefined)
        fail('SANAD_ERR_VALIDATION', 'Name sensitive or protected to lower.', { field: 'sensitive' })
      deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const values: Partial<PersonRow> = {}
        const fields: string[] = []
        if (input.sensitive === false && row.sensitive) {
          values.sensitive = false
          fields.push('sensitive')
        }
        if (input.protected === false && row.protected) {
          values.protected = false
          fields.push('protected')
        }
        if (fields.length === 0) return
        const revision = row.revision + 1
        repo.update(row.seq, { ...values, revision, updatedAt: now() })
        deps.ledger.append({
          type: 'person-revised',
          actor: viewer.actor,
          subject: { kind: 'person', id: row.id },
          details: { revision, fields: fields.sort(), loweringReason: input.loweringReason }
        })
      })()
    },

    /** Earlier values of the identifying fields, for whom may read the identity; the reading is recorded. */
    identityHistory(id: string, viewer: Viewer, purpose?: string): { items: IdentityHistoryItem[] } {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const incident = incidentOf(row)
        if (!mayReadIdentity(row, incident, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
        const items = repo.identityHistory(row.seq).map((h) => ({
          field: h.field as IdentityField,
          value: JSON.parse(decryptField(key, historyContext(h.id), h.valueEnc)) as unknown,
          replacedInRevision: h.replacedInRevision,
          replacedAt: h.replacedAt,
          replacedBy: h.replacedBy
        }))
        if (items.length > 0) recordAccess(row, viewer.actor, ['history'], purpose)
        return { items }
      })()
    },

    recordConsent(id: string, input: ConsentInput, viewer: Viewer): ConsentHistory {
      const actor = viewer.actor
      deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        mustMayWrite(row, incidentOf(row), viewer)
        const changes = writeConsent(row, input, actor)
        deps.ledger.append({ type: 'consent-changed', actor, subject: { kind: 'person', id: row.id }, details: { changes } })
      })()
      return service.consentHistory(id, viewer)
    },

    /** Consent history names who obtained it and how: for a need-to-know person, cleared readers only. */
    consentHistory(id: string, viewer: Viewer): ConsentHistory {
      const row = mustPerson(id)
      if (!mayReadIdentity(row, incidentOf(row), viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
      const history = repo.consents(row.seq)
      return {
        current: consentState(history),
        history: history.map((h) => ({
          purpose: keyOfPurpose(h.purpose),
          granted: h.granted,
          kind: h.kind as ConsentHistory['history'][number]['kind'],
          date: h.givenOn,
          method: h.method,
          language: h.language ?? null,
          interpreter: h.interpreter,
          obtainedBy: h.obtainedBy,
          recordedAt: h.recordedAt,
          recordedBy: h.recordedBy
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
    redactionTerms(incidentId: string, actor: string, purpose: string): Array<{ personId: string; pseudonym: string; terms: string[] }> {
      const incident = mustIncident(incidentId)
      return deps.sqlite.transaction(() =>
        repo.ofIncident(incident.seq).map((row) => {
          const identity = decryptIdentity(row)
          const terms = [identity.name, ...(identity.aliases ?? [])].filter(
            (x): x is string => typeof x === 'string' && x.trim().length > 0
          )
          if (terms.length > 0) recordAccess(row, actor, ['name', ...(identity.aliases?.length ? ['aliases' as const] : [])], purpose)
          return { personId: row.id, pseudonym: row.pseudonym, terms }
        })
      )()
    },

    /**
     * What a dossier's right to be handed out rests on, for one person: whether it names them (the
     * decision alone, nothing decrypted or recorded), need-to-know, and their consent now.
     */
    disclosureBasis(
      id: string,
      options: Omit<DisclosureOptions, 'viewerRole' | 'viewerCleared'> & { viewer: Viewer }
    ): { incidentId: string; named: boolean; needToKnow: boolean; consent: ConsentState } {
      const row = mustPerson(id)
      const incident = incidentOf(row)
      const consent = consentState(repo.consents(row.seq))
      const facts: PersonFacts = {
        id: row.id,
        pseudonym: row.pseudonym,
        role: row.role as PersonFacts['role'],
        protected: row.protected,
        needToKnow: needToKnow(row, incident),
        consent
      }
      const decision = disclosureDecision(facts, {
        recipient: options.recipient,
        profile: options.profile,
        viewerRole: options.viewer.role,
        viewerCleared: cleared(row, incident, options.viewer)
      })
      return { incidentId: incident.id, named: decision.include && decision.identity, needToKnow: facts.needToKnow, consent }
    },

    /** A person's consent now, per purpose (no identity, nothing recorded). */
    consentOf(id: string): ConsentState {
      return consentState(repo.consents(mustPerson(id).seq))
    },

    /** The viewer may read this person's identity (need-to-know and role applied). */
    identityReadableBy(id: string, viewer: Viewer): boolean {
      const row = mustPerson(id)
      return mayReadIdentity(row, incidentOf(row), viewer)
    },

    discloseFor(
      id: string,
      options: Omit<DisclosureOptions, 'viewerRole' | 'viewerCleared'> & { viewer: Viewer; purpose?: string }
    ): Disclosure {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const incident = incidentOf(row)
        const facts: PersonFacts = {
          id: row.id,
          pseudonym: row.pseudonym,
          role: row.role as PersonFacts['role'],
          protected: row.protected,
          needToKnow: needToKnow(row, incident),
          consent: consentState(repo.consents(row.seq))
        }
        const result = disclose(
          { ...facts, identity: () => decryptIdentity(row) },
          {
            recipient: options.recipient,
            profile: options.profile,
            viewerRole: options.viewer.role,
            viewerCleared: cleared(row, incident, options.viewer)
          }
        )
        if (result.identity)
          recordAccess(row, options.viewer.actor, presentFields(row), options.purpose ?? `disclosure-${options.recipient}`)
        return result
      })()
    }
  }
  return service
}

function isRealDate(value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value
}

export type PersonsService = ReturnType<typeof personsService>
