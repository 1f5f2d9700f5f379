import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { evidence, evidenceDerivatives, incidents } from '../../db/schema.ts'
import { evidenceDepicts, personIncidents, persons } from '../../db/identity-schema.ts'

/** The exhibit a link or a derivative is about, with what need-to-know is decided by (its incident). */
export type ExhibitRef = {
  seq: number
  id: string
  sha256: string
  mediaType: string
  stableId: string | null
  incidentSeq: number
  incidentId: string
  incidentDocument: unknown
  incidentCreatedBy: string
  incidentRetractedAt: string | null
}

export type DepictsRow = typeof evidenceDepicts.$inferSelect & { evidenceId: string; personId: string; pseudonym: string }

const depictsColumns = {
  seq: evidenceDepicts.seq,
  id: evidenceDepicts.id,
  evidenceSeq: evidenceDepicts.evidenceSeq,
  personSeq: evidenceDepicts.personSeq,
  createdAt: evidenceDepicts.createdAt,
  createdBy: evidenceDepicts.createdBy,
  ledgerIndex: evidenceDepicts.ledgerIndex,
  removedAt: evidenceDepicts.removedAt,
  removedBy: evidenceDepicts.removedBy,
  removedLedgerIndex: evidenceDepicts.removedLedgerIndex,
  contentSha256: evidenceDepicts.contentSha256,
  evidenceId: evidence.id,
  personId: persons.id,
  pseudonym: persons.pseudonym
}

export type DerivativeRow = typeof evidenceDerivatives.$inferSelect

/** Queries of depicts links and derivatives. Callers wrap writes in one transaction. */
export function depictsRepo(db: Db) {
  const depictsBase = () =>
    db
      .select(depictsColumns)
      .from(evidenceDepicts)
      .innerJoin(evidence, eq(evidence.seq, evidenceDepicts.evidenceSeq))
      .innerJoin(persons, eq(persons.seq, evidenceDepicts.personSeq))
  return {
    exhibit(id: string): ExhibitRef | undefined {
      return db
        .select({
          seq: evidence.seq,
          id: evidence.id,
          sha256: evidence.sha256,
          mediaType: evidence.mediaType,
          stableId: evidence.stableId,
          incidentSeq: evidence.incidentSeq,
          incidentId: incidents.id,
          incidentDocument: incidents.document,
          incidentCreatedBy: incidents.createdBy,
          incidentRetractedAt: incidents.retractedAt
        })
        .from(evidence)
        .innerJoin(incidents, eq(incidents.seq, evidence.incidentSeq))
        .where(eq(evidence.id, id))
        .get()
    },
    person: (id: string): { seq: number; id: string; pseudonym: string } | undefined =>
      db.select({ seq: persons.seq, id: persons.id, pseudonym: persons.pseudonym }).from(persons).where(eq(persons.id, id)).get(),
    /** The person is linked (now) to the incident, in any role. */
    inIncident(personSeq: number, incidentSeq: number): boolean {
      const first = db
        .select({ seq: persons.seq })
        .from(persons)
        .where(and(eq(persons.seq, personSeq), eq(persons.incidentSeq, incidentSeq)))
        .get()
      if (first) return true
      return (
        db
          .select({ seq: personIncidents.seq })
          .from(personIncidents)
          .where(
            and(eq(personIncidents.personSeq, personSeq), eq(personIncidents.incidentSeq, incidentSeq), isNull(personIncidents.removedAt))
          )
          .get() !== undefined
      )
    },
    insertDepicts(values: typeof evidenceDepicts.$inferInsert): void {
      db.insert(evidenceDepicts).values(values).run()
    },
    removeDepicts(seq: number, values: { removedAt: string; removedBy: string; removedLedgerIndex: number; contentSha256: string }): void {
      db.update(evidenceDepicts).set(values).where(eq(evidenceDepicts.seq, seq)).run()
    },
    depictsById: (id: string): DepictsRow | undefined => depictsBase().where(eq(evidenceDepicts.id, id)).get(),
    /** The active link of an exhibit to a person, if any. */
    activeDepicts: (evidenceSeq: number, personSeq: number): DepictsRow | undefined =>
      depictsBase()
        .where(
          and(eq(evidenceDepicts.evidenceSeq, evidenceSeq), eq(evidenceDepicts.personSeq, personSeq), isNull(evidenceDepicts.removedAt))
        )
        .get(),
    /** Active links of exhibits, oldest first. */
    depictsOf: (evidenceSeqs: number[]): DepictsRow[] =>
      evidenceSeqs.length === 0
        ? []
        : depictsBase()
            .where(and(inArray(evidenceDepicts.evidenceSeq, evidenceSeqs), isNull(evidenceDepicts.removedAt)))
            .orderBy(asc(evidenceDepicts.seq))
            .all(),
    insertDerivative(values: typeof evidenceDerivatives.$inferInsert): void {
      db.insert(evidenceDerivatives).values(values).run()
    },
    /** The derivative row of an evidence item that is one. */
    derivationOf: (derivativeSeq: number): DerivativeRow | undefined =>
      db.select().from(evidenceDerivatives).where(eq(evidenceDerivatives.derivativeSeq, derivativeSeq)).get(),
    derivativesOf: (sourceSeq: number): DerivativeRow[] =>
      db.select().from(evidenceDerivatives).where(eq(evidenceDerivatives.sourceSeq, sourceSeq)).orderBy(asc(evidenceDerivatives.seq)).all(),
    evidenceIdOf: (seq: number): string | undefined => db.select({ id: evidence.id }).from(evidence).where(eq(evidence.seq, seq)).get()?.id
  }
}

export type DepictsRepo = ReturnType<typeof depictsRepo>
