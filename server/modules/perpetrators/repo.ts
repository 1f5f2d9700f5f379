import type { Sqlite } from '../../db/open.ts'
import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/open.ts'
import { involvements, personIncidents, persons, positions } from '../../db/identity-schema.ts'
import { evidence, incidents, organisations } from '../../db/schema.ts'

export type OrganisationRow = typeof organisations.$inferSelect & { parentId: string | null }
export type PositionRow = typeof positions.$inferSelect & { personId: string; pseudonym: string; organisationId: string }
export type InvolvementRow = typeof involvements.$inferSelect & {
  incidentId: string
  personId: string | null
  pseudonym: string | null
  organisationId: string | null
}
export type PersonRef = { seq: number; id: string; pseudonym: string }

const parent = alias(organisations, 'parent_org')

/** Queries of the perpetrators' register and involvement records. Callers wrap writes in one transaction. */
export function perpetratorsRepo(db: Db) {
  const orgBase = () =>
    db
      .select({
        seq: organisations.seq,
        id: organisations.id,
        kind: organisations.kind,
        type: organisations.type,
        organ: organisations.organ,
        name: organisations.name,
        parentSeq: organisations.parentSeq,
        origin: organisations.origin,
        createdAt: organisations.createdAt,
        createdBy: organisations.createdBy,
        ledgerIndex: organisations.ledgerIndex,
        contentSha256: organisations.contentSha256,
        parentId: parent.id
      })
      .from(organisations)
      .leftJoin(parent, eq(parent.seq, organisations.parentSeq))

  const positionBase = () =>
    db
      .select({
        seq: positions.seq,
        id: positions.id,
        personSeq: positions.personSeq,
        organisationSeq: positions.organisationSeq,
        title: positions.title,
        fromDate: positions.fromDate,
        toDate: positions.toDate,
        createdAt: positions.createdAt,
        createdBy: positions.createdBy,
        ledgerIndex: positions.ledgerIndex,
        contentSha256: positions.contentSha256,
        personId: persons.id,
        pseudonym: persons.pseudonym,
        organisationId: organisations.id
      })
      .from(positions)
      .innerJoin(persons, eq(persons.seq, positions.personSeq))
      .innerJoin(organisations, eq(organisations.seq, positions.organisationSeq))

  const involvementBase = () =>
    db
      .select({
        seq: involvements.seq,
        id: involvements.id,
        incidentSeq: involvements.incidentSeq,
        personSeq: involvements.personSeq,
        organisationSeq: involvements.organisationSeq,
        mode: involvements.mode,
        category: involvements.category,
        element: involvements.element,
        periodFrom: involvements.periodFrom,
        periodTo: involvements.periodTo,
        exhibits: involvements.exhibits,
        sources: involvements.sources,
        origin: involvements.origin,
        legacyInvolvement: involvements.legacyInvolvement,
        legacyIndex: involvements.legacyIndex,
        createdAt: involvements.createdAt,
        createdBy: involvements.createdBy,
        ledgerIndex: involvements.ledgerIndex,
        contentSha256: involvements.contentSha256,
        retractedAt: involvements.retractedAt,
        retractedBy: involvements.retractedBy,
        retractionReason: involvements.retractionReason,
        retractedLedgerIndex: involvements.retractedLedgerIndex,
        incidentId: incidents.id,
        personId: persons.id,
        pseudonym: persons.pseudonym,
        organisationId: organisations.id
      })
      .from(involvements)
      .innerJoin(incidents, eq(incidents.seq, involvements.incidentSeq))
      .leftJoin(persons, eq(persons.seq, involvements.personSeq))
      .leftJoin(organisations, eq(organisations.seq, involvements.organisationSeq))

  return {
    insertOrganisation(values: typeof organisations.$inferInsert): void {
      db.insert(organisations).values(values).run()
    },
    sealOrganisation(seq: number, values: { ledgerIndex: number; contentSha256: string }): void {
      db.update(organisations).set(values).where(eq(organisations.seq, seq)).run()
    },
    organisationById: (id: string): OrganisationRow | undefined => orgBase().where(eq(organisations.id, id)).get(),
    organisationBySeq: (seq: number): OrganisationRow | undefined => orgBase().where(eq(organisations.seq, seq)).get(),
    /** The whole register, parents before their units (by seq: a unit is recorded after its parent). */
    organisations: (): OrganisationRow[] => orgBase().orderBy(asc(organisations.seq)).all(),
    unsealedOrganisations: (): OrganisationRow[] =>
      orgBase().where(isNull(organisations.contentSha256)).orderBy(asc(organisations.seq)).all(),

    insertPosition(values: typeof positions.$inferInsert): void {
      db.insert(positions).values(values).run()
    },
    positionById: (id: string): PositionRow | undefined => positionBase().where(eq(positions.id, id)).get(),
    positionsOf: (organisationSeq: number): PositionRow[] =>
      positionBase().where(eq(positions.organisationSeq, organisationSeq)).orderBy(asc(positions.seq)).all(),
    positionsOfPerson: (personSeq: number): PositionRow[] =>
      positionBase().where(eq(positions.personSeq, personSeq)).orderBy(asc(positions.seq)).all(),

    personById(id: string): PersonRef | undefined {
      return db.select({ seq: persons.seq, id: persons.id, pseudonym: persons.pseudonym }).from(persons).where(eq(persons.id, id)).get()
    },
    /** The roles a person has through its active links, with the incidents (seq) in which it has them. */
    rolesOf(personSeq: number): Array<{ role: string; incidentSeq: number }> {
      return db
        .select({ role: personIncidents.role, incidentSeq: personIncidents.incidentSeq })
        .from(personIncidents)
        .where(and(eq(personIncidents.personSeq, personSeq), isNull(personIncidents.removedAt)))
        .all()
    },
    /** Ids of the persons actively linked to an incident. */
    personIdsOf(incidentSeq: number): string[] {
      return db
        .select({ id: persons.id })
        .from(personIncidents)
        .innerJoin(persons, eq(persons.seq, personIncidents.personSeq))
        .where(and(eq(personIncidents.incidentSeq, incidentSeq), isNull(personIncidents.removedAt)))
        .all()
        .map((r) => r.id)
    },
    /** Which of these evidence ids belong to the incident, with their stable exhibit ids. */
    exhibitsOf(incidentSeq: number, ids: readonly string[]): Array<{ id: string; stableId: string | null }> {
      if (ids.length === 0) return []
      return db
        .select({ id: evidence.id, stableId: evidence.stableId })
        .from(evidence)
        .where(and(eq(evidence.incidentSeq, incidentSeq), inArray(evidence.id, [...ids])))
        .all()
    },

    insertInvolvement(values: typeof involvements.$inferInsert): void {
      db.insert(involvements).values(values).run()
    },
    markRetracted(
      seq: number,
      values: { retractedAt: string; retractedBy: string; retractionReason: string; retractedLedgerIndex: number; contentSha256: string }
    ): void {
      db.update(involvements).set(values).where(eq(involvements.seq, seq)).run()
    },
    sealInvolvement(seq: number, values: { ledgerIndex: number; contentSha256: string }): void {
      db.update(involvements).set(values).where(eq(involvements.seq, seq)).run()
    },
    involvementById: (id: string): InvolvementRow | undefined => involvementBase().where(eq(involvements.id, id)).get(),
    involvementsOf: (incidentSeq: number): InvolvementRow[] =>
      involvementBase().where(eq(involvements.incidentSeq, incidentSeq)).orderBy(asc(involvements.seq)).all(),
    unsealedInvolvements: (): InvolvementRow[] =>
      involvementBase().where(isNull(involvements.contentSha256)).orderBy(asc(involvements.seq)).all()
  }
}

export type PerpetratorsRepo = ReturnType<typeof perpetratorsRepo>

/**
 * The raw queries of sealing position titles (the migration step and key rotation run them on the bare
 * connection, before or inside another transaction). `clear`: titles not yet sealed; `sealed`: the others.
 */
export function positionTitleRepo(sqlite: Sqlite) {
  return {
    records(which: 'clear' | 'sealed') {
      const where = which === 'clear' ? "x.title NOT LIKE 'sf1:%'" : "x.title LIKE 'sf1:%'"
      return sqlite
        .prepare(
          `SELECT x.seq AS seq, x.id AS id, p.id AS person, o.id AS organisation, x.title AS title, x.from_date AS fromDate,
            x.to_date AS toDate, x.created_at AS createdAt, x.created_by AS createdBy
          FROM positions x JOIN persons p ON p.seq = x.person_seq JOIN organisations o ON o.seq = x.organisation_seq
          WHERE ${where} ORDER BY x.seq`
        )
        .all() as Array<{
        seq: number
        id: string
        person: string
        organisation: string
        title: string
        fromDate: string | null
        toDate: string | null
        createdAt: string
        createdBy: string
      }>
    },
    unsealedCount(): number {
      const has = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'positions'").get()
      if (has === undefined) return 0
      return (sqlite.prepare("SELECT count(*) AS n FROM positions WHERE title NOT LIKE 'sf1:%'").get() as { n: number }).n
    },
    setTitle(seq: number, envelope: string, contentSha256: string, ledgerIndex: number): void {
      sqlite
        .prepare('UPDATE positions SET title = ?, content_sha256 = ?, ledger_index = ? WHERE seq = ?')
        .run(envelope, contentSha256, ledgerIndex, seq)
    }
  }
}
