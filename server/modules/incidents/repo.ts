import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { incidents, incidentRevisions, incidentFacets, incidentTransitions } from '../../db/schema.ts'
import { clearances } from '../../db/identity-schema.ts'
import { nextReference } from '../../db/references.ts'
import { areaCondition, type GeoArea } from './geo-filter.ts'

export type IncidentRow = typeof incidents.$inferSelect
export type RevisionRow = typeof incidentRevisions.$inferSelect
export type TransitionRow = typeof incidentTransitions.$inferSelect
/** Who may read need-to-know incidents: the recorder and the cleared; the categories and tags that make one. */
export type NeedToKnowViewer = { actor: string; userSeq: number; categories: string[]; tags: readonly string[] }
export type Facet = { facet: string; value: string }
export type SearchText = { title: string; narrative: string; place: string }

export type ListFilter = {
  ftsQuery?: string
  facets: Facet[]
  province?: string
  from?: string
  to?: string
  status?: string
  /** `user:<id>` of the reviewer the incidents are assigned to. */
  assignee?: string
  /**
   * A theme: incidents whose categories carry the tag (`categories`), or tagged with it themselves. An
   * incident's own tags are not shown to whom may not read it, so that match counts only where it may.
   */
  tag?: { value: string; categories: string[]; viewer: NeedToKnowViewer }
  /**
   * Leave out need-to-know incidents this viewer may not read (a full-text hit or a filter on their
   * content would tell what they say). The categories and tags are the need-to-know ones.
   */
  hideNeedToKnowFrom?: NeedToKnowViewer
  /** An area of the map (its callers also hide need-to-know incidents: a position is what they say). */
  area?: GeoArea
  limit: number
  offset: number
}

/** Drizzle queries for incidents. Callers wrap writes in one transaction. */
export function incidentRepo(db: Db) {
  // Counting matches in the FTS index alone is cheap; past this many, the term counts as common.
  const COMMON = 2000
  const commonTerm = (ftsQuery: string): boolean =>
    (db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM incidents_fts WHERE incidents_fts MATCH ${ftsQuery} LIMIT ${COMMON})`
    )?.n ?? 0) >= COMMON

  /** The search's conditions, shared by the list and the map's counts. */
  function whereOf(filter: Omit<ListFilter, 'limit' | 'offset'>): SQL | undefined {
    const where: SQL[] = []
    if (filter.ftsQuery) where.push(sql`${incidents.seq} IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ${filter.ftsQuery})`)
    for (const f of filter.facets) {
      where.push(
        sql`EXISTS (SELECT 1 FROM incident_facets f WHERE f.facet = ${f.facet} AND f.value = ${f.value} AND f.incident_seq = ${incidents.seq})`
      )
    }
    if (filter.province) where.push(eq(incidents.province, filter.province))
    if (filter.from) where.push(sql`${incidents.occurredTo} >= ${filter.from}`)
    if (filter.to) where.push(sql`${incidents.occurredFrom} <= ${filter.to}`)
    const readable = (v: NeedToKnowViewer): SQL => {
      const ntk = sql`EXISTS (SELECT 1 FROM incident_facets f WHERE f.incident_seq = ${incidents.seq} AND (
        (f.facet = 'category' AND f.value IN (${sql.join(
          v.categories.map((c) => sql`${c}`),
          sql`, `
        )}))
        OR (f.facet = 'tag' AND f.value IN (${sql.join(
          v.tags.map((t) => sql`${t}`),
          sql`, `
        )}))))`
      const cleared = sql`EXISTS (SELECT 1 FROM ${clearances} c WHERE c.user_seq = ${v.userSeq} AND c.incident_seq = ${incidents.seq} AND c.revoked_at IS NULL)`
      return sql`(NOT ${ntk} OR ${incidents.createdBy} = ${v.actor} OR ${cleared})`
    }
    if (filter.hideNeedToKnowFrom) where.push(readable(filter.hideNeedToKnowFrom))
    if (filter.tag) {
      const byCategory =
        filter.tag.categories.length > 0
          ? sql`EXISTS (SELECT 1 FROM incident_facets f WHERE f.facet = 'category' AND f.value IN (${sql.join(
              filter.tag.categories.map((c) => sql`${c}`),
              sql`, `
            )}) AND f.incident_seq = ${incidents.seq})`
          : sql`0`
      const byOwnTag = sql`EXISTS (SELECT 1 FROM incident_facets f WHERE f.facet = 'tag' AND f.value = ${filter.tag.value} AND f.incident_seq = ${incidents.seq})`
      where.push(sql`(${byCategory} OR (${byOwnTag} AND ${readable(filter.tag.viewer)}))`)
    }
    if (filter.assignee) where.push(eq(incidents.assignee, filter.assignee))
    if (filter.status === 'retracted') where.push(sql`${incidents.retractedAt} IS NOT NULL`)
    else {
      where.push(sql`${incidents.retractedAt} IS NULL`)
      if (filter.status) where.push(eq(incidents.status, filter.status))
    }
    if (filter.area) where.push(areaCondition(filter.area, sql`${incidents.document}`, sql`${incidents.province}`))
    return and(...where)
  }

  return {
    nextReference: (scope: string): number => nextReference(db, scope),

    insert(values: typeof incidents.$inferInsert): IncidentRow {
      return db.insert(incidents).values(values).returning().get()
    },

    update(seq: number, values: Partial<typeof incidents.$inferInsert>): void {
      db.update(incidents).set(values).where(eq(incidents.seq, seq)).run()
    },

    insertRevision(values: typeof incidentRevisions.$inferInsert): void {
      db.insert(incidentRevisions).values(values).run()
    },

    replaceFacets(seq: number, facets: Facet[]): void {
      db.delete(incidentFacets).where(eq(incidentFacets.incidentSeq, seq)).run()
      if (facets.length > 0) {
        db.insert(incidentFacets)
          .values(facets.map((f) => ({ incidentSeq: seq, ...f })))
          .onConflictDoNothing()
          .run()
      }
    },

    replaceSearchText(seq: number, text: SearchText): void {
      db.run(sql`DELETE FROM incidents_fts WHERE rowid = ${seq}`)
      db.run(
        sql`INSERT INTO incidents_fts (rowid, title, narrative, place) VALUES (${seq}, ${text.title}, ${text.narrative}, ${text.place})`
      )
    },

    insertTransition(values: typeof incidentTransitions.$inferInsert): void {
      db.insert(incidentTransitions).values(values).run()
    },

    transitions(seq: number): TransitionRow[] {
      return db
        .select()
        .from(incidentTransitions)
        .where(eq(incidentTransitions.incidentSeq, seq))
        .orderBy(asc(incidentTransitions.seq))
        .all()
    },

    hasClearance(userSeq: number, incidentSeq: number): boolean {
      return (
        db
          .select({ seq: clearances.seq })
          .from(clearances)
          .where(and(eq(clearances.userSeq, userSeq), eq(clearances.incidentSeq, incidentSeq), isNull(clearances.revokedAt)))
          .get() !== undefined
      )
    },

    byId(id: string): IncidentRow | undefined {
      return db.select().from(incidents).where(eq(incidents.id, id)).get()
    },

    /** The incident this account made under this client id (never another account's). */
    byClientId(createdBy: string, clientId: string): IncidentRow | undefined {
      return db
        .select()
        .from(incidents)
        .where(and(eq(incidents.createdBy, createdBy), eq(incidents.clientId, clientId)))
        .get()
    },

    revisions(seq: number): RevisionRow[] {
      return db
        .select()
        .from(incidentRevisions)
        .where(eq(incidentRevisions.incidentSeq, seq))
        .orderBy(asc(incidentRevisions.revision))
        .all()
    },

    revision(seq: number, revision: number): RevisionRow | undefined {
      return db
        .select()
        .from(incidentRevisions)
        .where(and(eq(incidentRevisions.incidentSeq, seq), eq(incidentRevisions.revision, revision)))
        .get()
    },

    /**
     * Filtered, paginated list. Order is (occurred_from DESC, seq DESC): seq is unique, so pages are
     * stable — no item is skipped or repeated between pages while nothing is written.
     */
    list(filter: ListFilter, countCap: number): { rows: IncidentRow[]; total: number; capped: boolean } {
      const cond = whereOf(filter)
      let rows: IncidentRow[]
      if (filter.ftsQuery && commonTerm(filter.ftsQuery)) {
        // A common term matches a large share of the registry: walk incidents in page order and
        // stop after one page, instead of sorting every match.
        const seqs = db
          .all<{ seq: number }>(sql`SELECT seq FROM incidents INDEXED BY incidents_occurred WHERE ${cond}
          ORDER BY occurred_from DESC, seq DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`)
          .map((r) => r.seq)
        const bySeq = new Map(
          seqs.length
            ? db
                .select()
                .from(incidents)
                .where(inArray(incidents.seq, seqs))
                .all()
                .map((r) => [r.seq, r])
            : []
        )
        rows = seqs.map((q) => bySeq.get(q)).filter((r): r is IncidentRow => r !== undefined)
      } else {
        rows = db
          .select()
          .from(incidents)
          .where(cond)
          .orderBy(sql`${incidents.occurredFrom} DESC`, sql`${incidents.seq} DESC`)
          .limit(filter.limit)
          .offset(filter.offset)
          .all()
      }
      // Counting every match of a very common term is the slow part of a search: stop at a cap.
      const counted = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${incidents} WHERE ${cond} LIMIT ${countCap + 1})`)
      const n = counted?.n ?? 0
      return { rows, total: Math.min(n, countCap), capped: n > countCap }
    },

    /** How many incidents the search finds in each province (for the map). */
    countByProvince(filter: Omit<ListFilter, 'limit' | 'offset'>): { province: string; count: number }[] {
      return db.all<{ province: string; count: number }>(
        sql`SELECT province, count(*) AS count FROM ${incidents} WHERE ${whereOf(filter) ?? sql`1`} GROUP BY province ORDER BY province`
      )
    }
  }
}

export type IncidentRepo = ReturnType<typeof incidentRepo>
