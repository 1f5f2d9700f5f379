import { and, asc, eq, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/open.ts'
import { incidentLinks, incidents } from '../../db/schema.ts'

/** A link with what the rules and the answer need of both ends. */
export type LinkRow = typeof incidentLinks.$inferSelect & {
  fromId: string
  fromReference: string
  fromTitle: string
  fromDocument: unknown
  fromCreatedBy: string
  toId: string
  toReference: string
  toTitle: string
  toDocument: unknown
  toCreatedBy: string
}

const fromInc = alias(incidents, 'from_inc')
const toInc = alias(incidents, 'to_inc')

/** Queries of incident links. Callers wrap writes in one transaction. */
export function linksRepo(db: Db) {
  const base = () =>
    db
      .select({
        seq: incidentLinks.seq,
        id: incidentLinks.id,
        fromIncidentSeq: incidentLinks.fromIncidentSeq,
        toIncidentSeq: incidentLinks.toIncidentSeq,
        type: incidentLinks.type,
        category: incidentLinks.category,
        fromCategory: incidentLinks.fromCategory,
        createdAt: incidentLinks.createdAt,
        createdBy: incidentLinks.createdBy,
        ledgerIndex: incidentLinks.ledgerIndex,
        removedAt: incidentLinks.removedAt,
        removedBy: incidentLinks.removedBy,
        removedLedgerIndex: incidentLinks.removedLedgerIndex,
        contentSha256: incidentLinks.contentSha256,
        fromId: fromInc.id,
        fromReference: fromInc.reference,
        fromTitle: fromInc.title,
        fromDocument: fromInc.document,
        fromCreatedBy: fromInc.createdBy,
        toId: toInc.id,
        toReference: toInc.reference,
        toTitle: toInc.title,
        toDocument: toInc.document,
        toCreatedBy: toInc.createdBy
      })
      .from(incidentLinks)
      .innerJoin(fromInc, eq(fromInc.seq, incidentLinks.fromIncidentSeq))
      .innerJoin(toInc, eq(toInc.seq, incidentLinks.toIncidentSeq))

  return {
    insert(values: typeof incidentLinks.$inferInsert): void {
      db.insert(incidentLinks).values(values).run()
    },
    markRemoved(seq: number, values: { removedAt: string; removedBy: string; removedLedgerIndex: number; contentSha256: string }): void {
      db.update(incidentLinks).set(values).where(eq(incidentLinks.seq, seq)).run()
    },
    byId: (id: string): LinkRow | undefined => base().where(eq(incidentLinks.id, id)).get(),
    /** Every link with this incident at either end, removed ones included, oldest first. */
    ofIncident: (incidentSeq: number): LinkRow[] =>
      base()
        .where(or(eq(incidentLinks.fromIncidentSeq, incidentSeq), eq(incidentLinks.toIncidentSeq, incidentSeq)))
        .orderBy(asc(incidentLinks.seq))
        .all(),
    /** Links not removed with either incident at either end. */
    activeAround: (seqs: number[]): LinkRow[] =>
      base()
        .where(
          and(
            isNull(incidentLinks.removedAt),
            or(
              sql`${incidentLinks.fromIncidentSeq} IN (${sql.join(
                seqs.map((s) => sql`${s}`),
                sql`, `
              )})`,
              sql`${incidentLinks.toIncidentSeq} IN (${sql.join(
                seqs.map((s) => sql`${s}`),
                sql`, `
              )})`
            )
          )
        )
        .all(),
    /** The survivor this incident is merged into (an active duplicate-of link from it). */
    mergedInto(incidentSeq: number): { id: string; reference: string } | undefined {
      return db
        .select({ id: incidents.id, reference: incidents.reference })
        .from(incidentLinks)
        .innerJoin(incidents, eq(incidents.seq, incidentLinks.toIncidentSeq))
        .where(and(eq(incidentLinks.fromIncidentSeq, incidentSeq), eq(incidentLinks.type, 'duplicate-of'), isNull(incidentLinks.removedAt)))
        .get()
    },
    /** Every link whole, for npm run verify's sibling checks and tests. */
    all: (): LinkRow[] => base().orderBy(asc(incidentLinks.seq)).all()
  }
}

export type LinksRepo = ReturnType<typeof linksRepo>
