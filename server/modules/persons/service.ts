import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import { allows } from '../../auth/permissions.ts'
import { incidentIsNeedToKnow, mayPassNeedToKnow, mayReadIncident, type LoweringReason } from '../../lib/protection/need-to-know.ts'
import { decryptField, encryptField, fieldKey, type FieldContext, type FieldKey } from '../../lib/crypto/field-crypto.ts'
import type {
  ConsentHistory,
  ConsentInput,
  ConsentState,
  Interview,
  InterviewInput,
  Person,
  PersonIdentity,
  PersonInput,
  PersonLinkInput,
  PersonPatch,
  PersonSearch
} from '../../types/schemas.ts'
import { canonicalJson } from '../../lib/ledger/canonical-json.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { consentChangeSha256, personSnapshotSha256, type ConsentRowContent } from '../../lib/analysis/record-content.ts'
import { personLinkContentSha256 } from '../../lib/analysis/person-links.ts'
import { personSnapshotOf } from './snapshot.ts'
import { personRepo, type IncidentRef, type InterviewRow, type LinkRef, type PersonRow } from './repo.ts'
import { CONSENT_KEYS, CONSENT_PURPOSES, consentKind, consentState, keyOfPurpose } from './consent.ts'
import { disclose, disclosureDecision, type Disclosure, type DisclosureOptions, type PersonFacts } from './disclosure.ts'
import { PSEUDONYM_PREFIX, formatPseudonym } from '../../lib/text/pseudonym.ts'

export type { Viewer }

/** The identifying fields, each its own envelope: name in `name_enc`, and so on. */
export const IDENTITY_FIELDS = ['name', 'aliases', 'contacts', 'address', 'homeLocation', 'notes', 'age', 'sex', 'groups'] as const
export type IdentityField = (typeof IDENTITY_FIELDS)[number]
const COLUMN = {
  name: 'nameEnc',
  aliases: 'aliasesEnc',
  contacts: 'contactsEnc',
  address: 'addressEnc',
  homeLocation: 'homeLocationEnc',
  notes: 'notesEnc',
  age: 'ageEnc',
  sex: 'sexEnc',
  groups: 'groupsEnc'
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

export function interviewContext(interviewId: string): FieldContext {
  return { table: 'person_interviews', column: 'details', rowId: interviewId }
}

/** What an interview record seals: the input, plus a random salt so that its hash in the ledger cannot be guessed. */
type SealedInterview = Omit<InterviewInput, 'incidentId'> & { incidentId?: string; salt: string }

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

  /** The RFC 8785 hash of the person as now stored (sealed fields as envelopes): what its ledger entry records. */
  function snapshotSha256(row: PersonRow): string {
    const incident = repo.incidentBySeq(row.incidentSeq)
    return personSnapshotSha256(personSnapshotOf(row, incident?.id ?? ''))
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

  /** Every incident the person is linked to (the incident it was recorded in first). */
  function linksOf(row: PersonRow): LinkRef[] {
    const links = repo.links(row.seq)
    if (links.length === 0) throw new Error(`person ${row.id} has no incident`)
    return links
  }

  /**
   * The incidents whose readers alone may read the person: every need-to-know incident it is linked
   * to, and for a person marked sensitive every incident it is linked to.
   */
  function gates(row: PersonRow, links: LinkRef[]): IncidentRef[] {
    const incidents = links.map((l) => l.incident).filter((i) => row.sensitive || incidentIsNeedToKnow(i.document))
    return [...new Map(incidents.map((i) => [i.seq, i])).values()]
  }

  function needToKnow(row: PersonRow, links: LinkRef[]): boolean {
    return row.sensitive || links.some((l) => incidentIsNeedToKnow(l.incident.document))
  }

  /**
   * The viewer recorded the person, or may read it through every link that makes it need-to-know:
   * recorded that incident or holds a clearance for it. Being cleared for one need-to-know incident
   * never opens a person who is also in another one the viewer may not read.
   */
  function cleared(row: PersonRow, links: LinkRef[], viewer: Viewer): boolean {
    if (row.createdBy === viewer.actor) return true
    const through = gates(row, links)
    return through.length > 0 && through.every((i) => i.createdBy === viewer.actor || repo.hasClearance(viewer.userSeq, i.seq))
  }

  function mayReadIdentity(row: PersonRow, links: LinkRef[], viewer: Viewer): boolean {
    if (!allows(viewer.role, 'person:read')) return false
    return mayPassNeedToKnow(needToKnow(row, links), false, () => cleared(row, links, viewer))
  }

  function mayReadIncidentOf(incident: IncidentRef, viewer: Viewer): boolean {
    return mayReadIncident(incident, viewer.actor, () => repo.hasClearance(viewer.userSeq, incident.seq))
  }

  /**
   * Every write to a need-to-know person (identity, protection, consent) needs the right to read it:
   * otherwise an uncleared account could lower the flag and then read, or overwrite a witness's
   * contacts and record consent in her name.
   */
  function mustMayWrite(row: PersonRow, links: LinkRef[], viewer: Viewer): void {
    if (!mayReadIdentity(row, links, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
  }

  /** Adding a person to a need-to-know incident needs the same right as reading its persons. */
  function mustMayAddTo(incident: IncidentRef, viewer: Viewer): void {
    if (!mayReadIncidentOf(incident, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
  }

  /**
   * A person as seen in one of its incidents (`at`: that link; default the first). With a viewer, the
   * answer lists the person's links, leaving out need-to-know incidents the viewer may not read.
   */
  function view(row: PersonRow, links: LinkRef[], at?: { incident: IncidentRef; role: string }, viewer?: Viewer): Person {
    const here = at ?? (links[0] as LinkRef)
    return {
      id: row.id,
      pseudonym: row.pseudonym,
      role: here.role as Person['role'],
      incidentId: here.incident.id,
      protected: row.protected,
      sensitive: row.sensitive,
      needToKnow: needToKnow(row, links),
      deceased: row.deceased,
      ...(viewer
        ? {
            links: links
              .filter((l) => mayReadIncidentOf(l.incident, viewer))
              .map((l) => ({ incidentId: l.incident.id, role: l.role as Person['role'], linkedAt: l.linkedAt, linkedBy: l.linkedBy }))
          }
        : {}),
      consent: consentState(repo.consents(row.seq)),
      revision: row.revision,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  function recordAccess(
    row: PersonRow,
    actor: string,
    fields: Array<IdentityField | 'history' | 'interviews'>,
    purpose: string | undefined
  ): void {
    deps.ledger.append({
      type: 'accessed',
      actor,
      subject: { kind: 'person', id: row.id },
      details: { fields, ...(purpose ? { purpose } : {}) }
    })
  }

  /** The person is under 18 now by the age recorded at recording time (an age at the incident says nothing of now). */
  function isChild(row: PersonRow): boolean {
    if (row.ageEnc === null) return false
    const age = JSON.parse(decryptField(key, personContext(row.id, 'age'), row.ageEnc)) as NonNullable<PersonIdentity['age']>
    const upper = 'years' in age ? age.years : age.max
    return age.at === 'recording' && upper < 18
  }

  /** Appends one consent row per purpose named; returns the ledger summary (no personal data). */
  function writeConsent(
    row: PersonRow,
    input: ConsentInput,
    actor: string
  ): { changes: Array<{ purpose: string; kind: string }>; contentSha256: string } {
    const named = CONSENT_KEYS.filter((k) => typeof input[k] === 'boolean')
    if (named.length === 0)
      fail('SANAD_ERR_VALIDATION', 'Name at least one purpose (storage, internalAnalysis, icc, un, national, publication, image).', {
        field: 'consent'
      })
    const givenBy = input.givenBy ?? 'person'
    // Refusing or withdrawing is always heard; giving consent needs the right person to give it.
    const grants = named.some((k) => input[k] === true)
    if (grants && row.deceased && givenBy !== 'next-of-kin') fail('SANAD_ERR_CONSENT_NEXT_OF_KIN_REQUIRED', undefined, { field: 'givenBy' })
    if (grants && !row.deceased && isChild(row) && (givenBy !== 'guardian' || input.childAssent !== true))
      fail('SANAD_ERR_CHILD_ASSENT_REQUIRED', undefined, { field: givenBy !== 'guardian' ? 'givenBy' : 'childAssent' })
    const today = now().slice(0, 10)
    const givenOn = input.date ?? today
    if (!isRealDate(givenOn)) fail('SANAD_ERR_DATE_INVALID', undefined, { field: 'date' })
    if (givenOn > today) fail('SANAD_ERR_DATE_INVALID', 'Consent cannot be dated in the future.', { field: 'date' })
    const history = repo.consents(row.seq)
    const at = now()
    const written: ConsentRowContent[] = []
    const changes = named.map((k) => {
      const purpose = CONSENT_PURPOSES[k]
      const granted = input[k] === true
      const previous = history.filter((h) => h.purpose === purpose).at(-1)
      const kind = consentKind(granted, previous)
      const values: ConsentRowContent = {
        purpose,
        granted,
        kind,
        givenOn,
        method: input.method ?? null,
        language: input.language ?? null,
        interpreter: input.interpreter ?? null,
        givenBy,
        childAssent: input.childAssent ?? null,
        obtainedBy: input.obtainedBy ?? actor,
        recordedAt: at,
        recordedBy: actor
      }
      repo.insertConsent({ personSeq: row.seq, ...values })
      written.push(values)
      return { purpose, kind }
    })
    return { changes, contentSha256: consentChangeSha256(row.id, written) }
  }

  /** The `consent-changed` entry: purposes and kinds, and who gave it when not the person (closed words only). */
  function consentEntry(
    row: PersonRow,
    input: ConsentInput,
    { changes, contentSha256 }: { changes: Array<{ purpose: string; kind: string }>; contentSha256: string },
    actor: string
  ): void {
    deps.ledger.append({
      type: 'consent-changed',
      actor,
      subject: { kind: 'person', id: row.id },
      details: {
        changes,
        contentSha256,
        ...(input.givenBy && input.givenBy !== 'person' ? { givenBy: input.givenBy } : {}),
        ...(input.childAssent !== undefined ? { childAssent: input.childAssent } : {})
      }
    })
  }

  function interviewView(row: PersonRow, i: InterviewRow): Interview {
    const { salt: _salt, ...details } = JSON.parse(decryptField(key, interviewContext(i.id), i.detailsEnc)) as SealedInterview
    return { id: i.id, personId: row.id, ...details, recordedAt: i.recordedAt, recordedBy: i.recordedBy, contentSha256: i.contentSha256 }
  }

  const service = {
    create(incidentId: string, input: PersonInput, viewer: Viewer): Person {
      return service.createOnce(incidentId, input, viewer).person
    },

    /**
     * Records a person once per client id: the same account repeating a POST with the same
     * `clientId` (a retry after a lost answer) is answered the person already recorded, `created:
     * false`; the same clientId used for another incident is 409 SANAD_ERR_CLIENT_ID_REUSED. Looked
     * up by creator and client id: another account's clientId never finds their person.
     */
    createOnce(incidentId: string, input: PersonInput, viewer: Viewer): { person: Person; created: boolean } {
      mustAgeRange(input.age)
      const id = randomUUID()
      const at = now()
      const actor = viewer.actor
      return deps.sqlite.transaction(() => {
        const incident = mustIncident(incidentId)
        mustMayAddTo(incident, viewer)
        if (input.clientId !== undefined) {
          const kept = repo.byClientId(actor, input.clientId)
          if (kept) {
            if (kept.incidentSeq !== incident.seq) fail('SANAD_ERR_CLIENT_ID_REUSED', undefined, { field: 'clientId' })
            return { person: view(kept, repo.links(kept.seq), undefined, viewer), created: false }
          }
        }
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
          ageEnc: enc('age'),
          sexEnc: enc('sex'),
          groupsEnc: enc('groups'),
          deceased: input.deceased ?? false,
          revision: 1,
          createdAt: at,
          createdBy: actor,
          updatedAt: at,
          clientId: input.clientId ?? null
        })
        repo.insertLink({ personSeq: row.seq, incidentSeq: incident.seq, role: input.role, linkedAt: at, linkedBy: actor })
        const contentSha256 = personSnapshotSha256(personSnapshotOf(row, incident.id))
        const linkSha256 = personLinkContentSha256({ person: id, incident: incident.id, role: input.role, linkedAt: at, linkedBy: actor })
        deps.ledger.append({
          type: 'person-created',
          actor,
          subject: { kind: 'person', id, sha256: contentSha256 },
          details: {
            incident: incident.id,
            role: row.role,
            protected: row.protected,
            ...(row.deceased ? { deceased: true } : {}),
            fields: presentFields(row),
            contentSha256,
            linkSha256
          }
        })
        const links = repo.links(row.seq)
        if (input.consent) consentEntry(row, input.consent, writeConsent(row, input.consent, actor), actor)
        return { person: view(row, links, undefined, viewer), created: true }
      })()
    },

    /**
     * Links a person already recorded to another incident (or the same one in another role): one person,
     * one pseudonym. Needs the right to read the person and the incident: otherwise an ordinary account
     * could link a protected witness into an incident of its own and read her there.
     */
    link(incidentId: string, input: PersonLinkInput, viewer: Viewer): Person {
      return deps.sqlite.transaction(() => {
        const incident = mustIncident(incidentId)
        mustMayAddTo(incident, viewer)
        const row = mustPerson(input.personId)
        const links = linksOf(row)
        mustMayWrite(row, links, viewer)
        if (incident.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        if (links.some((l) => l.incident.seq === incident.seq && l.role === input.role)) fail('SANAD_ERR_PERSON_ALREADY_LINKED')
        const at = now()
        repo.insertLink({ personSeq: row.seq, incidentSeq: incident.seq, role: input.role, linkedAt: at, linkedBy: viewer.actor })
        deps.ledger.append({
          type: 'person-linked',
          actor: viewer.actor,
          subject: { kind: 'person', id: row.id },
          details: {
            incident: incident.id,
            role: input.role,
            linkSha256: personLinkContentSha256({
              person: row.id,
              incident: incident.id,
              role: input.role,
              linkedAt: at,
              linkedBy: viewer.actor
            })
          }
        })
        return view(row, linksOf(row), { incident, role: input.role }, viewer)
      })()
    },

    /**
     * Persons found by pseudonym (a prefix, or the whole): each with its roles and the incidents the
     * viewer may read, nothing decrypted. A person is left out entirely (not even its existence shows)
     * when none of its incidents is readable, or when it is need-to-know (sensitive, or linked to a
     * need-to-know incident) and the viewer may not pass that: a search never opens more than the
     * person's own page would.
     */
    search(pseudonym: string, limit: number, viewer: Viewer): PersonSearch {
      const prefix = pseudonym.toUpperCase()
      const items: PersonSearch['items'] = []
      const BATCH = 200
      let after = 0
      for (;;) {
        const rows = repo.pseudonymBatch(prefix, after, BATCH)
        for (const row of rows) {
          const links = repo.links(row.seq)
          const readable = links.filter((l) => mayReadIncidentOf(l.incident, viewer))
          if (readable.length === 0) continue
          if (!mayPassNeedToKnow(needToKnow(row, links), false, () => cleared(row, links, viewer))) continue
          const incidents = readable.map((l) => ({
            incidentId: l.incident.id,
            reference: l.incident.reference,
            role: l.role as Person['role']
          }))
          items.push({ id: row.id, pseudonym: row.pseudonym, roles: [...new Set(incidents.map((x) => x.role))], incidents })
          if (items.length === limit) break
        }
        if (items.length === limit || rows.length < BATCH) break
        after = (rows.at(-1) as PersonRow).seq
      }
      // The whole pseudonym first, then in number order.
      return { items: items.sort((a, b) => Number(b.pseudonym === prefix) - Number(a.pseudonym === prefix)) }
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
      return {
        items: repo
          .ofIncident(incident.seq)
          .map(({ row, role }) => ({ ...view(row, linksOf(row), { incident, role }), identityWithheld: 'listing' as const }))
      }
    },

    /**
     * Sex and age of the victims of these incidents, for a pattern's counts (#18): only the two
     * fields, never returned to a reader as a person's; the caller gives only incidents its reader
     * may read, so a need-to-know incident counts nowhere for the uncleared.
     */
    victimFacts(incidentSeqs: readonly number[]): Array<{ personId: string; sex?: string; age?: PersonIdentity['age'] }> {
      return incidentSeqs.flatMap((seq) =>
        repo
          .ofIncident(seq)
          .filter((x) => x.role === 'victim')
          .map(({ row }) => ({
            personId: row.id,
            ...(row.sexEnc === null ? {} : { sex: JSON.parse(decryptField(key, personContext(row.id, 'sex'), row.sexEnc)) as string }),
            ...(row.ageEnc === null
              ? {}
              : { age: JSON.parse(decryptField(key, personContext(row.id, 'age'), row.ageEnc)) as PersonIdentity['age'] })
          }))
      )
    },

    /** One person; with the identity when the viewer may see it, and that reading is recorded. */
    get(id: string, viewer: Viewer, purpose?: string): Person {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const links = linksOf(row)
        const out = view(row, links, undefined, viewer)
        if (!mayReadIdentity(row, links, viewer)) return { ...out, identityWithheld: 'need-to-know' as const }
        const identity = decryptIdentity(row)
        recordAccess(row, viewer.actor, presentFields(row), purpose)
        return { ...out, identity }
      })()
    },

    update(id: string, patch: PersonPatch, viewer: Viewer): Person {
      mustAgeRange(patch.age)
      const actor = viewer.actor
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const links = linksOf(row)
        mustMayWrite(row, links, viewer)
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
        if (patch.deceased !== undefined) {
          values.deceased = patch.deceased
          changed.push('deceased')
        }
        repo.update(row.seq, { ...(values as Partial<PersonRow>), revision, updatedAt: at })
        const contentSha256 = snapshotSha256(mustPerson(id))
        deps.ledger.append({
          type: 'person-revised',
          actor,
          subject: { kind: 'person', id: row.id, sha256: contentSha256 },
          details: { revision, fields: changed.sort(), contentSha256, ...(lowers ? { loweringReason: patch.loweringReason } : {}) }
        })
        return view(mustPerson(id), links, undefined, viewer)
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
        const contentSha256 = snapshotSha256(mustPerson(id))
        deps.ledger.append({
          type: 'person-revised',
          actor: viewer.actor,
          subject: { kind: 'person', id: row.id, sha256: contentSha256 },
          details: { revision, fields: fields.sort(), loweringReason: input.loweringReason, contentSha256 }
        })
      })()
    },

    /** Earlier values of the identifying fields, for whom may read the identity; the reading is recorded. */
    identityHistory(id: string, viewer: Viewer, purpose?: string): { items: IdentityHistoryItem[] } {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        if (!mayReadIdentity(row, linksOf(row), viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
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
        mustMayWrite(row, linksOf(row), viewer)
        consentEntry(row, input, writeConsent(row, input, actor), actor)
      })()
      return service.consentHistory(id, viewer)
    },

    /** Consent history names who obtained it and how: for a need-to-know person, cleared readers only. */
    consentHistory(id: string, viewer: Viewer): ConsentHistory {
      const row = mustPerson(id)
      if (!mayReadIdentity(row, linksOf(row), viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
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
          givenBy: (h.givenBy ?? 'person') as ConsentHistory['history'][number]['givenBy'],
          childAssent: h.childAssent ?? null,
          obtainedBy: h.obtainedBy,
          recordedAt: h.recordedAt,
          recordedBy: h.recordedBy
        }))
      }
    },

    /**
     * Records an interview, sealed like the identity. The ledger gets its id and the hash of its sealed
     * content only. When the person was interviewed before, the answer warns (ALREADY_INTERVIEWED): every
     * new interview risks re-traumatising a survivor, so the earlier ones should be read first.
     */
    recordInterview(id: string, input: InterviewInput, viewer: Viewer): Interview {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const links = linksOf(row)
        mustMayWrite(row, links, viewer)
        if (input.incidentId !== undefined && !links.some((l) => l.incident.id === input.incidentId))
          fail('SANAD_ERR_VALIDATION', 'The person is not linked to that incident.', { field: 'incidentId' })
        if (!isRealDate(input.date)) fail('SANAD_ERR_DATE_INVALID', undefined, { field: 'date' })
        if (input.date > now().slice(0, 10))
          fail('SANAD_ERR_DATE_INVALID', 'An interview cannot be dated in the future.', { field: 'date' })
        const previous = repo.interviews(row.seq).length
        const interviewId = randomUUID()
        const sealed: SealedInterview = { ...input, salt: randomBytes(16).toString('hex') }
        const plain = canonicalJson(sealed)
        const contentSha256 = createHash('sha256').update(plain).digest('hex')
        const at = now()
        const record = {
          id: interviewId,
          personSeq: row.seq,
          detailsEnc: encryptField(key, interviewContext(interviewId), plain.toString('utf8')),
          contentSha256,
          recordedAt: at,
          recordedBy: viewer.actor
        }
        repo.insertInterview(record)
        deps.ledger.append({
          type: 'interview-recorded',
          actor: viewer.actor,
          subject: { kind: 'person', id: row.id },
          details: { interview: interviewId, contentSha256, previous, ...(input.incidentId ? { incident: input.incidentId } : {}) }
        })
        const out = interviewView(row, { ...record, seq: 0 })
        if (previous === 0) return out
        return {
          ...out,
          warnings: [
            {
              code: 'ALREADY_INTERVIEWED' as const,
              message: `This person was already interviewed ${previous} time(s): read the earlier interviews before interviewing again, to avoid re-traumatisation.`,
              previous
            }
          ]
        }
      })()
    },

    /** A person's interviews, oldest first, for whom may read the identity; the reading is recorded. */
    interviews(id: string, viewer: Viewer, purpose?: string): { items: Interview[] } {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        if (!mayReadIdentity(row, linksOf(row), viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
        const items = repo.interviews(row.seq).map((i) => interviewView(row, i))
        if (items.length > 0) recordAccess(row, viewer.actor, ['interviews'], purpose)
        return { items }
      })()
    },

    /**
     * The names and aliases of an incident's persons, for removing them from free text before an
     * export (never shown). Reading them is recorded like any other identity read.
     */
    redactionTerms(incidentId: string, actor: string, purpose: string): Array<{ personId: string; pseudonym: string; terms: string[] }> {
      const incident = mustIncident(incidentId)
      const seen = new Set<number>()
      return deps.sqlite.transaction(() =>
        repo.ofIncident(incident.seq).flatMap(({ row }) => {
          // A person linked in two roles is one set of names.
          if (seen.has(row.seq)) return []
          seen.add(row.seq)
          const identity = decryptIdentity(row)
          const terms = [identity.name, ...(identity.aliases ?? [])].filter(
            (x): x is string => typeof x === 'string' && x.trim().length > 0
          )
          if (terms.length > 0) recordAccess(row, actor, ['name', ...(identity.aliases?.length ? ['aliases' as const] : [])], purpose)
          return [{ personId: row.id, pseudonym: row.pseudonym, terms }]
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
      const links = linksOf(row)
      const consent = consentState(repo.consents(row.seq))
      const facts: PersonFacts = {
        id: row.id,
        pseudonym: row.pseudonym,
        role: row.role as PersonFacts['role'],
        protected: row.protected,
        needToKnow: needToKnow(row, links),
        consent
      }
      const decision = disclosureDecision(facts, {
        recipient: options.recipient,
        profile: options.profile,
        viewerRole: options.viewer.role,
        viewerCleared: cleared(row, links, options.viewer)
      })
      return {
        incidentId: (links[0] as LinkRef).incident.id,
        named: decision.include && decision.identity,
        needToKnow: facts.needToKnow,
        consent
      }
    },

    /** A person's consent now, per purpose (no identity, nothing recorded). */
    consentOf(id: string): ConsentState {
      return consentState(repo.consents(mustPerson(id).seq))
    },

    /** The viewer may read this person's identity (need-to-know and role applied). */
    identityReadableBy(id: string, viewer: Viewer): boolean {
      const row = mustPerson(id)
      return mayReadIdentity(row, linksOf(row), viewer)
    },

    discloseFor(
      id: string,
      options: Omit<DisclosureOptions, 'viewerRole' | 'viewerCleared'> & { viewer: Viewer; purpose?: string }
    ): Disclosure {
      return deps.sqlite.transaction(() => {
        const row = mustPerson(id)
        const links = linksOf(row)
        const facts: PersonFacts = {
          id: row.id,
          pseudonym: row.pseudonym,
          role: row.role as PersonFacts['role'],
          protected: row.protected,
          needToKnow: needToKnow(row, links),
          consent: consentState(repo.consents(row.seq))
        }
        const result = disclose(
          { ...facts, identity: () => decryptIdentity(row) },
          {
            recipient: options.recipient,
            profile: options.profile,
            viewerRole: options.viewer.role,
            viewerCleared: cleared(row, links, options.viewer)
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

function mustAgeRange(age: PersonIdentity['age'] | null | undefined): void {
  if (age && 'min' in age && age.min > age.max) fail('SANAD_ERR_VALIDATION', 'An age range goes from min up to max.', { field: 'age' })
}

function isRealDate(value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value
}

export type PersonsService = ReturnType<typeof personsService>
